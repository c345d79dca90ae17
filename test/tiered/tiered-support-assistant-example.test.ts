import { createApp } from '../../examples/tiered-support-assistant';
import { exampleContext, lineAt, reportOf } from '../helpers';

const G6E_2XL = 2.8026; // ml.g6e.2xlarge real-time hosting and asynchronous inference, us-east-1 (price book)

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
    // Documents on the async endpoint: 600 × 30 s ÷ 2 = 2.5 busy instances 40 h a week, plus one
    // instance's 15-minute scale-in tail each weekday: 101.25 instance-hours a week.
    const documents = lineAt(report, 'SupportTiered/Documents/Config');
    expect(documents.quantity).toBeCloseTo((2.5 * 40 + 0.25 * 5) / 168 * 730, 2); // 439.96 instance-hours
    expect(documents.monthlyUsd.expected).toBeCloseTo((2.5 * 40 + 0.25 * 5) / 168 * 730 * G6E_2XL, 2); // $1,233.02
    expect(documents.monthlyUsd.floor).toBe(0);
    // The batch transform has no ml.g6e.2xlarge price in the snapshot: unpriced, with 30 × 2 h stated.
    const summaries = report.lines.find(l => l.path === 'SupportTiered/Summaries')!;
    expect(summaries.priced).toBe(false);
    // The router waits 500 ms for each of 8.1M chat replies: 8,103,000 × 0.5 s × 0.25 GB ≈ 1.01M GB-s
    const router = lineAt(report, 'SupportTiered/Inference/Router/Resource');
    expect(router.monthlyUsd.expected).toBe(15.23);
    // the months the README quotes
    const total = (stack: string) => report.stacks.find(s => s.stack === stack)!.monthlyUsd.expected;
    expect(total('SupportRealtimeOnly')).toBe(5017.32);
    expect(total('SupportTiered')).toBe(4148.7);
    expect(report.recommendations.find(r => r.id === 'Example-TieredSupportAssistant')!.estimatedMonthlySavingUsd).toBe(868.62);
  });
});
