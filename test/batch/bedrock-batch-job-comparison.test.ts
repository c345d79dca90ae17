import { Stack, aws_s3 as s3 } from 'aws-cdk-lib';
import { BedrockBatchJob, BedrockBatchJobProps, CostLineData, Substrate } from '../../lib';
import { reportOf, testRate, testStack } from '../helpers';
import { usageLinesAt } from './job-helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

// Hand computation over the test price cache: every figure is written as the formula it comes from.
const HOURS = 730;
const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const RECORDS = 600_000; // 30 nightly jobs × 20,000 records
const cents = (v: number): number => Math.round(v * 100) / 100;

const tokensUsd = (input: PriceUsage, output: PriceUsage): number =>
  RECORDS * (1000 * testRate(PriceService.BEDROCK, input, HAIKU) + 200 * testRate(PriceService.BEDROCK, output, HAIKU)) / 1e6;

function batchJob(stack: Stack, overrides: Partial<BedrockBatchJobProps> = {}): BedrockBatchJob {
  const data = new s3.Bucket(stack, 'Data');
  return new BedrockBatchJob(stack, 'Summaries', {
    modelId: HAIKU,
    input: { bucket: data, prefix: 'tickets/' },
    output: { bucket: data, prefix: 'summaries/' },
    recordsPerMonth: RECORDS,
    inputTokensPerRecord: 1000,
    outputTokensPerRecord: 200,
    ...overrides,
  });
}

function compared(overrides: Partial<BedrockBatchJobProps> = {}): CostLineData[] {
  const { app, stack } = testStack();
  batchJob(stack, {
    compareWith: {
      substrates: [Substrate.REALTIME_ENDPOINT, Substrate.BEDROCK_ON_DEMAND],
      endpoint: { instanceType: 'ml.g5.xlarge', maxRequestsPerSecondPerInstance: 2 },
    },
    ...overrides,
  });
  return usageLinesAt(reportOf(app), 'TestStack/Summaries');
}

describe('BedrockBatchJob compareWith', () => {
  test('the deployed batch job is priced at the batch rates, as its two token lines together: 600,000 × (1,000 × $0.4 + 200 × $2) ÷ 1M', () => {
    // GIVEN / WHEN
    const lines = compared();
    const withComparison = lines.filter(l => l.substrate);
    // THEN the comparison is on one line (input tokens), and its deployed figure is the sum of both lines
    expect(withComparison).toHaveLength(1);
    const line = withComparison[0];
    expect(line.description).toContain('input tokens');
    const batch = tokensUsd(PriceUsage.BATCH_INPUT_TOKENS, PriceUsage.BATCH_OUTPUT_TOKENS);
    expect(cents(batch)).toBe(480);
    expect(line.substrate).toMatchObject({ substrate: 'bedrock-batch', priced: true, expectedMonthlyUsd: cents(batch), cheapest: true });
    expect(cents(lines.reduce((sum, l) => sum + l.monthlyUsd.expected, 0))).toBe(cents(batch));
    expect(line.substrate!.assumptions).toEqual(expect.arrayContaining([expect.stringContaining('600000 records a month, spread evenly over its 730 hours')]));
  });

  test('the alternatives: Bedrock on-demand for the same tokens, a real-time endpoint sized to the average rate', () => {
    const line = compared().find(l => l.substrate)!;
    // on-demand: 600,000 × (1,000 × $0.8 + 200 × $4) ÷ 1M = $960; real-time: 600,000 ÷ 2,628,000 s = 0.23 requests/s: one ml.g5.xlarge × 730 h
    const onDemand = tokensUsd(PriceUsage.ON_DEMAND_INPUT_TOKENS, PriceUsage.ON_DEMAND_OUTPUT_TOKENS);
    expect(cents(onDemand)).toBe(960);
    const oneInstance = HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g5.xlarge');
    expect(line.alternatives!.map(a => [a.substrate, a.expectedMonthlyUsd])).toEqual([
      ['sagemaker-realtime', cents(oneInstance)],
      ['bedrock-on-demand', cents(onDemand)],
    ]);
    expect(line.cheapestSubstrate).toBe('bedrock-batch');
  });

  test('the break-evens: on-demand never (always twice the batch rate); real-time above ×2.14, where $480 × s passes one instance', () => {
    const line = compared().find(l => l.substrate)!;
    expect(line.breakEven).toMatchObject({ deployed: 'bedrock-batch', against: 'bedrock-on-demand', found: false, cheaperAbove: 'bedrock-batch' });
    expect(line.breakEven!.summary).toMatch(/^no break-even from ×1\/64 to ×64 of the stated traffic: Bedrock batch .* stays cheaper/);
    // one instance serves 0.228 × s requests/s up to s = 1.4 ÷ 0.228 = 6.13, past the crossing: $1,028.13 = s × $480
    const oneInstance = HOURS * testRate(PriceService.SAGEMAKER, PriceUsage.HOSTING, 'ml.g5.xlarge');
    const vsRealtime = line.breakEvens!.find(b => b.against === 'sagemaker-realtime')!;
    expect(vsRealtime).toMatchObject({ found: true, cheaperAbove: 'sagemaker-realtime', cheaperBelow: 'bedrock-batch' });
    expect(vsRealtime.scale).toBeCloseTo(oneInstance / tokensUsd(PriceUsage.BATCH_INPUT_TOKENS, PriceUsage.BATCH_OUTPUT_TOKENS), 3);
  });

  test('the lines\' own figures do not change with compareWith', () => {
    const { app, stack } = testStack();
    batchJob(stack);
    const without = usageLinesAt(reportOf(app), 'TestStack/Summaries');
    expect(compared().map(l => l.monthlyUsd)).toEqual(without.map(l => l.monthlyUsd));
    expect(without.some(l => l.substrate)).toBe(false);
  });

  test('fails when compareWith names a bad substrate, naming the prop and the value', () => {
    const { stack } = testStack();
    expect(() => batchJob(stack, { compareWith: { substrates: ['mainframe' as Substrate] } })).toThrow(/compareWith\.substrates\[0\].*mainframe/);
  });
});
