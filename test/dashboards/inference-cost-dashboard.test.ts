import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AsyncEndpoint, ComponentEndpoint, CostReport, InferenceCostDashboard, ModelImage, RealtimeEndpoint, TieredInferenceApi,
} from '../../lib';
import { lineAt, reportOf, testStack } from '../helpers';
import { PriceUsage } from '../../lib/pricing/price-entry';

const IMAGE = ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310');

function endpoints(stack: Stack): { chat: RealtimeEndpoint; docs: AsyncEndpoint; shared: ComponentEndpoint } {
  const chat = new RealtimeEndpoint(stack, 'Chat', { model: { image: IMAGE }, instanceType: 'ml.g5.xlarge', maxCapacity: 2, maxRequestsPerSecondPerInstance: 10 });
  const docs = new AsyncEndpoint(stack, 'Docs', { model: { image: IMAGE }, instanceType: 'ml.g6e.2xlarge', maxCapacity: 2 });
  const shared = new ComponentEndpoint(stack, 'Shared', {
    instanceType: 'ml.g5.12xlarge', maxInstanceCount: 2,
    components: [{ name: 'a', model: { image: IMAGE }, memoryPerCopyInMb: 1000, maxCopies: 1, maxRequestsPerSecondPerCopy: 1 }],
  });
  return { chat, docs, shared };
}

/** The dashboard body with its tokens resolved, as one string. */
function bodyOf(stack: Stack): string {
  const dashboard = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'))[0] as any;
  const join = dashboard.Properties.DashboardBody['Fn::Join'];
  return join[1].map((p: unknown) => (typeof p === 'string' ? p : JSON.stringify(p))).join(join[0]);
}

