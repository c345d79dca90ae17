import { Duration, Stack } from 'aws-cdk-lib';
import { AsyncEndpoint, AsyncEndpointProps, AsyncTrafficProfile, CostLineData, ModelImage, Substrate } from '../../lib';
import { alternativeOf, linesAt, reportOf, testRate, testStack } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

// Hand computation over the test price cache: every figure is written as the formula it comes from.
const HOURS = 730;
const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const BEDROCK = { modelId: HAIKU, inputTokensPerRequest: 1000, outputTokensPerRequest: 200 };
const cents = (v: number): number => Math.round(v * 100) / 100;

// 3,600 requests an hour from 09:00 to 17:00 (1 request/s), none the other 16 hours: 2 s each.
const WORKDAY = AsyncTrafficProfile.hourly(Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 17 ? 3600 : 0)), Duration.seconds(2));
// 8 busy hours a day of 24: a third of the month's 730 hours.
const BUSY_HOURS = HOURS * 8 / 24;
// 1 request/s for a third of the month: 876,000 requests.
const REQUESTS = 3600 * BUSY_HOURS;

function asyncEndpoint(stack: Stack, props: Partial<AsyncEndpointProps> = {}): AsyncEndpoint {
  return new AsyncEndpoint(stack, 'Async', {
    model: { image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/batchy:1') },
    instanceType: 'ml.g6e.2xlarge',
    maxCapacity: 4,
    maxConcurrentInvocationsPerInstance: 4,
    traffic: WORKDAY,
    ...props,
  });
}

function variantLine(stack: Stack, app: Parameters<typeof reportOf>[0]): CostLineData {
  const found = linesAt(reportOf(app), `${stack.stackName}/Async/Config`).filter(l => l.component === 'AllTraffic');
  if (found.length !== 1) throw new Error(`expected the variant line, found ${found.length}`);
  return found[0];
}

describe('AsyncEndpoint compareWith', () => {
  const compared = (props: Partial<AsyncEndpointProps> = {}) => {
    const { app, stack } = testStack();
    asyncEndpoint(stack, { compareWith: { substrates: [Substrate.REALTIME_ENDPOINT, Substrate.BEDROCK_ON_DEMAND], bedrock: BEDROCK }, ...props });
    return variantLine(stack, app);
  };

  test('the deployed async endpoint is priced by the substrate model: 4 concurrent ÷ 2 s = 2 requests/s per instance, ceil(1 ÷ 1.4) = 1 instance in busy hours, none in quiet ones', () => {
    // GIVEN / WHEN
    const line = compared();
    // THEN 243.33 instance-hours × $2.8026 = $681.97
    const asyncRate = testRate(PriceService.SAGEMAKER, PriceUsage.ASYNC, 'ml.g6e.2xlarge');
    expect(cents(BUSY_HOURS * asyncRate)).toBe(681.97);
    expect(line.substrate).toMatchObject({
      substrate: 'sagemaker-async', priced: true, expectedMonthlyUsd: cents(BUSY_HOURS * asyncRate), cheapest: true,
      description: 'SageMaker asynchronous endpoint, ml.g6e.2xlarge, scaling to zero',
    });
    expect(line.substrate!.assumptions).toEqual(expect.arrayContaining([
      expect.stringContaining('4 concurrent per instance ÷ 2 s per request = 2 requests/s per instance'),
      expect.stringContaining('none in hours without requests'),
    ]));
    expect(line.cheapestSubstrate).toBe('sagemaker-async');
  });

  test('the alternatives: real-time on the same type at least one instance all month, Bedrock per token', () => {
    const line = compared();
    // real-time: 1 instance × 730 h × $2.8026 = $2,045.90; Bedrock: 876,000 × (1,000 × $0.8 + 200 × $4) ÷ 1M = $1,401.60
    const hosting = testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g6e.2xlarge');
    const bedrock = REQUESTS * (1000 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_INPUT_TOKENS, HAIKU) +
      200 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_OUTPUT_TOKENS, HAIKU)) / 1e6;
    expect(cents(HOURS * hosting)).toBe(2045.9);
    expect(cents(bedrock)).toBe(1401.6);
    expect(line.alternatives!.map(a => a.substrate)).toEqual(['sagemaker-realtime', 'bedrock-on-demand']);
    expect(alternativeOf(line, Substrate.REALTIME_ENDPOINT)).toMatchObject({ priced: true, expectedMonthlyUsd: cents(HOURS * hosting), cheapest: false });
    expect(alternativeOf(line, Substrate.BEDROCK_ON_DEMAND)).toMatchObject({ priced: true, expectedMonthlyUsd: cents(bedrock), cheapest: false });
  });

  test('the break-even against Bedrock: one async instance for the busy hours ($681.97) equals s × $1,401.60 at ×0.4866', () => {
    const line = compared();
    const s = BUSY_HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.ASYNC, 'ml.g6e.2xlarge') /
      (REQUESTS * (1000 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_INPUT_TOKENS, HAIKU) + 200 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_OUTPUT_TOKENS, HAIKU)) / 1e6);
    expect(s).toBeCloseTo(0.48656, 4);
    expect(line.breakEven).toMatchObject({ deployed: 'sagemaker-async', against: 'bedrock-on-demand', found: true, cheaperAbove: 'sagemaker-async', cheaperBelow: 'bedrock-on-demand' });
    expect(line.breakEven!.scale).toBeCloseTo(s, 3);
    // average 1/3 request/s × s, peak 1 × s
    expect(line.breakEven!.averageRequestsPerSecond).toBeCloseTo(s / 3, 3);
    expect(line.breakEven!.summary).toMatch(/^above 0\.16 requests\/s on average, 0\.49 at the peak hour \(×0\.49 of the stated traffic\), async ml\.g6e\.2xlarge is cheaper than Bedrock on-demand/);
  });

  test('a warm async endpoint (scaleToZero false, minCapacity 1) is priced at its minimum: 730 instance-hours', () => {
    const line = compared({ scaleToZero: false, minCapacity: 1 });
    const asyncRate = testRate(PriceService.SAGEMAKER, PriceUsage.ASYNC, 'ml.g6e.2xlarge');
    expect(line.substrate).toMatchObject({ priced: true, expectedMonthlyUsd: cents(HOURS * asyncRate) });
    expect(line.substrate!.assumptions).toEqual(expect.arrayContaining([expect.stringContaining('at least 1; no maximum')]));
  });

  test('the line\'s own figures do not change with compareWith', () => {
    const { app, stack } = testStack();
    asyncEndpoint(stack);
    const without = variantLine(stack, app);
    const line = compared();
    expect(line.monthlyUsd).toEqual(without.monthlyUsd);
    expect(without.substrate).toBeUndefined();
  });

  test('what the endpoint cannot state is unpriced with the reason, never $0', () => {
    const { app, stack } = testStack();
    asyncEndpoint(stack, { compareWith: {} });
    const line = variantLine(stack, app);
    expect(alternativeOf(line, Substrate.SERVERLESS_ENDPOINT)).toMatchObject({ priced: false, reason: expect.stringContaining('needs memory and seconds per request') });
    expect(alternativeOf(line, Substrate.EC2_FLEET)).toMatchObject({ priced: false, reason: expect.stringContaining('needs an EC2 instance type') });
    expect(alternativeOf(line, Substrate.BEDROCK_ON_DEMAND)).toMatchObject({ priced: false, reason: 'needs a Bedrock model and tokens per request (compareWith.bedrock)' });
    for (const a of line.alternatives!.filter(x => !x.priced)) expect(a.expectedMonthlyUsd).toBeUndefined();
  });

  test('fails when compareWith is given without traffic', () => {
    const { stack } = testStack();
    expect(() => asyncEndpoint(stack, { traffic: undefined, compareWith: {} }))
      .toThrow('compareWith needs traffic (an AsyncTrafficProfile) to compare: got no traffic');
  });

  test('fails when compareWith names a bad throughput, naming the prop and the value', () => {
    const { stack } = testStack();
    expect(() => asyncEndpoint(stack, { compareWith: { endpoint: { instanceType: 'ml.g5.xlarge', maxRequestsPerSecondPerInstance: 0 } } }))
      .toThrow(/compareWith\.endpoint\.maxRequestsPerSecondPerInstance .*got: 0/);
  });
});
