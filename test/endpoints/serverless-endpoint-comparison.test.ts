import { Duration, Stack } from 'aws-cdk-lib';
import { CostLineData, ModelImage, ServerlessEndpoint, ServerlessEndpointProps, Substrate, TrafficProfile } from '../../lib';
import { alternativeOf, linesAt, reportOf, testRate, testStack } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

// Hand computation over the test price cache: every figure is written as the formula it comes from.
const HOURS = 730;
const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const BEDROCK = { modelId: HAIKU, inputTokensPerRequest: 1000, outputTokensPerRequest: 200 };
const REQUESTS_AT_2_RPS = 2 * 3600 * HOURS; // 5,256,000 a month
const cents = (v: number): number => Math.round(v * 100) / 100;

function serverless(stack: Stack, props: Partial<ServerlessEndpointProps> = {}): ServerlessEndpoint {
  return new ServerlessEndpoint(stack, 'Serverless', {
    model: { image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/classifier:v1') },
    traffic: TrafficProfile.constant({ requestsPerSecond: 2 }),
    ...props,
  });
}

function variantLine(stack: Stack, app: Parameters<typeof reportOf>[0]): CostLineData {
  const found = linesAt(reportOf(app), `${stack.stackName}/Serverless/Config`).filter(l => l.component === 'AllTraffic');
  if (found.length !== 1) throw new Error(`expected the variant line, found ${found.length}`);
  return found[0];
}

const REALTIME_G5 = { instanceType: 'ml.g5.xlarge', maxRequestsPerSecondPerInstance: 2 };

describe('ServerlessEndpoint compareWith', () => {
  test('the deployed serverless endpoint is priced by the substrate model, as its own line: 5,256,000 requests × 1 s × 2 GB × the GB-second rate', () => {
    // GIVEN 2 requests/s, 2,048 MB, 1 s per request (the defaults)
    const { app, stack } = testStack();
    serverless(stack, { compareWith: { endpoint: REALTIME_G5, bedrock: BEDROCK } });
    // WHEN
    const line = variantLine(stack, app);
    // THEN 10,512,000 GB-seconds × $0.00002 = $210.24, the cheapest
    const gbSecond = testRate(PriceService.SAGEMAKER, PriceUsage.SERVERLESS_COMPUTE, 'serverless');
    expect(cents(REQUESTS_AT_2_RPS * 1 * 2 * gbSecond)).toBe(210.24);
    expect(line.substrate).toMatchObject({
      substrate: 'sagemaker-serverless', priced: true, expectedMonthlyUsd: 210.24, cheapest: true, description: 'SageMaker serverless endpoint, 2048 MB',
    });
    expect(line.substrate!.expectedMonthlyUsd).toBe(line.monthlyUsd.expected);
    expect(line.cheapestSubstrate).toBe('sagemaker-serverless');
    // real-time: ceil(2 ÷ 1.4) = 2 × 730 h × $1.4084; Bedrock on-demand: 5,256,000 × (1,000 × $0.8 + 200 × $4) ÷ 1M
    expect(alternativeOf(line, Substrate.REALTIME_ENDPOINT)).toMatchObject({
      priced: true, expectedMonthlyUsd: cents(2 * HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g5.xlarge')),
    });
    expect(alternativeOf(line, Substrate.BEDROCK_ON_DEMAND)).toMatchObject({ priced: true, expectedMonthlyUsd: 8409.6 });
    // no alternative is the deployed substrate itself
    expect(line.alternatives!.map(a => a.substrate)).not.toContain('sagemaker-serverless');
  });

  test('the break-even against real-time: 6 GB for 10 s a request costs s × $6,307.20, one real-time instance $1,028.13, equal at ×0.163', () => {
    // GIVEN a heavy model: 6,144 MB, 10 s per request
    const { app, stack } = testStack();
    serverless(stack, {
      memorySizeInMb: 6144, inferenceTimePerRequest: Duration.seconds(10), maxConcurrency: 50,
      compareWith: { substrates: [Substrate.REALTIME_ENDPOINT], endpoint: REALTIME_G5 },
    });
    // WHEN
    const line = variantLine(stack, app);
    // THEN 5,256,000 × 10 s × 6 GB × $0.00002 = $6,307.20
    const serverlessUsd = REQUESTS_AT_2_RPS * 10 * 6 * testRate(PriceService.SAGEMAKER, PriceUsage.SERVERLESS_COMPUTE, 'serverless');
    expect(cents(serverlessUsd)).toBe(6307.2);
    expect(line.substrate).toMatchObject({ priced: true, expectedMonthlyUsd: 6307.2, cheapest: false });
    expect(line.cheapestSubstrate).toBe('sagemaker-realtime');
    // below ×0.7 the endpoint runs its one instance: 730 × $1.4084 = s × $6,307.20 at s = 0.163
    const oneInstance = HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g5.xlarge');
    expect(line.breakEven).toMatchObject({
      deployed: 'sagemaker-serverless', against: 'sagemaker-realtime', found: true, cheaperAbove: 'sagemaker-realtime', cheaperBelow: 'sagemaker-serverless',
    });
    expect(line.breakEven!.scale).toBeCloseTo(oneInstance / serverlessUsd, 3);
    expect(line.breakEven!.averageRequestsPerSecond).toBeCloseTo(2 * oneInstance / serverlessUsd, 3);
    expect(line.breakEven!.summary).toMatch(/^above 0\.33 requests\/s around the clock \(×0\.16 of the stated traffic\), real-time ml\.g5\.xlarge is cheaper than serverless/);
  });

  test('without compareWith.endpoint the instance-based alternatives say what they need, never $0', () => {
    const { app, stack } = testStack();
    serverless(stack, { compareWith: {} });
    const line = variantLine(stack, app);
    for (const s of [Substrate.REALTIME_ENDPOINT, Substrate.ASYNC_ENDPOINT, Substrate.BATCH_TRANSFORM]) {
      expect(alternativeOf(line, s)).toMatchObject({ priced: false, reason: 'needs a SageMaker instance type and its measured throughput (compareWith.endpoint)' });
      expect(alternativeOf(line, s).expectedMonthlyUsd).toBeUndefined();
    }
    expect(alternativeOf(line, Substrate.BEDROCK_BATCH)).toMatchObject({ priced: false, reason: 'needs a Bedrock model and tokens per request (compareWith.bedrock)' });
    // the deployed one is still priced, and cheapest among the priced (it is the only one)
    expect(line.substrate).toMatchObject({ priced: true, expectedMonthlyUsd: 210.24, cheapest: true });
    expect(line.breakEven).toBeUndefined();
  });

  test('fails when compareWith is given without traffic', () => {
    const { stack } = testStack();
    expect(() => serverless(stack, { traffic: undefined, compareWith: {} }))
      .toThrow('compareWith needs traffic (a TrafficProfile) to compare: got no traffic');
  });

  test('fails when compareWith names a bad serverless memory, naming the prop and the value', () => {
    const { stack } = testStack();
    expect(() => serverless(stack, { compareWith: { endpoint: { ...REALTIME_G5, serverlessMemorySizeInMb: 512 } } }))
      .toThrow(/compareWith\.endpoint\.serverlessMemorySizeInMb .*got: 512/);
  });
});
