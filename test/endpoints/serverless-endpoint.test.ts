import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ModelImage, PriceBook, ServerlessEndpoint, ServerlessEndpointProps, TrafficProfile } from '../../lib';
import { addChecks } from '../../examples/shared/checks';
import { lineAt, reportOf, TEST_PRICE_CACHE, testApp, testStack } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

// The built snapshot has no citable serverless figure: these tests price over the test price cache.
const GB_SECOND = PriceBook.load(TEST_PRICE_CACHE).lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.SERVERLESS_COMPUTE, region: 'us-east-1', sku: 'serverless' });
const PER_GB_SECOND = 0.00002; // SageMaker serverless inference compute, us-east-1

function serverless(stack: Stack, props: Partial<ServerlessEndpointProps> = {}, id = 'Classifier'): ServerlessEndpoint {
  return new ServerlessEndpoint(stack, id, {
    model: { image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/classifier:v1') },
    ...props,
  });
}

describe('ServerlessEndpoint', () => {
  test('a traffic profile with a payload size adds the serverless data processed line, unpriced with the reason while the book has no rate', () => {
    // GIVEN 0.5 requests/s with 100 KB in and 20 KB out
    const { app, stack } = testStack();
    serverless(stack, { traffic: TrafficProfile.constant({ requestsPerSecond: 0.5 }).withPayloadSize({ requestSizeInKb: 100, responseSizeInKb: 20 }) });
    // WHEN
    const data = reportOf(app).lines.find(l => l.component === 'AllTraffic/data-processed')!;
    // THEN 0.5 × 3600 × 730 = 1,314,000 requests × 120 KB ÷ 1024² = 150.38 GB
    expect(data.description).toBe('serverless data processed in and out, variant AllTraffic');
    expect(data.priced).toBe(false);
    expect(data.reason).toContain("no SageMaker serverless-data price for 'serverless' in the price book");
    expect(data.assumptions).toContain('150.38 GB a month in and out, billed per GB');
  });

    test('the us-east-1 serverless compute price these tests use is the test price cache entry', () => {
    expect(GB_SECOND.entry?.priceUsd).toBe(PER_GB_SECOND);
  });

  test('creates a serverless variant with 2048 MB and max concurrency 5 by default, tagged Serverless', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    serverless(stack);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [{
        VariantName: 'AllTraffic', ModelName: Match.anyValue(),
        ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
      }],
    });
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { Tags: [{ Key: 'InferenceType', Value: 'Serverless' }] });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('prices requests × time × memory in GB-seconds; ceiling is every slot busy all month', () => {
    // GIVEN 0.5 requests/s around the clock, 1 s each, 2 GB
    const { app, stack } = testStack();
    const ep = serverless(stack, { traffic: TrafficProfile.constant({ requestsPerSecond: 0.5 }) });
    // WHEN
    const line = lineAt(reportOf(app), 'TestStack/Classifier/Config');
    // THEN 0.5 × 3600 × 730 = 1,314,000 requests × 1 s × 2 GB = 2,628,000 GB-s × $0.00002 = $52.56
    const gbSeconds = 0.5 * 3600 * 730 * 1 * 2;
    expect(ep.gbSecondsPerMonth).toBeCloseTo(gbSeconds, 4);
    expect(line.price).toMatchObject({ usage: PriceUsage.SERVERLESS_COMPUTE, sku: 'serverless' });
    expect(line.monthlyUsd.floor).toBe(0);
    expect(line.monthlyUsd.expected).toBeCloseTo(gbSeconds * PER_GB_SECOND, 2);
    // ceiling 2 GB × 5 slots × 730 h × 3600 s × $0.00002 = $525.60
    expect(line.monthlyUsd.ceiling).toBeCloseTo(2 * 5 * 730 * 3600 * PER_GB_SECOND, 2);
    expect(line.assumptions).toContain('peak concurrency 0.5 of 5');
    // The data processed is billed too; the embedded book has no rate for it, and the line says so.
    expect(line.assumptions).toContain('data processed in and out (billed per GB) is not included: no payload size stated (TrafficProfile.withPayloadSize)');
  });

  test('a daily peak: GB-seconds follow the requests of the month, and a peak above maxConcurrency is reported', () => {
    // GIVEN 20 requests/s for 2 h a day, 0.1 otherwise, 0.5 s each, 4 GB
    const { app, stack } = testStack();
    serverless(stack, {
      memorySizeInMb: 4096, inferenceTimePerRequest: Duration.millis(500),
      traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 20, peakHoursPerDay: 2, offPeakRequestsPerSecond: 0.1 }),
    });
    // WHEN
    const line = lineAt(reportOf(app), 'TestStack/Classifier/Config');
    // THEN average (2 × 20 + 22 × 0.1) / 24 requests/s × 3600 × 730 × 0.5 s × 4 GB × $0.00002
    const requests = (2 * 20 + 22 * 0.1) / 24 * 3600 * 730;
    expect(line.monthlyUsd.expected).toBeCloseTo(requests * 0.5 * 4 * PER_GB_SECOND, 2);
    // peak 20 requests/s × 0.5 s = 10 concurrent > 5
    expect(line.assumptions).toContain('peak concurrency 10 exceeds maxConcurrency 5: requests above it are throttled');
  });

  test('provisioned concurrency is deployed and leaves the line unpriced (no rate in the price book)', () => {
    // GIVEN
    const { app, stack } = testStack();
    // WHEN
    serverless(stack, { provisionedConcurrency: 2 });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5, ProvisionedConcurrency: 2 } })],
    });
    expect(lineAt(reportOf(app), 'TestStack/Classifier/Config').priced).toBe(false);
  });

  test('synthesizes clean under cdk-nag AwsSolutions and the CostAware pack', () => {
    // GIVEN
    const app = testApp();
    addChecks(app, { requireBudget: false }); // budgets are BudgetGuard's subject, not this construct's
    const stack = new Stack(app, 'Nag', { env: { region: 'us-east-1', account: '123456789012' } });
    serverless(stack, { traffic: TrafficProfile.constant({ requestsPerSecond: 1 }) });
    // WHEN / THEN a violation would make synth throw
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when the memory size is not an allowed size', () => {
    const { stack } = testStack();
    expect(() => serverless(stack, { memorySizeInMb: 1500 })).toThrow('memorySizeInMb must be one of 1024, 2048, 3072, 4096, 5120, 6144, got: 1500');
  });

  test('fails when concurrency settings are out of range, listing every problem', () => {
    const { stack } = testStack();
    expect(() => serverless(stack, { maxConcurrency: 201, provisionedConcurrency: 300, inferenceTimePerRequest: Duration.seconds(90) })).toThrow([
      'Invalid ServerlessEndpoint props at TestStack/Classifier:',
      '  - maxConcurrency must be a whole number from 1 to 200, got: 201',
      '  - provisionedConcurrency must be a whole number from 1 to maxConcurrency (201), got: 300',
      '  - inferenceTimePerRequest must be above 0 and at most 60 seconds, got: 1 minute 30 seconds',
    ].join('\n'));
  });
});
