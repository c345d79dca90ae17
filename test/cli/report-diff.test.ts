import { Stack, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { descriptionPattern, diffReports, lineKey } from '../../lib/cli/report-diff';
import { renderDiffMarkdown, renderDiffTable } from '../../lib/cli/render-diff';
import { reportOf, testApp } from '../helpers';
import { pricedLine, reportOf as reportFrom, unpricedLine } from './report-builder';
import { PriceBookKind } from '../../lib/pricing/price-entry';
import { RegionSource } from '../../lib/cost/report-schema';

describe('lineKey', () => {
  test('joins stack, construct path and description', () => {
    expect(lineKey({ stack: 'S', path: 'S/Group', description: 'g5.xlarge Auto Scaling group, Spot share' }))
      .toBe('S | S/Group | g5.xlarge Auto Scaling group, Spot share');
  });
});

describe('descriptionPattern', () => {
  test('masks instance types and numbers, keeps the rest', () => {
    expect(descriptionPattern('ml.g5.xlarge real-time hosting, variant AllTraffic')).toBe('<type> real-time hosting, variant AllTraffic');
    expect(descriptionPattern('ml.inf2.48xlarge real-time hosting, variant AllTraffic')).toBe('<type> real-time hosting, variant AllTraffic');
    expect(descriptionPattern('g5.xlarge/g4dn.2xlarge Auto Scaling group, Spot share')).toBe('<type>/<type> Auto Scaling group, Spot share');
    expect(descriptionPattern('serverless inference, variant A, 2048 MB')).toBe('serverless inference, variant A, # MB');
  });
});

describe('diffReports', () => {
  test('identical reports have no change', () => {
    // GIVEN
    const r = reportFrom([pricedLine('S', 'S/A', 'a', [1, 2, 3]), unpricedLine('S', 'S/U', 'u', 'token')]);
    // WHEN
    const d = diffReports(r, r);
    // THEN
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.unchangedCount).toBe(2);
    expect(d.totals.deltaUsd).toEqual({ floor: 0, expected: 0, ceiling: 0 });
    expect(d.unpriced.stillUnpriced.map(l => l.path)).toEqual(['S/U']);
    expect(d.warnings).toEqual([]);
    expect(d.notes).toEqual([]);
  });

  test('finds added, removed and changed lines and the total deltas', () => {
    // GIVEN
    const base = reportFrom([pricedLine('S', 'S/A', 'a', [10, 20, 30]), pricedLine('S', 'S/Gone', 'gone', [0, 5, 5])]);
    const head = reportFrom([pricedLine('S', 'S/A', 'a', [10, 25, 40]), pricedLine('S', 'S/New', 'new', [1, 1, 1])]);
    // WHEN
    const d = diffReports(base, head);
    // THEN
    expect(d.added.map(c => c.after!.path)).toEqual(['S/New']);
    expect(d.removed.map(c => c.before!.path)).toEqual(['S/Gone']);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]).toMatchObject({ key: 'S | S/A | a', matchedBy: 'key', deltaUsd: { floor: 0, expected: 5, ceiling: 10 } });
    // floor 11 − 10; expected (25 + 1) − (20 + 5); ceiling (40 + 1) − (30 + 5)
    expect(d.totals.deltaUsd).toEqual({ floor: 1, expected: 1, ceiling: 6 });
    expect(d.totals.deltaPercent).toEqual({ floor: 10, expected: 4, ceiling: 17.1 });
  });

  test('keeps the on-demand and Spot lines of one resource apart', () => {
    // GIVEN two lines at one path, told apart by their description
    const base = reportFrom([pricedLine('S', 'S/Group', 'g5.xlarge Auto Scaling group, on-demand share', [0, 100, 400]),
      pricedLine('S', 'S/Group', 'g5.xlarge Auto Scaling group, Spot share', [0, 40, 400])]);
    const head = reportFrom([pricedLine('S', 'S/Group', 'g5.xlarge Auto Scaling group, on-demand share', [0, 100, 400]),
      pricedLine('S', 'S/Group', 'g5.xlarge Auto Scaling group, Spot share', [0, 80, 400])]);
    // WHEN
    const d = diffReports(base, head);
    // THEN only the Spot share changed
    expect(d.changed.map(c => c.after!.description)).toEqual(['g5.xlarge Auto Scaling group, Spot share']);
    expect(d.changed[0].deltaUsd).toEqual({ floor: 0, expected: 40, ceiling: 0 });
    expect(d.unchangedCount).toBe(1);
  });

  test('pairs a line whose instance type changed with its old line', () => {
    // GIVEN two variants at one path, one of which moves to a bigger instance
    const base = reportFrom([pricedLine('S', 'S/Config', 'ml.g5.xlarge real-time hosting, variant A', [10, 10, 10]),
      pricedLine('S', 'S/Config', 'ml.g5.xlarge real-time hosting, variant B', [10, 10, 10])]);
    const head = reportFrom([pricedLine('S', 'S/Config', 'ml.g5.2xlarge real-time hosting, variant A', [15, 15, 15]),
      pricedLine('S', 'S/Config', 'ml.g5.xlarge real-time hosting, variant B', [10, 10, 10])]);
    // WHEN
    const d = diffReports(base, head);
    // THEN
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]).toMatchObject({
      matchedBy: 'description-pattern',
      before: { description: 'ml.g5.xlarge real-time hosting, variant A' },
      after: { description: 'ml.g5.2xlarge real-time hosting, variant A' },
      deltaUsd: { floor: 5, expected: 5, ceiling: 5 },
    });
  });

  test('pairs the only leftover lines at one path even when their descriptions differ', () => {
    const base = reportFrom([pricedLine('S', 'S/Group', 'g5.xlarge Auto Scaling group', [0, 0, 100])]);
    const head = reportFrom([pricedLine('S', 'S/Group', 'g5.xlarge Auto Scaling group, on-demand share', [0, 0, 100])]);
    const d = diffReports(base, head);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0].matchedBy).toBe('path');
    expect(d.changed[0].deltaUsd).toEqual({ floor: 0, expected: 0, ceiling: 0 });
  });

  test('matches the lines of a renamed stack and notes the rename', () => {
    // GIVEN the same resources under a stack with a new construct id and name
    const base = reportFrom([pricedLine('Old', 'Old/Api/Config', 'a', [1, 2, 3]), pricedLine('Old', 'Old/Nb', 'b', [0, 4, 4])]);
    const head = reportFrom([pricedLine('New', 'New/Api/Config', 'a', [1, 2, 3]), pricedLine('New', 'New/Nb', 'b', [0, 5, 5])]);
    // WHEN
    const d = diffReports(base, head);
    // THEN
    expect(d.stacks).toEqual({ added: [], removed: [], renamed: [{ from: 'Old', to: 'New', lineCount: 2 }] });
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]).toMatchObject({ matchedBy: 'stack-rename', before: { stack: 'Old', path: 'Old/Nb' }, after: { stack: 'New', path: 'New/Nb' } });
    expect(d.notes).toEqual(['stack Old is now New: its 2 line(s) were matched across the rename (same resources below the stack)']);
  });

  test('matches a stack renamed by stackName alone (same construct paths)', () => {
    const base = reportFrom([pricedLine('prod-api', 'Api/Config', 'a', [1, 2, 3])]);
    const head = reportFrom([pricedLine('prod-api-v2', 'Api/Config', 'a', [1, 2, 3])]);
    const d = diffReports(base, head);
    expect(d.stacks.renamed).toEqual([{ from: 'prod-api', to: 'prod-api-v2', lineCount: 1 }]);
    expect(d.unchangedCount).toBe(1);
  });

  test('shows a renamed stack whose resources also changed as removed and added, and says so', () => {
    // GIVEN a renamed stack that also gained a resource
    const base = reportFrom([pricedLine('Old', 'Old/A', 'a', [1, 1, 1])]);
    const head = reportFrom([pricedLine('New', 'New/A', 'a', [1, 1, 1]), pricedLine('New', 'New/B', 'b', [2, 2, 2])]);
    // WHEN
    const d = diffReports(base, head);
    // THEN
    expect(d.stacks).toEqual({ added: ['New'], removed: ['Old'], renamed: [] });
    expect(d.removed.map(c => c.key)).toEqual(['Old | Old/A | a']);
    expect(d.added.map(c => c.key)).toEqual(['New | New/A | a', 'New | New/B | b']);
    expect(d.notes[0]).toMatch(/stacks gone \(Old\) and new \(New\): a renamed stack whose resources also changed .* show as removed and added/);
  });

  test('does not guess when two new stacks could be the rename', () => {
    const base = reportFrom([pricedLine('Old', 'Old/A', 'a', [1, 1, 1])]);
    const head = reportFrom([pricedLine('New1', 'New1/A', 'a', [1, 1, 1]), pricedLine('New2', 'New2/A', 'a', [1, 1, 1])]);
    const d = diffReports(base, head);
    expect(d.stacks.renamed).toEqual([]);
    expect(d.removed).toHaveLength(1);
    expect(d.added).toHaveLength(2);
  });

  test('keys duplicate lines by their order', () => {
    const base = reportFrom([pricedLine('S', 'S/A', 'x', [1, 1, 1]), pricedLine('S', 'S/A', 'x', [2, 2, 2])]);
    const head = reportFrom([pricedLine('S', 'S/A', 'x', [1, 1, 1]), pricedLine('S', 'S/A', 'x', [3, 3, 3])]);
    const d = diffReports(base, head);
    expect(d.changed.map(c => c.key)).toEqual(['S | S/A | x #2']);
    expect(d.changed[0].deltaUsd).toEqual({ floor: 1, expected: 1, ceiling: 1 });
  });

  test('puts unpriced lines in their own section and warns when head has more', () => {
    // GIVEN base: one unpriced line that head prices; head: two new unpriced lines, one of them priced in base
    const base = reportFrom([unpricedLine('S', 'S/Fixed', 'f', 'unknown type'), pricedLine('S', 'S/Broken', 'b', [5, 5, 5])]);
    const head = reportFrom([pricedLine('S', 'S/Fixed', 'f', [2, 2, 2]), unpricedLine('S', 'S/Broken', 'b', 'token'),
      unpricedLine('S', 'S/New', 'n', 'unknown SKU')]);
    // WHEN
    const d = diffReports(base, head);
    // THEN
    expect(d.unpriced.baseCount).toBe(1);
    expect(d.unpriced.headCount).toBe(2);
    expect(d.unpriced.newInHead.map(l => l.path)).toEqual(['S/Broken', 'S/New']);
    expect(d.unpriced.resolved.map(l => l.path)).toEqual(['S/Fixed']);
    expect(d.unpriced.stillUnpriced).toEqual([]);
    // an added line with no figures is not in `added`; a line that lost or gained its price is changed
    expect(d.added).toEqual([]);
    expect(d.changed.map(c => [c.key, c.before!.priced, c.after!.priced])).toEqual([['S | S/Broken | b', true, false], ['S | S/Fixed | f', false, true]]);
    expect(d.warnings).toEqual(['head has 1 more unpriced line than base (2 vs 1): the totals and the change leave them out']);
  });

  test('notes a change of price source, hours and region', () => {
    const base = reportFrom([pricedLine('S', 'S/A', 'a', [1, 1, 1])]);
    const head = reportFrom([pricedLine('S', 'S/A', 'a', [1, 1, 1])], {
      generatedFrom: { source: PriceBookKind.CACHE, date: '2026-02-01', cacheFile: '.cdk-cost/prices.json' },
      stacks: [{ stack: 'S', region: 'eu-west-1', regionSource: RegionSource.STACK, monthlyUsd: { floor: 1, expected: 1, ceiling: 1 }, unpricedCount: 0 }],
    });
    const d = diffReports(base, head);
    expect(d.notes).toEqual([
      'prices differ: base from the embedded price snapshot of 2026-01-01, head from the refreshed price cache .cdk-cost/prices.json of 2026-02-01; some changes may come from prices, not from the app',
      'stack S is priced in us-east-1 in base and in eu-west-1 in head',
    ]);
  });

  test('gives no percentage when the base total is zero', () => {
    const d = diffReports(reportFrom([]), reportFrom([pricedLine('S', 'S/A', 'a', [0, 3, 6])]));
    expect(d.totals.deltaPercent).toEqual({ floor: 0, expected: null, ceiling: null });
  });
});

