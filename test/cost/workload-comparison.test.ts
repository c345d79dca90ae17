import * as fs from 'fs';
import * as path from 'path';
import { Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  BedrockModelAccess, BedrockModelAccessProps, BedrockModelId, CostLineData, CostReport, InferenceFleet, InferenceFleetProps, ModelImage, PriceBook, RealtimeEndpoint, RealtimeEndpointProps, Substrate, TrafficProfile,
} from '../../lib';
import { lineAt, linesAt, reportOf, TEST_PRICE_CACHE, testRate, testStack } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

// Hand computation, from the prices of the book the tests price over (the snapshot with the test
// price cache layered on it): every figure below is written out as the formula it comes from.
const book = PriceBook.load(TEST_PRICE_CACHE);
const HOURS = 730;
const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';

const cents = (v: number): number => Math.round(v * 100) / 100;
/**
 * An inf2.xlarge fleet as InferenceFleet deploys it, `instances` on-demand all month: the instances,
 * one load balancer, one NAT gateway and its public IPv4 address (730 h each), a 200 GB gp3 root volume per instance.
 */
function fleetUsd(onDemandInstanceHours: number, spotInstanceHours = 0, spotDiscount = 0): number {
  const rate = testRate(PriceService.EC2, PriceUsage.ON_DEMAND_LINUX, 'inf2.xlarge');
  const fixed = HOURS * (testRate(PriceService.ELB, PriceUsage.ALB_HOUR, 'application') + testRate(PriceService.VPC, PriceUsage.NAT_GATEWAY_HOUR, 'nat-gateway') + testRate(PriceService.VPC, PriceUsage.PUBLIC_IPV4_HOUR, 'public-ipv4'));
  const volumes = 200 * testRate(PriceService.EC2, PriceUsage.EBS_GP3_GB_MONTH, 'gp3') * (onDemandInstanceHours + spotInstanceHours) / HOURS;
  return onDemandInstanceHours * rate + spotInstanceHours * rate * (1 - spotDiscount) + fixed + volumes;
}

const BEDROCK = { modelId: HAIKU, inputTokensPerRequest: 1000, outputTokensPerRequest: 200 };
const REQUESTS_AT_2_RPS = 2 * 3600 * HOURS; // 5,256,000 a month

