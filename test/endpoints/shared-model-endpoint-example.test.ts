import { createApp } from '../../examples/shared-model-endpoint';
import { exampleContext, lineAt, reportOf } from '../helpers';

const G5_XLARGE = 1.4084; // ml.g5.xlarge real-time hosting, us-east-1 (price book)
const M5_XLARGE = 0.23; // ml.m5.xlarge real-time hosting, us-east-1 (price book)

describe('examples/shared-model-endpoint', () => {
  test('three RealtimeEndpoints keep three instances warm; one ComponentEndpoint packs the copies and scales to zero', () => {
    // GIVEN
    const app = createApp(exampleContext());
    // WHEN
    const report = reportOf(app);
    const summarizer = lineAt(report, 'AssistantSeparate/Summarizer/Config');
    const classifier = lineAt(report, 'AssistantSeparate/Classifier/Config');
    const translator = lineAt(report, 'AssistantSeparate/Translator/Config');
    const shared = lineAt(report, 'AssistantShared/Assistant/Config');
    // THEN separate: the summarizer runs ceil(20 / 7) = 3 instances 40 h a week and 1 the other 128 h
    // (248 / 168 instances on average); the classifier and translator 1 each all month.
    expect(summarizer.monthlyUsd.expected).toBeCloseTo(248 / 168 * 730 * G5_XLARGE, 2); // $1,517.72
    expect(classifier.monthlyUsd.expected).toBeCloseTo(730 * M5_XLARGE, 2); // $167.90
    expect(translator.monthlyUsd.expected).toBeCloseTo(730 * G5_XLARGE, 2); // $1,028.13
    // shared: weekdays 09:00-17:00, 3 summarizer copies (one GPU each) with the CPU classifier copy
    // beside one of them = 3 instances, plus the translator's copy from 10:00 to 12:00 = a 4th:
    // 5 × (8 × 3 + 2 × 1) = 130 instance-hours a week; none at night and at weekends.
    expect(shared.quantity).toBeCloseTo(130 / 168 * 730, 2); // 564.88 instance-hours
    expect(shared.monthlyUsd).toEqual({ floor: 0, expected: 795.58, ceiling: 6168.79 }); // ceiling 6 × 730 × 1.4084
    // the README's months: $2,713.75 against $795.88 (with three wake-from-zero alarms at $0.10)
    const total = (stack: string) => report.stacks.find(s => s.stack === stack)!.monthlyUsd.expected;
    expect(total('AssistantSeparate')).toBe(2713.75);
    expect(total('AssistantShared')).toBe(795.88);
    expect(report.recommendations.find(r => r.id === 'Example-SharedModelEndpoint')!.estimatedMonthlySavingUsd).toBe(1917.87);
  });
});