describe('InferenceCostDashboard', () => {
  test('cost per 1,000 inferences in metric math with each endpoint\'s hourly price from the price book', () => {
    const { stack } = testStack();
    endpoints(stack);
    const dashboard = new InferenceCostDashboard(stack, 'Costs');
    // the book's prices: ml.g5.xlarge hosting $1.4084, ml.g6e.2xlarge async $2.8026, ml.g5.12xlarge hosting $7.09
    expect(dashboard.hourlyPricesUsd).toEqual({ Chat: 1.4084, Docs: 2.8026, Shared: 7.09 });
    const body = bodyOf(stack);
    expect(body).toContain('IF(inv > 0, (samples / 60) * 1.4084 * 1000 / inv)');
    expect(body).toContain('IF(inv > 0, (samples / 60) * 2.8026 * 1000 / inv)');
    expect(body).toContain('IF(inv > 0, (samples / 60) * 7.09 * 1000 / inv)');
    expect(body).toContain('IF(inv == 0, samples / 60, 0)');
    // running instances from the SampleCount of CPUUtilization; async requests from InvocationsProcesssed
    expect(body).toContain('"/aws/sagemaker/Endpoints","CPUUtilization"');
    expect(body).toContain('"stat":"SampleCount"');
    expect(body).toContain('InvocationsProcesssed');
    expect(body).toContain('Invocation5XXErrors');
    expect(body).toContain('ModelLatency');
    // the prices and their date come first
    expect(body.indexOf('"type":"text"')).toBeLessThan(body.indexOf('"type":"metric"'));
  });

  test('states the prices and their date', () => {
    const { stack } = testStack();
    endpoints(stack);
    new InferenceCostDashboard(stack, 'Costs');
    const body = bodyOf(stack);
    // testStack() prices over the test price cache (test/helpers.ts), so the dashboard names a refreshed cache.
    expect(body).toContain(`refreshed price cache of ${CostReport.of(stack).priceBook.origin.date}`);
    expect(body).toContain('Chat: ml.g5.xlarge real-time hosting, $1.4084 per instance-hour in us-east-1 (price dated 2025-01-26)');
    expect(body).toContain('Docs: ml.g6e.2xlarge asynchronous inference, $2.8026 per instance-hour in us-east-1');
  });

  test('an endpoint with no price in the book is shown without a cost, and says why', () => {
    const { stack } = testStack('eu-central-1');
    const image = ModelImage.fromImageUri('763104351884.dkr.ecr.eu-central-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310');
    new RealtimeEndpoint(stack, 'Chat', { model: { image }, instanceType: 'ml.g5.xlarge', maxCapacity: 2, maxRequestsPerSecondPerInstance: 10 });
    const dashboard = new InferenceCostDashboard(stack, 'Costs', { costPerThousandAlarmUsd: 1 });
    expect(dashboard.hourlyPricesUsd).toEqual({});
    expect(dashboard.alarms).toEqual([]);
    expect(bodyOf(stack)).toContain('Chat: no price (');
  });

  test('alarms when cost per 1,000 inferences stays above the threshold for the given hours', () => {
    const { stack } = testStack();
    endpoints(stack);
    const dashboard = new InferenceCostDashboard(stack, 'Costs', { costPerThousandAlarmUsd: 0.5, alarmEvaluationHours: 4 });
    expect(dashboard.alarms).toHaveLength(3);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0.5, EvaluationPeriods: 4, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
      Metrics: [
        { Id: 'expr_1', Expression: 'IF(inv > 0, (samples / 60) * 1.4084 * 1000 / inv)', Label: 'USD per 1,000 inferences' },
        { Id: 'samples', ReturnData: false, MetricStat: { Metric: { Namespace: '/aws/sagemaker/Endpoints', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'EndpointName', Value: { 'Fn::GetAtt': [stack.getLogicalId(stack.node.findChild('Chat').node.findChild('Resource') as any), 'EndpointName'] } }, { Name: 'VariantName', Value: 'AllTraffic' }] }, Period: 3600, Stat: 'SampleCount' } },
        { Id: 'inv', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Dimensions: [{ Name: 'EndpointName', Value: { 'Fn::GetAtt': [stack.getLogicalId(stack.node.findChild('Chat').node.findChild('Resource') as any), 'EndpointName'] } }, { Name: 'VariantName', Value: 'AllTraffic' }] }, Period: 3600, Stat: 'Sum' } },
      ],
    });
  });

  test('shows each TieredInferenceApi: requests, errors, latency, the async queue and its dead letters', () => {
    const { stack } = testStack();
    const { chat, docs } = endpoints(stack);
    new TieredInferenceApi(stack, 'Api', { realtime: chat, async: docs, throttle: { rateLimitPerSecond: 5, burstLimit: 10 } });
    new InferenceCostDashboard(stack, 'Costs');
    const body = bodyOf(stack);
    expect(body).toContain('Api: API requests and errors (Realtime, Async)');
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
    expect(body).toContain('NumberOfMessagesSent');
  });

  test('priced: the dashboard and each alarm, from the price book; unpriced with the reason where the book has no entry', () => {
    const { app, stack } = testStack();
    endpoints(stack);
    new InferenceCostDashboard(stack, 'Costs', { costPerThousandAlarmUsd: 1 });
    const report = reportOf(app);
    // one dashboard-month × $3
    expect(lineAt(report, 'TestStack/Costs/Resource').monthlyUsd).toEqual({ floor: 3, expected: 3, ceiling: 3 });
    // each alarm: 2 metrics × $0.10
    expect(lineAt(report, 'TestStack/Costs/ChatCostPerThousand/Resource').monthlyUsd).toEqual({ floor: 0.2, expected: 0.2, ceiling: 0.2 });

    expect(lineAt(report, 'TestStack/Costs/Resource').price).toMatchObject({ usage: PriceUsage.DASHBOARD_MONTH, date: '2025-11-06' });

    // sa-east-1 is outside the book's regions: no dashboard price there, so the line is unpriced (not $0)
    const other = testStack('sa-east-1');
    new InferenceCostDashboard(other.stack, 'Costs');
    const line = lineAt(reportOf(other.app), 'TestStack/Costs/Resource');
    expect(line.priced).toBe(false);
    expect(line.reason).toContain('dashboard');
  });

  test('fails when the threshold or the hours are out of range', () => {
    const { stack } = testStack();
    expect(() => new InferenceCostDashboard(stack, 'Costs', { costPerThousandAlarmUsd: -1, alarmEvaluationHours: 0 })).toThrow([
      'Invalid InferenceCostDashboard props at TestStack/Costs:',
      '  - costPerThousandAlarmUsd must be a number of USD above 0, got: -1',
      '  - alarmEvaluationHours must be a whole number of hours from 1 to 24, got: 0',
    ].join('\n'));
  });

});
