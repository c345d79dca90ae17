import { createApp } from '../../examples/tiered-support-assistant';
import { PriceBook, PriceQuery } from '../../lib';
import { exampleContext, lineAt, reportOf, TEST_PRICE_CACHE } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

function priceOf(query: PriceQuery): number {
  const lookup = PriceBook.load(TEST_PRICE_CACHE).lookup(query);
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}
// ml.g6e.2xlarge real-time hosting and asynchronous inference, us-east-1: $2.8026 an instance-hour (test price cache)
const G6E_2XL = priceOf({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g6e.2xlarge' });

describe('examples/tiered-support-assistant', () => {
  test('one real-time endpoint for everything vs the three paths behind TieredInferenceApi', () => {
    const report = reportOf(createApp(exampleContext()));
    // One endpoint, load in chat replies' worth (target 5 × 0.7 = 3.5 a second per instance):
    // weekdays 09-17: 6 + 600 / 3,600 × 75 = 18.5 → 6 instances; 08-09, 17-18: 6 → 2; 01-03: 1 + 5 → 2;
    // other hours 1; weekends 08-18 at 2: 5 × 68 + 2 × 36 = 412 instance-hours a week.
    const everything = lineAt(report, 'SupportRealtimeOnly/Everything/Config');
    expect(everything.quantity).toBeCloseTo(412 / 168 * 730, 1); // 1,790.24
    expect(everything.monthlyUsd.expected).toBeCloseTo(412 / 168 * 730 * G6E_2XL, 2); // $5,017.32
    // Tiered: chat alone is 2 instances for 10 h and 1 for 14 h a day (34 / 24 on average).
    const chat = lineAt(report, 'SupportTiered/Chat/Config');
    expect(chat.monthlyUsd.expected).toBeCloseTo(34 / 24 * 730 * G6E_2XL, 2); // $2,898.36
    // Documents on the async endpoint (backlogDemand, lib/cost/capacity-model.ts): 600 an hour × 30 s
    // ÷ 2 at once = 2.5 instances of work, L = 5 in process, target B = 5, max 4. Target tracking
    // settles on n = ceil(5 ÷ 5) = 1, which falls behind at g = 1/6 − 2/30 = 0.1 a second: above
    // target at once, 3 datapoints + 5 min provisioning = 480 s at 1; it scales out to
    // ceil((5 + 0.1 × 180) ÷ 5) = 5 → 4 (max), the backlog peaks at 23 + 0.1 × 300 = 53, 4 instances
    // drain it at 8/30 − 1/6 = 0.1 a second to 0.9 × 5 × 4 = 18 (350 s) and stay 900 s more:
    // 1,250 s at 4. A busy hour: (480 + 4 × 1,250) ÷ 1,730 = 3.1676 instances.
    // 09:00 wakes from zero: 420 s of wait (2-minute alarm + provisioning) queue 70, one instance
    // for 480 s, then 4 drain 118 − 5 at 0.1 a second (1,130 s) + 900 s: 8,600 instance-seconds in
    // 2,930 s, the hour = steady + (8,600 − 2,930 × steady) ÷ 3,600 = 2.9784. 10:00–17:00 = 7 × steady;
    // 17:00 the 15-minute tail = steady ÷ 4. A weekday 25.944, a week 129.72 instance-hours.
    const steady = (1 * 480 + 4 * 1250) / 1730;
    const weekday = steady + (8600 - 2930 * steady) / 3600 + 7 * steady + steady / 4;
    const documents = lineAt(report, 'SupportTiered/Documents/Config');
    expect(documents.quantity).toBeCloseTo(5 * weekday / 168 * 730, 2); // 563.66 instance-hours
    expect(documents.monthlyUsd.expected).toBeCloseTo(5 * weekday / 168 * 730 * G6E_2XL, 2); // $1,579.71
    expect(documents.monthlyUsd.floor).toBe(0);
    // The batch transform has no ml.g6e.2xlarge price in the snapshot: unpriced, with 30 × 2 h stated.
    const summaries = report.lines.find(l => l.path === 'SupportTiered/Summaries')!;
    expect(summaries.priced).toBe(false);
    // The router waits 500 ms for each of 8.1M chat replies: 8,103,000 × 0.5 s × 0.25 GB ≈ 1.01M GB-s
    const router = lineAt(report, 'SupportTiered/Inference/Router/Resource');
    expect(router.monthlyUsd.expected).toBe(15.23);
    // The requests through the front door, from the embedded snapshot (price-watcher-fork-*.json, us-east-1):
    // 8,103,000 chat + 104,286 documents (600 × 8 h × 5 days × 730 ÷ 168) + 90,000 summaries = 8,297,286
    // REST API requests × $3.50 per million = $29.04
    const api = lineAt(report, 'SupportTiered/Inference/Api/Resource');
    expect(api.quantity).toBe(8_297_286);
    expect(api.unitPriceUsd).toBe(0.0000035);
    expect(api.monthlyUsd).toEqual({ floor: 0, expected: 29.04, ceiling: 29.04 });
    // the queue: 104,286 × 3 (send, receive, delete) + 657,000 idle long polls = 969,858 × $0.40 per million = $0.39
    const queue = lineAt(report, 'SupportTiered/Inference/AsyncQueue/Resource');
    expect(queue.quantity).toBe(969_858);
    expect(queue.monthlyUsd.expected).toBe(0.39);
    // the submitter: 104,286 × $0.20 per million + 104,286 × 0.2 s × 0.25 GB = 5,214.3 GB-s × $0.0000133334 = $0.09
    expect(lineAt(report, 'SupportTiered/Inference/Submitter/Resource').monthlyUsd.expected).toBe(0.09);
    // the dashboard: one dashboard-month × $3; its two alarms: 2 metrics × $0.10 each
    expect(lineAt(report, 'SupportTiered/InferenceCosts/Resource/Resource').monthlyUsd.expected).toBe(3);
    expect(lineAt(report, 'SupportTiered/InferenceCosts/ChatCostPerThousand/Resource').monthlyUsd.expected).toBe(0.2);
    expect(lineAt(report, 'SupportTiered/InferenceCosts/DocumentsCostPerThousand/Resource').monthlyUsd.expected).toBe(0.2);
    // the months the README quotes; the batch transform is the only unpriced line
    const stackOf = (stack: string) => report.stacks.find(s => s.stack === stack)!;
    expect(stackOf('SupportRealtimeOnly').monthlyUsd.expected).toBe(5017.32);
    expect(stackOf('SupportTiered').monthlyUsd.expected).toBe(4527.82);
    expect(stackOf('SupportTiered').unpricedCount).toBe(1);
    expect(report.recommendations.find(r => r.id === 'Example-TieredSupportAssistant')!.estimatedMonthlySavingUsd).toBe(489.5);
  });
});
