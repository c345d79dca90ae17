import { createApp } from '../../examples/intermittent-classifier';
import { PriceQuery, PriceBook } from '../../lib';
import { exampleContext, lineAt, reportOf, TEST_PRICE_CACHE } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

/**
 * A rate from the book these tests price with, failing the test when it is missing. The embedded
 * snapshot has no citable SageMaker serverless or ml.m5.large figure (issue 14): the example is
 * priced over the test price cache, which keeps the figures the hand-typed book had.
 */
function rate(query: PriceQuery): number {
  const lookup = PriceBook.load(TEST_PRICE_CACHE).lookup(query);
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}

const cents = (usd: number): number => Math.round(usd * 100) / 100;

describe('examples/intermittent-classifier', () => {
  test('office-hours traffic costs cents on serverless inference and a whole ml.m5.large month on a real-time endpoint', () => {
    // GIVEN the us-east-1 rates (pinned: a change of price must be noticed here and in the README)
    const gbSecond = rate({ service: PriceService.SAGEMAKER, usage: PriceUsage.SERVERLESS_COMPUTE, region: 'us-east-1', sku: 'serverless' });
    const hosting = rate({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.m5.large' });
    expect(gbSecond).toBe(0.00002);
    expect(hosting).toBe(0.115);
    // WHEN
    const report = reportOf(createApp(exampleContext()));
    const serverless = lineAt(report, 'TicketClassifierServerless/Classifier/Config');
    const realtime = lineAt(report, 'TicketClassifierRealtime/Classifier/Config');
    const stack = (name: string) => report.stacks.find(s => s.stack === name)!;

    // THEN serverless: 0.1 requests/s × 3,600 s × 10 h × 5 weekdays = 18,000 requests a week,
    // × 730 / 168 weeks a month = 78,214.29 requests; × 0.25 s × 2 GB = 39,107.14 GB-seconds
    const requestsPerMonth = 0.1 * 3600 * 10 * 5 * 730 / 168;
    const gbSeconds = requestsPerMonth * 0.25 * 2;
    expect(requestsPerMonth).toBeCloseTo(78214.29, 2);
    expect(serverless.quantity).toBeCloseTo(gbSeconds, 3);
    // floor $0 (no requests); expected 39,107.14 × $0.00002 = $0.78; ceiling both slots of 2 GB
    // busy every second of 730 h = 2 × 2 × 2,628,000 × $0.00002 = $210.24
    expect(serverless.monthlyUsd).toEqual({ floor: 0, expected: cents(gbSeconds * gbSecond), ceiling: cents(2 * 2 * 730 * 3600 * gbSecond) });
    expect(serverless.monthlyUsd).toEqual({ floor: 0, expected: 0.78, ceiling: 210.24 });
    // real-time: one ml.m5.large all month, 730 h × $0.115 = $83.95, whatever the traffic
    expect(realtime.quantity).toBe(730);
    expect(realtime.monthlyUsd).toEqual({ floor: cents(730 * hosting), expected: cents(730 * hosting), ceiling: cents(730 * hosting) });
    expect(realtime.monthlyUsd.expected).toBe(83.95);

    // the stacks hold one line each
    expect(stack('TicketClassifierServerless').monthlyUsd).toEqual(serverless.monthlyUsd);
    expect(stack('TicketClassifierRealtime').monthlyUsd).toEqual(realtime.monthlyUsd);
    expect(report.unpricedCount).toBe(0);
    // serverless is expected to cost less than the real-time floor; its ceiling (the bound the
    // template sets, not a forecast) is above the always-on instance, as the example says
    expect(serverless.monthlyUsd.expected).toBeLessThan(realtime.monthlyUsd.floor);
    expect(serverless.monthlyUsd.ceiling).toBeGreaterThan(realtime.monthlyUsd.ceiling);
    // the closing note gives the difference: $83.95 − $0.78 = $83.17 a month
    const note = report.recommendations.find(r => r.id === 'Example-IntermittentClassifier')!;
    expect(note.estimatedMonthlySavingUsd).toBe(83.17);
  });
});
