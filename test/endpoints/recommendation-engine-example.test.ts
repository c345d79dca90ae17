import { createApp } from '../../examples/recommendation-engine';
import { exampleContext, lineAt, reportOf } from '../helpers';

describe('examples/recommendation-engine', () => {
  test('the naive build costs 4 instances all month; the RealtimeEndpoint build follows the traffic', () => {
    // GIVEN
    const app = createApp(exampleContext());
    // WHEN
    const report = reportOf(app);
    const naive = lineAt(report, 'RecommenderNaive/Recommender/Config');
    const autoscaled = lineAt(report, 'RecommenderAutoscaled/Recommender/Config');
    // THEN naive: 4 × 730 h × $1.4084 = $4,112.53
    expect(naive.monthlyUsd.expected).toBeCloseTo(4 * 730 * 1.4084, 2);
    // autoscaled: 2 h × 4 + 6 night hours × 1 + 16 h × 2 = 46 instance-hours a day → 46 / 24 × 730 × $1.4084 = $1,970.59
    expect(autoscaled.monthlyUsd.expected).toBeCloseTo(46 / 24 * 730 * 1.4084, 2);
    expect(autoscaled.monthlyUsd.expected).toBe(1970.59);
    expect(naive.monthlyUsd.expected).toBe(4112.53);
    // the saving the README quotes: $2,141.94 a month
    expect(naive.monthlyUsd.expected - autoscaled.monthlyUsd.expected).toBeCloseTo(2141.94, 2);
  });
});
