import { CfnParameter, Duration, Stack, TimeZone, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CostAwareChecks, ModelData, ModelImage, PriceBook, RealtimeEndpoint, RealtimeEndpointProps, TrafficProfile, WindowDays } from '../../lib';
import { addChecks } from '../../examples/shared/checks';
import { lineAt, reportOf, testApp, testStack } from '../helpers';
import { InstanceTypeUse, catalogSource } from '../../lib/catalog/instance-catalog';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

const DLC = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310';
const G5_XLARGE = PriceBook.snapshot().lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlarge' });
const HOURLY = 1.4084; // ml.g5.xlarge real-time hosting, us-east-1, per instance-hour

function endpoint(stack: Stack, props: Partial<RealtimeEndpointProps> = {}, id = 'Recommender'): RealtimeEndpoint {
  return new RealtimeEndpoint(stack, id, {
    model: {
      image: ModelImage.fromImageUri(DLC),
      modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(stack, `${id}Models`, 'my-models'), 'recommender/model.tar.gz'),
    },
    instanceType: 'ml.g5.xlarge',
    maxCapacity: 4,
    maxRequestsPerSecondPerInstance: 40,
    ...props,
  });
}

describe('RealtimeEndpoint', () => {
  test('the ml.g5.xlarge us-east-1 hosting price these tests use is the price-book entry', () => {
    expect(G5_XLARGE.entry?.priceUsd).toBe(HOURLY);
    expect(G5_XLARGE.entry?.unit).toBe('instance-hour');
  });

  describe('template', () => {
    test('creates a model, a one-variant config starting at minCapacity, and a named endpoint', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = endpoint(stack);
      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SageMaker::Model', 1);
      template.hasResourceProperties('AWS::SageMaker::Model', {
        ExecutionRoleArn: { 'Fn::GetAtt': [stack.getLogicalId(ep.inferenceModel.role.node.defaultChild as iam.CfnRole), 'Arn'] },
        PrimaryContainer: { Image: DLC, ModelDataUrl: 's3://my-models/recommender/model.tar.gz' },
      });
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [{
          VariantName: 'AllTraffic', InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 1, InitialVariantWeight: 1,
          ModelName: { 'Fn::GetAtt': [stack.getLogicalId(ep.model), 'ModelName'] },
        }],
      });
      template.hasResourceProperties('AWS::SageMaker::Endpoint', {
        EndpointName: Match.stringLikeRegexp('^TestStack-Recommender-[A-Z0-9]{8}$'),
        EndpointConfigName: { 'Fn::GetAtt': [stack.getLogicalId(ep.endpointConfig), 'EndpointConfigName'] },
      });
    });

    test('scales the variant between minCapacity and maxCapacity, naming the endpoint by GetAtt, with the service-linked role', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = endpoint(stack, { minCapacity: 2, maxCapacity: 6 });
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'sagemaker',
        ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        MinCapacity: 2,
        MaxCapacity: 6,
        ResourceId: { 'Fn::Join': ['', ['endpoint/', { 'Fn::GetAtt': [stack.getLogicalId(ep.endpoint), 'EndpointName'] }, '/variant/AllTraffic']] },
        RoleARN: Match.absent(),
      });
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { ProductionVariants: [Match.objectLike({ InitialInstanceCount: 2 })] });
      // No role for Application Auto Scaling: only the model's execution role exists.
      template.resourceCountIs('AWS::IAM::Role', 1);
    });

    test('tracks SageMakerVariantInvocationsPerInstance at 70% of measured throughput, per minute, with 300 s / 60 s cooldowns', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = endpoint(stack, { maxRequestsPerSecondPerInstance: 40 });
      // THEN 40 requests/s × 0.7 × 60 s = 1680 invocations per instance per minute
      expect(ep.targetInvocationsPerInstancePerMinute).toBe(40 * 0.7 * 60);
      Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: stack.getLogicalId(ep.scalableTarget!.node.defaultChild as any) },
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
          TargetValue: 1680,
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
      });
    });

    test('takes targetUtilization and cooldowns from props', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      endpoint(stack, { targetUtilization: 0.5, scaleInCooldown: Duration.minutes(10), scaleOutCooldown: Duration.seconds(30) });
      // THEN 40 × 0.5 × 60 = 1200
      Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 1200, ScaleInCooldown: 600, ScaleOutCooldown: 30 }),
      });
    });

    test('deploys a scheduled window as two scheduled actions in its timezone', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      endpoint(stack, {
        minCapacity: 2,
        scheduledCapacity: [{ name: 'Nights', startHour: 22, endHour: 6, days: WindowDays.WEEKDAYS, minCapacity: 1, maxCapacity: 2, timeZone: TimeZone.EUROPE_PARIS }],
      });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ScheduledActions: [
          { ScheduledActionName: 'NightsStart', Schedule: 'cron(0 22 ? * MON-FRI *)', Timezone: 'Europe/Paris', ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 } },
          { ScheduledActionName: 'NightsEnd', Schedule: 'cron(0 6 ? * TUE-SAT *)', Timezone: 'Europe/Paris', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 4 } },
        ],
      });
    });

    test('creates no scaling when minCapacity equals maxCapacity', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = endpoint(stack, { minCapacity: 3, maxCapacity: 3 });
      // THEN
      expect(ep.scalableTarget).toBeUndefined();
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
      template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { ProductionVariants: [Match.objectLike({ InitialInstanceCount: 3 })] });
    });

    test('tags every taggable resource InferenceType=Realtime', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      endpoint(stack);
      // THEN
      const template = Template.fromStack(stack);
      for (const type of ['AWS::SageMaker::Model', 'AWS::SageMaker::EndpointConfig', 'AWS::SageMaker::Endpoint', 'AWS::IAM::Role', 'AWS::ApplicationAutoScaling::ScalableTarget']) {
        template.hasResourceProperties(type, { Tags: Match.arrayWith([{ Key: 'InferenceType', Value: 'Realtime' }]) });
      }
    });

    test('grantInvoke allows sagemaker:InvokeEndpoint on this endpoint only', () => {
      // GIVEN
      const { stack } = testStack();
      const ep = endpoint(stack);
      const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
      // WHEN
      ep.grantInvoke(caller);
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: stack.getLogicalId(caller.node.defaultChild as iam.CfnRole) }],
        PolicyDocument: { Statement: [{ Action: 'sagemaker:InvokeEndpoint', Effect: 'Allow', Resource: { Ref: stack.getLogicalId(ep.endpoint) } }] },
      });
    });

    test('metric helpers name the endpoint and variant', () => {
      // GIVEN
      const { stack } = testStack();
      const ep = endpoint(stack);
      // WHEN
      const metric = ep.metricInvocationsPerInstance();
      // THEN
      expect(metric.namespace).toBe('AWS/SageMaker');
      expect(metric.metricName).toBe('InvocationsPerInstance');
      expect(metric.statistic).toBe('Sum');
      expect(stack.resolve(metric.dimensions)).toEqual({
        EndpointName: { 'Fn::GetAtt': [stack.getLogicalId(ep.endpoint), 'EndpointName'] }, VariantName: 'AllTraffic',
      });
      expect(ep.metricModelLatency().metricName).toBe('ModelLatency');
      expect(ep.metricInvocations().statistic).toBe('Sum');
      expect(ep.metricInvocation5XXErrors().metricName).toBe('Invocation5XXErrors');
    });

    test('synthesizes clean under cdk-nag AwsSolutions and the CostAware pack', () => {
      // GIVEN
      const app = testApp();
      addChecks(app, { requireBudget: false }); // budgets are BudgetGuard's subject, not this construct's
      const stack = new Stack(app, 'Nag', { env: { region: 'us-east-1', account: '123456789012' } });
      endpoint(stack, { traffic: TrafficProfile.constant({ requestsPerSecond: 30 }) });
      // WHEN / THEN a violation would make synth throw
      expect(() => app.synth()).not.toThrow();
    });
  });

  describe('cost', () => {
    test('constant traffic: ceil(load / target) instances every hour; floor and ceiling are min and max all month', () => {
      // GIVEN 50 requests/s; target 40 × 0.7 = 28 requests/s per instance → ceil(50 / 28) = 2 instances
      const { app, stack } = testStack();
      const ep = endpoint(stack, { minCapacity: 1, maxCapacity: 4, traffic: TrafficProfile.constant({ requestsPerSecond: 50 }) });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Recommender/Config');
      // THEN
      expect(ep.simulation!.averageInstances).toBe(2);
      expect(line.price).toMatchObject({ region: 'us-east-1', sku: 'ml.g5.xlarge', usage: PriceUsage.HOSTING });
      expect(line.quantity).toBeCloseTo(2 * 730, 4);
      // floor 1 × 730 h × $1.4084; expected 2 × 730 × $1.4084; ceiling 4 × 730 × $1.4084
      expect(line.monthlyUsd.floor).toBeCloseTo(1 * 730 * HOURLY, 2);
      expect(line.monthlyUsd.expected).toBeCloseTo(2 * 730 * HOURLY, 2);
      expect(line.monthlyUsd.ceiling).toBeCloseTo(4 * 730 * HOURLY, 2);
      expect(line.assumptions).toContain('autoscaled between 1 and 4 instances by TestStack/Recommender/ScalableTarget/Resource');
      expect(line.assumptions).toContain('traffic: constant 50 requests/s');
      expect(line.assumptions).toContain('average 2 instances (1,460 instance-hours a month)');
      expect(line.assumptions.join('\n')).toContain('28 requests/s (1,680 invocations per instance per minute)');
    });

    test('daily peak: 2 peak hours at ceil(100 / 28) = 4 instances, 22 hours at ceil(10 / 28) = 1', () => {
      // GIVEN
      const { app, stack } = testStack();
      endpoint(stack, {
        maxCapacity: 4,
        traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 100, peakHoursPerDay: 2, offPeakRequestsPerSecond: 10 }),
      });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Recommender/Config');
      // THEN average (2 × 4 + 22 × 1) / 24 = 1.25 instances → 1.25 × 730 h × $1.4084
      const average = (2 * 4 + 22 * 1) / 24;
      expect(line.monthlyUsd.expected).toBeCloseTo(average * 730 * HOURLY, 2);
      expect(line.monthlyUsd.floor).toBeCloseTo(1 * 730 * HOURLY, 2);
      expect(line.monthlyUsd.ceiling).toBeCloseTo(4 * 730 * HOURLY, 2);
      expect(line.assumptions).toContain('average 1.25 instances (912.5 instance-hours a month)');
    });

    test('hourly profile: each hour of the day at its own instance count', () => {
      // GIVEN 8 night hours at 5 requests/s (1 instance), 10 day hours at 40 (ceil(40/28) = 2),
      // 4 evening hours at 90 (ceil(90/28) = 4), 2 late hours at 20 (1)
      const day = [...new Array(8).fill(5), ...new Array(10).fill(40), ...new Array(4).fill(90), ...new Array(2).fill(20)];
      const { app, stack } = testStack();
      endpoint(stack, { maxCapacity: 5, traffic: TrafficProfile.hourly(day) });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Recommender/Config');
      // THEN (8 × 1 + 10 × 2 + 4 × 4 + 2 × 1) / 24 = 46 / 24 instances on average
      expect(line.monthlyUsd.expected).toBeCloseTo((8 * 1 + 10 * 2 + 4 * 4 + 2 * 1) / 24 * 730 * HOURLY, 2);
      expect(line.monthlyUsd.ceiling).toBeCloseTo(5 * 730 * HOURLY, 2);
    });

    test('peaks above maxCapacity are clamped to it, and the report says demand exceeds it', () => {
      // GIVEN 200 requests/s needs ceil(200 / 28) = 8 instances but maxCapacity is 4
      const { app, stack } = testStack();
      endpoint(stack, { traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 200, peakHoursPerDay: 3, offPeakRequestsPerSecond: 0 }) });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Recommender/Config');
      // THEN (3 × 4 + 21 × 1) / 24 instances
      expect(line.monthlyUsd.expected).toBeCloseTo((3 * 4 + 21 * 1) / 24 * 730 * HOURLY, 2);
      expect(line.assumptions).toContain('demand exceeds what maxCapacity serves at target in 12.5% of hours: instances then run above target');
    });

    test('scheduled windows lower the instance count in the hours they cover', () => {
      // GIVEN constant 50 requests/s (2 instances) but nights 0:00-6:00 capped at 1 instance
      const { app, stack } = testStack();
      endpoint(stack, {
        minCapacity: 1,
        traffic: TrafficProfile.constant({ requestsPerSecond: 50 }),
        scheduledCapacity: [{ name: 'Nights', startHour: 0, endHour: 6, minCapacity: 1, maxCapacity: 1 }],
      });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Recommender/Config');
      // THEN (6 × 1 + 18 × 2) / 24 instances
      expect(line.monthlyUsd.expected).toBeCloseTo((6 * 1 + 18 * 2) / 24 * 730 * HOURLY, 2);
    });

    test('a scheduled window below minCapacity lowers the floor and lets expected go below minCapacity', () => {
      // GIVEN min 2 by day; nights 1:00-7:00 at [1, 2]; 15 requests/s (1 instance at target) with a 2-hour peak at 100 (4)
      const { app, stack } = testStack();
      endpoint(stack, {
        minCapacity: 2, maxCapacity: 6,
        traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 100, peakHoursPerDay: 2, peakStartHour: 19, offPeakRequestsPerSecond: 15 }),
        scheduledCapacity: [{ name: 'Nights', startHour: 1, endHour: 7, minCapacity: 1, maxCapacity: 2 }],
      });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Recommender/Config');
      // THEN 2 peak hours × 4 + 6 night hours × 1 + 16 hours × 2 = 46 instance-hours a day → 46 / 24 × 730 × $1.4084 = $1,970.59
      expect(line.monthlyUsd.expected).toBeCloseTo(46 / 24 * 730 * HOURLY, 2);
      // floor: the minimum in force each hour, 2 by day and 1 for the 6 night hours: (18 × 2 + 6 × 1) / 24
      expect(line.monthlyUsd.floor).toBeCloseTo((18 * 2 + 6 * 1) / 24 * 730 * HOURLY, 2);
      // ceiling: the maximum in force each hour, 6 by day and 2 at night: (18 × 6 + 6 × 2) / 24
      expect(line.monthlyUsd.ceiling).toBeCloseTo((18 * 6 + 6 * 2) / 24 * 730 * HOURLY, 2);
      expect(line.assumptions.some(a => a.startsWith('scheduled actions: NightsStart'))).toBe(true);
    });

    test('without a traffic profile, expects minCapacity all month', () => {
      // GIVEN
      const { app, stack } = testStack();
      endpoint(stack, { minCapacity: 2 });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Recommender/Config');
      // THEN 2 × 730 × $1.4084
      expect(line.monthlyUsd.expected).toBeCloseTo(2 * 730 * HOURLY, 2);
      expect(line.assumptions).toContain('no traffic profile recorded: expected assumes InitialInstanceCount 2, clamped to the bounds in force, 2 instance(s) on average');
    });

    test('a fixed count (min = max) costs that count all month at every bound', () => {
      // GIVEN
      const { app, stack } = testStack();
      endpoint(stack, { minCapacity: 4, maxCapacity: 4, traffic: TrafficProfile.constant({ requestsPerSecond: 10 }) });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Recommender/Config');
      // THEN 4 × 730 × $1.4084 = $4,112.53 at floor, expected and ceiling
      expect(line.monthlyUsd).toEqual({ floor: 4112.53, expected: 4112.53, ceiling: 4112.53 });
      expect(line.assumptions).toContain('no autoscaling: InitialInstanceCount 4 running all month');
    });

    test('a token instance type skips validation and leaves the line unpriced', () => {
      // GIVEN
      const { app, stack } = testStack();
      const type = new CfnParameter(stack, 'InstanceType', { default: 'ml.g5.xlarge' });
      // WHEN
      endpoint(stack, { instanceType: type.valueAsString, traffic: TrafficProfile.constant({ requestsPerSecond: 10 }) });
      // THEN
      const line = lineAt(reportOf(app), 'TestStack/Recommender/Config');
      expect(line.priced).toBe(false);
      expect(line.reason).toContain('InstanceType is not known at synth time');
    });
  });

  describe('advice', () => {
    test('records its traffic so CostAwareChecks can say a mostly idle GPU endpoint would be cheaper async', () => {
      // GIVEN: 2 requests/s for 2 hours a day, 0.1 off-peak; one instance kept at 28 requests/s (70% of 40)
      const { app, stack } = testStack();
      new CostAwareChecks(app);
      // WHEN
      endpoint(stack, { traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 2, peakHoursPerDay: 2, offPeakRequestsPerSecond: 0.1 }) });
      const advice = reportOf(app).recommendations.filter(r => r.id === 'CostAware-Advice-LowUtilization');
      // THEN: busy = (2 × 2 + 22 × 0.1) / (24 × 1 × 28) = 6.2 / 672 = 0.92%, shown to one decimal
      expect(advice).toHaveLength(1);
      expect(advice[0].path).toBe('TestStack/Recommender/Config');
      expect(advice[0].message).toContain('ml.g5.xlarge real-time variant AllTraffic is 0.9% busy');
    });

    test('gives no such advice when the traffic keeps the endpoint busy', () => {
      // GIVEN: a constant 25 requests/s on one instance kept at 28 → 89% busy
      const { app, stack } = testStack();
      new CostAwareChecks(app);
      // WHEN
      endpoint(stack, { traffic: TrafficProfile.constant({ requestsPerSecond: 25 }) });
      // THEN
      expect(reportOf(app).recommendations.filter(r => r.id === 'CostAware-Advice-LowUtilization')).toEqual([]);
    });
  });

  describe('validation', () => {
    test('fails when maxCapacity is below minCapacity', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { minCapacity: 2, maxCapacity: 1 })).toThrow('maxCapacity must be at least minCapacity (2), got: 1');
    });

    test('fails when targetUtilization is outside (0, 1]', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { targetUtilization: 0 }, 'A')).toThrow('targetUtilization must be in (0, 1], got: 0');
      expect(() => endpoint(stack, { targetUtilization: 1.5 }, 'B')).toThrow('targetUtilization must be in (0, 1], got: 1.5');
    });

    test('fails when a burstable type would be autoscaled', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { instanceType: 'ml.t2.medium', minCapacity: 1, maxCapacity: 2 }))
        .toThrow("instanceType 'ml.t2.medium' is a burstable type, which SageMaker cannot autoscale");
    });

    test('accepts a burstable type at a fixed count', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { instanceType: 'ml.t2.medium', minCapacity: 1, maxCapacity: 1 })).not.toThrow();
    });

    test('fails when the instance type does not exist, with close matches', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { instanceType: 'ml.g5.xlage' }))
        .toThrow(`instanceType: 'ml.g5.xlage' is not an instance type SageMaker hosting (real-time and async endpoints) offers; ` +
          `expected one such as 'ml.g5.xlarge' from ${catalogSource(InstanceTypeUse.HOSTING)}; did you mean 'ml.g5.xlarge'?`);
    });

    test('fails when a scheduled window goes to zero or above maxCapacity', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { scheduledCapacity: [{ name: 'Nights', startHour: 0, endHour: 6, minCapacity: 0, maxCapacity: 8 }] }))
        .toThrow(/scheduledCapacity\[0\]\.minCapacity must be at least 1 .*got: 0\n  - scheduledCapacity\[0\]\.maxCapacity must be at most maxCapacity \(4\), got: 8/);
    });

    test('fails once with every problem listed', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { instanceType: 'ml.g5.xlage', minCapacity: 0, maxCapacity: 0, maxRequestsPerSecondPerInstance: -1, targetUtilization: 2, variantName: 'bad_name' }))
        .toThrow([
          'Invalid RealtimeEndpoint props at TestStack/Recommender:',
          "  - instanceType: 'ml.g5.xlage' is not an instance type SageMaker hosting (real-time and async endpoints) offers; " +
            `expected one such as 'ml.g5.xlarge' from ${catalogSource(InstanceTypeUse.HOSTING)}; did you mean 'ml.g5.xlarge'?`,
          '  - minCapacity must be a whole number of at least 1, got: 0',
          '  - maxCapacity must be a whole number of at least 1, got: 0',
          '  - maxRequestsPerSecondPerInstance must be a number of requests per second above 0, got: -1',
          '  - targetUtilization must be in (0, 1], got: 2',
          "  - variantName must be 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit, got: 'bad_name' (e.g. 'bad-name')",
        ].join('\n'));
    });
  });
});