describe('diffReports on reports of the cost engine', () => {
  function endpointApp(instanceType: string, stackId = 'Api') {
    const app = testApp();
    const stack = new Stack(app, stackId, { env: { region: 'us-east-1' } });
    new sagemaker.CfnEndpointConfig(stack, 'Config', {
      productionVariants: [
        { variantName: 'A', modelName: 'm', instanceType, initialInstanceCount: 1 },
        { variantName: 'B', modelName: 'm', instanceType: 'ml.g5.xlarge', initialInstanceCount: 1 },
      ],
    });
    return reportOf(app);
  }

  test('a new instance type on one variant is one changed line', () => {
    // GIVEN
    const base = endpointApp('ml.g5.xlarge');
    const head = endpointApp('ml.g5.2xlarge');
    // WHEN
    const d = diffReports(base, head);
    // THEN
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.unchangedCount).toBe(1);
    expect(d.changed).toHaveLength(1);
    const [c] = d.changed;
    expect(c.matchedBy).toBe('description-pattern');
    expect(c.before!.description).toMatch(/^ml\.g5\.xlarge .*variant A$/);
    expect(c.after!.description).toMatch(/^ml\.g5\.2xlarge .*variant A$/);
    // the line delta is the difference of the two lines, and the total delta is that alone
    expect(c.deltaUsd.expected).toBeCloseTo(c.after!.monthlyUsd.expected - c.before!.monthlyUsd.expected, 2);
    expect(d.totals.deltaUsd.expected).toBeCloseTo(c.deltaUsd.expected, 2);
  });

  test('a stack given a new construct id is a rename with no change', () => {
    const d = diffReports(endpointApp('ml.g5.xlarge', 'Api'), endpointApp('ml.g5.xlarge', 'ApiV2'));
    expect(d.stacks.renamed).toEqual([{ from: 'Api', to: 'ApiV2', lineCount: 2 }]);
    expect(d.changed).toEqual([]);
    expect(d.unchangedCount).toBe(2);
  });
});