function endpoint(stack: Stack, props: Partial<RealtimeEndpointProps> = {}): RealtimeEndpoint {
  return new RealtimeEndpoint(stack, 'Endpoint', {
    model: { image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1') },
    instanceType: 'ml.g5.xlarge',
    maxCapacity: 4,
    maxRequestsPerSecondPerInstance: 2,
    traffic: TrafficProfile.constant({ requestsPerSecond: 2 }),
    ...props,
  });
}

function fleet(stack: Stack, props: Partial<InferenceFleetProps> = {}): InferenceFleet {
  return new InferenceFleet(stack, 'Fleet', {
    instanceTypes: ['inf2.xlarge'],
    maxCapacity: 4,
    maxRequestsPerSecondPerInstance: 1.5,
    serving: { container: { image: 'public.ecr.aws/example/server:1' } },
    traffic: TrafficProfile.constant({ requestsPerSecond: 2 }),
    ...props,
  });
}

function alternative(line: CostLineData, substrate: Substrate) {
  const found = line.alternatives?.find(a => a.substrate === substrate);
  if (!found) throw new Error(`no ${substrate} alternative on ${line.path}`);
  return found;
}

describe('workload comparison (compareWith)', () => {
  describe('a real-time endpoint on ml.g5.xlarge at 2 requests/s around the clock', () => {
    const compared = () => {
      const { app, stack } = testStack();
      endpoint(stack, { compareWith: { bedrock: BEDROCK, fleet: { instanceType: 'inf2.xlarge', maxRequestsPerSecondPerInstance: 1.5 } } });
      return lineAt(reportOf(app), 'TestStack/Endpoint/Config');
    };

    test('the deployed substrate is priced by the same model as its line: ceil(2 ÷ 1.4) = 2 instances × 730 h × the hosting rate', () => {
      // GIVEN / WHEN
      const line = compared();
      // THEN
      const hosting = testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g5.xlarge');
      expect(line.substrate).toMatchObject({ substrate: 'sagemaker-realtime', priced: true, expectedMonthlyUsd: cents(2 * HOURS * hosting) });
      expect(line.substrate!.expectedMonthlyUsd).toBe(line.monthlyUsd.expected);
      expect(line.substrate!.assumptions).toEqual(expect.arrayContaining([expect.stringMatching(/engineering time .* is not priced/)]));
    });

    test('Bedrock on-demand and batch: 5,256,000 requests × (1,000 input × rate + 200 output × rate) ÷ 1M', () => {
      const line = compared();
      const onDemand = REQUESTS_AT_2_RPS * (1000 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_INPUT_TOKENS, HAIKU) + 200 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_OUTPUT_TOKENS, HAIKU)) / 1e6;
      const batch = REQUESTS_AT_2_RPS * (1000 * testRate(PriceService.BEDROCK, PriceUsage.BATCH_INPUT_TOKENS, HAIKU) + 200 * testRate(PriceService.BEDROCK, PriceUsage.BATCH_OUTPUT_TOKENS, HAIKU)) / 1e6;
      expect(alternative(line, Substrate.BEDROCK_ON_DEMAND)).toMatchObject({ priced: true, expectedMonthlyUsd: cents(onDemand), cheapest: false });
      expect(alternative(line, Substrate.BEDROCK_BATCH)).toMatchObject({ priced: true, expectedMonthlyUsd: cents(batch) });
      // $0.8 / $4 per 1M tokens: 5,256M × 0.8 + 1,051.2M × 4
      expect(cents(onDemand)).toBe(8409.6);
    });

    test('the EC2 fleet: ceil(2 ÷ 1.05) = 2 inf2.xlarge on-demand × 730 h, with its load balancer, NAT gateway and root volumes, the cheapest', () => {
      const line = compared();
      // 1,460 × $0.7582 + 730 × ($0.0225 + $0.045 + $0.005) + 2 × 200 GB × $0.08 = $1,191.90
      expect(cents(fleetUsd(2 * HOURS))).toBe(1191.9);
      expect(alternative(line, Substrate.EC2_FLEET)).toMatchObject({ priced: true, expectedMonthlyUsd: cents(fleetUsd(2 * HOURS)), cheapest: true });
      expect(line.cheapestSubstrate).toBe('ec2-fleet');
      expect(line.substrate!.cheapest).toBe(false);
    });

    test('what cannot be compared is unpriced with the reason, never $0', () => {
      const line = compared();
      expect(alternative(line, Substrate.SERVERLESS_ENDPOINT)).toMatchObject({
        priced: false, reason: expect.stringContaining('needs memory and seconds per request'),
      });
      // The book has no async or batch transform rate for ml.g5.xlarge.
      expect(alternative(line, Substrate.ASYNC_ENDPOINT)).toMatchObject({ priced: false, reason: expect.stringContaining("no SageMaker async price for 'ml.g5.xlarge'") });
      expect(alternative(line, Substrate.BATCH_TRANSFORM)).toMatchObject({ priced: false, reason: expect.stringContaining('batch-transform') });
    });

    test('the break-even against the cheapest alternative: the fleet is cheaper above ×0.7 (1.4 requests/s), where the endpoint needs its second instance', () => {
      // endpoint: max(1, ceil(2s ÷ 1.4)) instances, fleet: max(1, ceil(2s ÷ 1.05)); at s = 0.7 the
      // endpoint steps from 1 to 2 instances ($1,028 → $2,056) while the fleet stays at 2 ($1,192).
      const line = compared();
      expect(line.breakEven).toMatchObject({
        deployed: 'sagemaker-realtime', against: 'ec2-fleet', found: true, cheaperAbove: 'ec2-fleet', cheaperBelow: 'sagemaker-realtime',
        minScale: 1 / 64, maxScale: 64,
      });
      expect(line.breakEven!.scale).toBeCloseTo(0.7, 3);
      expect(line.breakEven!.averageRequestsPerSecond).toBeCloseTo(1.4, 3);
      expect(line.breakEven!.summary).toMatch(/^above 1\.4 requests\/s around the clock \(×0\.7 of the stated traffic\), EC2 fleet inf2\.xlarge is cheaper than real-time ml\.g5\.xlarge/);
      // Below ×0.525 (1.05 requests/s) the fleet needs one instance only and is cheaper again.
      expect(line.breakEven!.summary).toMatch(/the order changes 2 times/);
    });

    test('a break-even against every priced alternative, the cheapest one\'s being breakEven', () => {
      // Bedrock on-demand: s × $8,409.60 passes one instance ($1,028.13) at s = 0.1223; batch ($4,204.80 at ×1) at s = 0.2445.
      const line = compared();
      const oneInstance = HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g5.xlarge');
      expect(line.breakEvens!.map(b => b.against)).toEqual(['ec2-fleet', 'bedrock-on-demand', 'bedrock-batch']);
      expect(line.breakEvens![0]).toBe(line.breakEven);
      expect(line.breakEvens![1].scale).toBeCloseTo(oneInstance / 8409.6, 3);
      expect(line.breakEvens![2].scale).toBeCloseTo(oneInstance / 4204.8, 3);
      expect(line.breakEvens![2]).toMatchObject({ cheaperAbove: 'sagemaker-realtime', cheaperBelow: 'bedrock-batch' });
    });

    test('nothing changes the line\'s own figures', () => {
      // GIVEN the same endpoint without compareWith
      const { app, stack } = testStack();
      endpoint(stack);
      const plain = lineAt(reportOf(app), 'TestStack/Endpoint/Config');
      // WHEN
      const line = compared();
      // THEN
      const { substrate, alternatives, cheapestSubstrate, breakEven, breakEvens, costCurve, ...own } = line;
      expect(own).toEqual(plain);
      expect(plain.alternatives).toBeUndefined();
    });

    test('the cost curve samples every priced substrate from ×1/64 to ×64, the deployed one first', () => {
      const line = compared();
      const curve = line.costCurve!;
      expect(curve.scales).toHaveLength(49);
      expect(curve.series.map(s => s.substrate)).toEqual(['sagemaker-realtime', 'ec2-fleet', 'bedrock-on-demand', 'bedrock-batch']);
      const at1 = curve.scales.indexOf(1);
      expect(curve.series[0].monthlyUsd[at1]).toBe(line.substrate!.expectedMonthlyUsd);
      // ×4: 8 requests/s → ceil(8 ÷ 1.4) = 6 instances
      expect(curve.series[0].monthlyUsd[curve.scales.indexOf(4)]).toBe(cents(6 * HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g5.xlarge')));
    });
  });

  test('against Bedrock alone: the endpoint\'s floor of one instance equals the tokens of ×0.1223 of the traffic (0.24 requests/s)', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, { compareWith: { substrates: [Substrate.BEDROCK_ON_DEMAND], bedrock: BEDROCK } });
    // WHEN
    const line = lineAt(reportOf(app), 'TestStack/Endpoint/Config');
    // THEN one instance all month (730 × hosting) = s × 8,409.60 (Bedrock at scale 1)
    const oneInstance = HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g5.xlarge');
    const bedrockAt1 = REQUESTS_AT_2_RPS * (1000 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_INPUT_TOKENS, HAIKU) + 200 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_OUTPUT_TOKENS, HAIKU)) / 1e6;
    expect(line.alternatives!.map(a => a.substrate)).toEqual(['bedrock-on-demand']);
    expect(line.breakEven).toMatchObject({ found: true, against: 'bedrock-on-demand', cheaperAbove: 'sagemaker-realtime', cheaperBelow: 'bedrock-on-demand' });
    expect(line.breakEven!.scale).toBeCloseTo(oneInstance / bedrockAt1, 3);
    expect(line.breakEven!.scale).toBeCloseTo(0.1223, 3);
    expect(line.breakEven!.averageRequestsPerSecond).toBeCloseTo(2 * oneInstance / bedrockAt1, 3);
    expect(line.breakEven!.summary).not.toMatch(/order changes/);
  });

  test('no break-even in range: Bedrock Nova Micro stays cheaper than the endpoint from ×1/64 to ×64', () => {
    // GIVEN short requests on the cheapest model: 100 + 20 tokens
    const { app, stack } = testStack();
    endpoint(stack, { compareWith: { substrates: [Substrate.BEDROCK_ON_DEMAND], bedrock: { modelId: 'us.amazon.nova-micro-v1:0', inputTokensPerRequest: 100, outputTokensPerRequest: 20 } } });
    // WHEN
    const line = lineAt(reportOf(app), 'TestStack/Endpoint/Config');
    // THEN at ×64 (128 requests/s): 336M requests × (100 × 0.035 + 20 × 0.14) ÷ 1M = $2,119 < 92 instances
    expect(line.breakEven).toMatchObject({ found: false, cheaperAbove: 'bedrock-on-demand', cheaperBelow: 'bedrock-on-demand' });
    expect(line.breakEven!.scale).toBeUndefined();
    expect(line.breakEven!.summary).toBe('no break-even from ×1/64 to ×64 of the stated traffic: Bedrock on-demand us.amazon.nova-micro-v1:0 stays cheaper than real-time ml.g5.xlarge for this workload throughout');
  });

  describe('an inf2.xlarge fleet (1 on-demand, Spot above it)', () => {
    test('the deployed fleet\'s figure is its on-demand and Spot lines\' instance cost; SageMaker and Bedrock as named', () => {
      // GIVEN
      const { app, stack } = testStack();
      fleet(stack, {
        compareWith: { bedrock: BEDROCK, endpoint: { instanceType: 'ml.inf2.xlarge', maxRequestsPerSecondPerInstance: 1.5 } },
      });
      // WHEN
      const report = reportOf(app);
      const compared = report.lines.find(l => l.substrate)!;
      // THEN 2 instances: the base on-demand, the second on Spot at the book's estimated discount
      const spot = book.spotDiscount(PriceService.EC2, 'us-east-1', 'inf2.xlarge');
      if (!spot.entry) throw new Error(spot.reason);
      const deployed = fleetUsd(HOURS, HOURS, spot.entry.priceUsd);
      expect(compared.component).toBe('on-demand');
      expect(compared.substrate).toMatchObject({ substrate: 'ec2-fleet', expectedMonthlyUsd: cents(deployed) });
      // The stack's own lines, but those billed per request (load balancer capacity units, NAT data)
      const own = report.lines.filter(l => l.stack === 'TestStack' && !/LCU|capacity units|data processed/.test(l.description));
      expect(compared.substrate!.expectedMonthlyUsd).toBeCloseTo(own.reduce((a, l) => a + l.monthlyUsd.expected, 0), 1);
      // ml.inf2.xlarge real-time: ceil(2 ÷ 1.05) = 2 instances × 730 h × hosting
      expect(alternative(compared, Substrate.REALTIME_ENDPOINT)).toMatchObject({ expectedMonthlyUsd: cents(2 * HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.inf2.xlarge')) });
      expect(compared.alternatives!.map(a => a.substrate)).not.toContain('ec2-fleet');
      expect(compared.cheapestSubstrate).toBe('ec2-fleet');
    });

    test('a fleet in a VPC of yours runs no NAT gateway of its own: the comparison leaves it out', () => {
      // GIVEN
      const { app, stack } = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1 });
      fleet(stack, { network: { vpc }, rootVolumeSizeInGb: 100, compareWith: {} });
      // WHEN
      const compared = reportOf(app).lines.find(l => l.substrate)!;
      // THEN 2 instances (1 on-demand, 1 Spot), the load balancer, 2 × 100 GB: no NAT gateway, no IPv4 address
      const spot = book.spotDiscount(PriceService.EC2, 'us-east-1', 'inf2.xlarge');
      if (!spot.entry) throw new Error(spot.reason);
      const rate = testRate(PriceService.EC2, PriceUsage.ON_DEMAND_LINUX, 'inf2.xlarge');
      const expected = HOURS * rate * (2 - spot.entry.priceUsd) + HOURS * testRate(PriceService.ELB, PriceUsage.ALB_HOUR, 'application') + 2 * 100 * testRate(PriceService.EC2, PriceUsage.EBS_GP3_GB_MONTH, 'gp3');
      expect(compared.substrate!.expectedMonthlyUsd).toBe(cents(expected));
      expect(compared.substrate!.assumptions.join(' ')).not.toMatch(/NAT gateway \d/);
    });

    test('without compareWith.bedrock the Bedrock alternatives say what they need', () => {
      const { app, stack } = testStack();
      fleet(stack, { compareWith: {} });
      const compared = reportOf(app).lines.find(l => l.substrate)!;
      expect(alternative(compared, Substrate.BEDROCK_ON_DEMAND)).toMatchObject({ priced: false, reason: 'needs a Bedrock model and tokens per request (compareWith.bedrock)' });
      expect(alternative(compared, Substrate.REALTIME_ENDPOINT).reason).toMatch(/needs a SageMaker instance type/);
      // Nothing priced to compare with: no break-even, no curve.
      expect(compared.breakEven).toBeUndefined();
      expect(compared.costCurve).toBeUndefined();
    });
  });

  test('a Bedrock on-demand workload recorded on its usage line is compared with an endpoint and a fleet', () => {
    // GIVEN a construct that adds a Bedrock usage line and records its workload on it (as BedrockModelAccess does)
    const { app, stack } = testStack();
    const scope = new Construct(stack, 'Summaries');
    const traffic = TrafficProfile.constant({ requestsPerSecond: 2 });
    const report = CostReport.of(scope);
    report.addUsageLine(scope, {
      service: PriceService.BEDROCK, usage: PriceUsage.ON_DEMAND_INPUT_TOKENS, sku: HAIKU, description: 'Bedrock on-demand input tokens', component: 'input-tokens',
      quantity: { floor: 0, expected: REQUESTS_AT_2_RPS * 1000 / 1e6, ceiling: REQUESTS_AT_2_RPS * 1000 / 1e6 }, assumptions: [],
    });
    report.recordWorkload(scope, {
      component: 'input-tokens',
      hourlyRequestsPerSecond: traffic.weeklyRequestsPerSecond(),
      trafficDescription: traffic.description,
      substrate: Substrate.BEDROCK_ON_DEMAND,
      deployed: { bedrock: BEDROCK },
      compareWith: { substrates: [Substrate.REALTIME_ENDPOINT, Substrate.EC2_FLEET], endpoint: { instanceType: 'ml.g5.xlarge', maxRequestsPerSecondPerInstance: 2 }, fleet: { instanceType: 'inf2.xlarge', maxRequestsPerSecondPerInstance: 1.5 } },
    });
    // WHEN
    const line = reportOf(app).lines.find(l => l.path === 'TestStack/Summaries')!;
    // THEN Bedrock $8,409.60; the endpoint $2,056.26 and the fleet $1,191.90 for the same 2 requests/s
    expect(line.substrate).toMatchObject({ substrate: 'bedrock-on-demand', expectedMonthlyUsd: 8409.6 });
    expect(line.alternatives!.map(a => [a.substrate, a.expectedMonthlyUsd])).toEqual([
      ['sagemaker-realtime', cents(2 * HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g5.xlarge'))],
      ['ec2-fleet', cents(fleetUsd(2 * HOURS))],
    ]);
    // The fleet with one instance ($622.41) equals s × $8,409.60 at s = 0.074: above 0.15 requests/s the fleet is cheaper.
    expect(line.breakEven).toMatchObject({ against: 'ec2-fleet', found: true, cheaperAbove: 'ec2-fleet', cheaperBelow: 'bedrock-on-demand' });
    expect(line.breakEven!.scale).toBeCloseTo(fleetUsd(HOURS) / 8409.6, 3);
    expect(line.breakEven!.summary).toMatch(/^above 0\.15 requests\/s around the clock \(×0\.074 of the stated traffic\), EC2 fleet inf2\.xlarge is cheaper than Bedrock on-demand/);
  });

  test('Bedrock on-demand with prompt caching: the prefix at the cache-read rate for hits, the cache-write rate for misses; batch without caching', () => {
    // GIVEN 1,000 input tokens of which 800 a cacheable prefix, 90% hits
    const { app, stack } = testStack();
    endpoint(stack, { compareWith: { substrates: [Substrate.BEDROCK_ON_DEMAND, Substrate.BEDROCK_BATCH], bedrock: { ...BEDROCK, cacheablePrefixTokens: 800, expectedCacheHitRate: 0.9 } } });
    // WHEN
    const line = lineAt(reportOf(app), 'TestStack/Endpoint/Config');
    // THEN per request 200 × $0.8 + 720 × $0.08 + 80 × $1 + 200 × $4 per 1M tokens = $0.0010976
    const perRequest = (200 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_INPUT_TOKENS, HAIKU) + 720 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_CACHE_READ_TOKENS, HAIKU)
      + 80 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_CACHE_WRITE_TOKENS, HAIKU) + 200 * testRate(PriceService.BEDROCK, PriceUsage.ON_DEMAND_OUTPUT_TOKENS, HAIKU)) / 1e6;
    expect(perRequest).toBeCloseTo(0.0010976, 10);
    expect(alternative(line, Substrate.BEDROCK_ON_DEMAND).expectedMonthlyUsd).toBe(cents(REQUESTS_AT_2_RPS * perRequest));
    expect(alternative(line, Substrate.BEDROCK_ON_DEMAND).assumptions).toContain('prompt caching: 800 prefix tokens, 90% hits: 3,784.32M read × $0.08 + 420.48M written × $1');
    // Batch has no cache prices: all 1,000 input tokens at the batch input rate ($4,204.80 as without caching)
    expect(alternative(line, Substrate.BEDROCK_BATCH).expectedMonthlyUsd).toBe(4204.8);
  });

  describe('BedrockModelAccess with compareWith', () => {
    const access = (stack: Stack, extra: Partial<BedrockModelAccessProps> = {}): BedrockModelAccess => new BedrockModelAccess(stack, 'Summaries', {
      model: BedrockModelId.US_ANTHROPIC_CLAUDE_3_5_HAIKU,
      grantee: new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }),
      traffic: TrafficProfile.constant({ requestsPerSecond: 2 }),
      inputTokensPerRequest: 1000,
      outputTokensPerRequest: 200,
      promptCaching: { cacheablePrefixTokens: 800, expectedHitRate: 0.9 },
      compareWith: { endpoint: { instanceType: 'ml.g5.xlarge', maxRequestsPerSecondPerInstance: 2 }, fleet: { instanceType: 'inf2.xlarge', maxRequestsPerSecondPerInstance: 1.5 } },
      ...extra,
    });

    test('the deployed figure is the sum of its token lines (input, output, cache read, cache write); the comparison is on the input-tokens line', () => {
      // GIVEN
      const { app, stack } = testStack();
      access(stack);
      // WHEN
      const lines = linesAt(reportOf(app), 'TestStack/Summaries');
      const compared = lines.find(l => l.substrate)!;
      // THEN per request 200 × $0.8 + 720 × $0.08 + 80 × $1 + 200 × $4 per 1M = $0.0010976, × 5,256,000 requests
      expect(lines.map(l => l.component).sort()).toEqual(['cache-read-tokens', 'cache-write-tokens', 'input-tokens', 'output-tokens']);
      expect(compared.component).toBe('input-tokens');
      expect(compared.substrate!.substrate).toBe('bedrock-on-demand');
      expect(compared.substrate!.expectedMonthlyUsd).toBe(cents(REQUESTS_AT_2_RPS * 0.0010976));
      expect(compared.substrate!.expectedMonthlyUsd).toBeCloseTo(lines.reduce((a, l) => a + l.monthlyUsd.expected, 0), 1);
      // The fleet's 2 inf2.xlarge on-demand ($1,191.90) is the cheapest; Bedrock batch has no caching ($4,204.80)
      expect(alternative(compared, Substrate.EC2_FLEET)).toMatchObject({ cheapest: true, expectedMonthlyUsd: cents(fleetUsd(2 * HOURS)) });
      expect(alternative(compared, Substrate.BEDROCK_BATCH).expectedMonthlyUsd).toBe(4204.8);
      expect(compared.breakEven).toMatchObject({ deployed: 'bedrock-on-demand', against: 'ec2-fleet', found: true, cheaperAbove: 'ec2-fleet' });
    });

    test('fails when compareWith is given with Provisioned Throughput', () => {
      const { stack } = testStack();
      expect(() => access(stack, {
        model: BedrockModelId.ANTHROPIC_CLAUDE_3_5_HAIKU,
        promptCaching: undefined,
        provisionedThroughput: { modelUnits: 1, provisionedModelArn: 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123' },
      })).toThrow(/compareWith compares an on-demand workload: it was given with provisionedThroughput/);
    });
  });

  describe('validation', () => {
    test('fails when compareWith is given without traffic', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { traffic: undefined, compareWith: {} })).toThrow(/compareWith needs traffic \(a TrafficProfile\)/);
    });

    test('fails when compareWith names an unknown substrate, a zero throughput or a Spot saving of 100%, naming each', () => {
      const { stack } = testStack();
      expect(() => fleet(stack, {
        compareWith: {
          substrates: ['gpu' as Substrate],
          fleet: { instanceType: 'inf2.xlarge', maxRequestsPerSecondPerInstance: 0, spotSavingsPercent: 100 },
        },
      })).toThrow(/compareWith\.substrates\[0\][\s\S]*compareWith\.fleet\.maxRequestsPerSecondPerInstance must be a number of requests per second above 0, got: 0[\s\S]*compareWith\.fleet\.spotSavingsPercent must be at least 0 and below 100, got: 100/);
    });

    test('fails when the cacheable prefix is longer than the input or the hit rate is a percentage', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { compareWith: { bedrock: { ...BEDROCK, cacheablePrefixTokens: 1200, expectedCacheHitRate: 90 } } }))
        .toThrow(/cacheablePrefixTokens must be at most inputTokensPerRequest \(1000\), got: 1200[\s\S]*expectedCacheHitRate must be a fraction from 0 to 1, got: 90/);
    });

    test('fails when compareWith.bedrock tokens are not whole numbers', () => {
      const { stack } = testStack();
      expect(() => endpoint(stack, { compareWith: { bedrock: { modelId: HAIKU, inputTokensPerRequest: 1.5, outputTokensPerRequest: -1 } } }))
        .toThrow(/compareWith\.bedrock\.inputTokensPerRequest must be a whole number of at least 0, got: 1\.5[\s\S]*outputTokensPerRequest must be a whole number of at least 0, got: -1/);
    });
  });

  test('synth writes the chart beside the report and the Markdown links it', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, { compareWith: { bedrock: BEDROCK } });
    // WHEN
    const dir = app.synth().directory;
    // THEN
    const svg = path.join(dir, 'cost-chart-TestStack-Endpoint-Config-AllTraffic.svg');
    expect(fs.existsSync(svg)).toBe(true);
    expect(fs.readFileSync(svg, 'utf-8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const md = fs.readFileSync(path.join(dir, 'cost-report.md'), 'utf-8');
    expect(md).toContain('## Which substrate');
    expect(md).toContain('![Monthly cost against traffic scale, TestStack/Endpoint/Config](cost-chart-TestStack-Endpoint-Config-AllTraffic.svg)');
    expect(md).toMatch(/\| \*\*SageMaker real-time endpoint, ml\.g5\.xlarge\*\* \(deployed\) \| \$2,056\.26 \| ★ cheapest \|/);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cost-report.json'), 'utf-8'));
    expect(json.lines[0].alternatives.map((a: any) => a.substrate)).toEqual([
      'sagemaker-async', 'sagemaker-serverless', 'sagemaker-batch-transform', 'ec2-fleet', 'bedrock-on-demand', 'bedrock-batch',
    ]);
  });
});
