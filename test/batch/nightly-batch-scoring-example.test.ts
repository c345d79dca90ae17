import { createApp } from '../../examples/nightly-batch-scoring';
import { PriceQuery, PriceBook } from '../../lib';
import { exampleContext, lineAt, reportOf, TEST_PRICE_CACHE } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

/**
 * A rate from the book these tests price with, failing the test when it is missing. The embedded
 * snapshot has no citable eu-west-1 SageMaker figure (issue 14): the example is priced over the
 * test price cache, which keeps the figures the hand-typed book had.
 */
function rate(query: PriceQuery): number {
  const lookup = PriceBook.load(TEST_PRICE_CACHE).lookup(query);
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}

const cents = (usd: number): number => Math.round(usd * 100) / 100;

describe('examples/nightly-batch-scoring', () => {
  test('30 one-hour transform jobs cost a small part of one ml.m5.xlarge endpoint kept on all month', () => {
    // GIVEN the eu-west-1 rates (pinned: a change of price must be noticed here and in the README)
    const batchTransform = rate({ service: PriceService.SAGEMAKER, usage: PriceUsage.BATCH_TRANSFORM, region: 'eu-west-1', sku: 'ml.m5.xlarge' });
    const hosting = rate({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'eu-west-1', sku: 'ml.m5.xlarge' });
    const transition = rate({ service: PriceService.STEP_FUNCTIONS, usage: PriceUsage.STANDARD_TRANSITIONS, region: 'eu-west-1', sku: 'standard' });
    expect(batchTransform).toBe(0.257);
    expect(hosting).toBe(0.257);
    expect(transition).toBe(0.000025);
    // WHEN
    const report = reportOf(createApp(exampleContext()));
    const transform = report.lines.find(l => l.path === 'NightlyScoringBatch/Scoring' && l.resourceType === 'Usage::SageMaker')!;
    const stateMachine = lineAt(report, 'NightlyScoringBatch/Scoring/Resource');
    const endpoint = lineAt(report, 'NightlyScoringRealtime/Scoring/Config');
    const stack = (name: string) => report.stacks.find(s => s.stack === name)!;

    // THEN the transform: nothing between jobs (floor $0); 30 jobs × 1 h × 1 instance expected;
    // 30 jobs × maxRuntime 3 h at the ceiling
    expect(transform.quantity).toBe(30);
    expect(transform.monthlyUsd).toEqual({ floor: 0, expected: cents(30 * 1 * batchTransform), ceiling: cents(30 * 3 * batchTransform) });
    expect(transform.monthlyUsd).toEqual({ floor: 0, expected: 7.71, ceiling: 23.13 });
    // the state machine: about 8 transitions a run × 30 runs = 240 × $0.000025 = $0.006
    expect(stateMachine.quantity).toBe(240);
    expect(stateMachine.monthlyUsd.expected).toBe(cents(240 * transition));
    // the endpoint: min = max = 1, so 730 h × $0.257 whatever the traffic, floor = expected = ceiling
    expect(endpoint.quantity).toBe(730);
    expect(endpoint.monthlyUsd).toEqual({ floor: cents(730 * hosting), expected: cents(730 * hosting), ceiling: cents(730 * hosting) });
    expect(endpoint.monthlyUsd.expected).toBe(187.61);

    // the stacks: the other lines of the batch stack (buckets, topic, log group) are usage-dependent at $0
    expect(stack('NightlyScoringBatch').monthlyUsd).toEqual({ floor: 0, expected: 7.72, ceiling: 23.14 });
    expect(stack('NightlyScoringRealtime').monthlyUsd).toEqual({ floor: 187.61, expected: 187.61, ceiling: 187.61 });
    expect(report.unpricedCount).toBe(0);
    // batch is cheaper even at its ceiling (every job running its full 3 h) than the endpoint's floor
    expect(stack('NightlyScoringBatch').monthlyUsd.ceiling).toBeLessThan(stack('NightlyScoringRealtime').monthlyUsd.floor);
    // and the closing note gives the difference: $187.61 − $7.72 = $179.89 a month
    const note = report.recommendations.find(r => r.id === 'Example-NightlyBatchScoring')!;
    expect(note.estimatedMonthlySavingUsd).toBe(179.89);
    expect(note.message).toContain('$187.61/month');
    expect(note.message).toContain('$7.72/month');
  });
});