describe('diffReports: cheapest substrate', () => {
  const compared = (cheapest: string, alternativeUsd: number, expected = 1000) => pricedLine('S', 'S/Endpoint/Config', 'ml.g5.xlarge real-time hosting, variant A', [500, expected, 2000], {
    substrate: { substrate: 'sagemaker-realtime', description: 'SageMaker real-time endpoint, ml.g5.xlarge', priced: true, expectedMonthlyUsd: expected, cheapest: cheapest === 'sagemaker-realtime', assumptions: [], prices: [] },
    alternatives: [{ substrate: 'bedrock-on-demand', description: 'Bedrock on-demand, m', priced: true, expectedMonthlyUsd: alternativeUsd, cheapest: cheapest === 'bedrock-on-demand', assumptions: [], prices: [] }],
    cheapestSubstrate: cheapest,
    breakEven: {
      deployed: 'sagemaker-realtime', against: 'bedrock-on-demand', found: true, scale: 1.5, averageRequestsPerSecond: 3, peakRequestsPerSecond: 3,
      cheaperAbove: 'sagemaker-realtime', cheaperBelow: 'bedrock-on-demand', minScale: 1 / 64, maxScale: 64, summary: 'above 3 requests/s ...',
    },
  });

  test('reports a change of cheapest substrate even when the line\'s own figures are the same', () => {
    // GIVEN base: Bedrock at $800 is cheapest; head: Bedrock's price rose to $1,200, the endpoint ($1,000) is
    const base = reportFrom([compared('bedrock-on-demand', 800)]);
    const head = reportFrom([compared('sagemaker-realtime', 1200)]);
    // WHEN
    const d = diffReports(base, head);
    // THEN
    expect(d.changed).toEqual([]);
    expect(d.cheapestSubstrateChanges).toEqual([{
      key: 'S | S/Endpoint/Config | ml.g5.xlarge real-time hosting, variant A',
      stack: 'S', path: 'S/Endpoint/Config',
      before: { substrate: 'bedrock-on-demand', description: 'Bedrock on-demand, m', expectedMonthlyUsd: 800 },
      after: { substrate: 'sagemaker-realtime', description: 'SageMaker real-time endpoint, ml.g5.xlarge', expectedMonthlyUsd: 1000 },
      breakEven: 'above 3 requests/s ...',
    }]);
    const table = renderDiffTable(d);
    expect(table).toContain('Cheapest substrate changed (1)');
    expect(table).toContain('⇄ S/Endpoint/Config — cheapest: Bedrock on-demand, m ($800.00) → SageMaker real-time endpoint, ml.g5.xlarge ($1,000.00)');
    expect(renderDiffMarkdown(d)).toContain('> ⇄ `S/Endpoint/Config` cheapest: Bedrock on-demand, m ($800.00) → SageMaker real-time endpoint, ml.g5.xlarge ($1,000.00)');
  });

  test('no change when the cheapest stays the same, and a comparison that appears is reported', () => {
    expect(diffReports(reportFrom([compared('bedrock-on-demand', 800)]), reportFrom([compared('bedrock-on-demand', 700)])).cheapestSubstrateChanges).toEqual([]);
    const plain = reportFrom([pricedLine('S', 'S/Endpoint/Config', 'ml.g5.xlarge real-time hosting, variant A', [500, 1000, 2000])]);
    const d = diffReports(plain, reportFrom([compared('bedrock-on-demand', 800)]));
    expect(d.cheapestSubstrateChanges).toHaveLength(1);
    expect(d.cheapestSubstrateChanges[0].before).toBeUndefined();
    expect(renderDiffTable(d)).toContain('cheapest: not compared → Bedrock on-demand, m ($800.00)');
  });
});
