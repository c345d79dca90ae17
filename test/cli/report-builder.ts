import { CostLineData, CostReportData, MonthlyRange, RegionSource } from '../../lib/cost/report-schema';
import { PriceBookKind } from '../../lib/pricing/price-entry';

/*
 * Builders for in-memory cost reports. Unit prices here are made-up round numbers that keep the
 * arithmetic visible: the CLI only compares figures, it never prices anything.
 */

/** A priced line: `monthly` as [floor, expected, ceiling]. */
export function pricedLine(stack: string, path: string, description: string, monthly: [number, number, number],
  extra: Partial<CostLineData> = {}): CostLineData {
  return {
    stack, path, resourceType: 'AWS::SageMaker::EndpointConfig', description,
    quantity: 730, unit: 'instance-hour', unitPriceUsd: 1,
    monthlyUsd: { floor: monthly[0], expected: monthly[1], ceiling: monthly[2] },
    priced: true, assumptions: ['730 hours a month'], ...extra,
  };
}

/** An unpriced line with its reason. */
export function unpricedLine(stack: string, path: string, description: string, reason: string): CostLineData {
  return {
    stack, path, resourceType: 'AWS::SageMaker::EndpointConfig', description,
    quantity: undefined, unit: 'instance-hour', unitPriceUsd: undefined,
    monthlyUsd: { floor: 0, expected: 0, ceiling: 0 }, priced: false, reason, assumptions: [],
  };
}

/** A report whose totals and stacks are summed from its lines, as the engine does. */
export function reportOf(lines: CostLineData[], overrides: Partial<CostReportData> = {}): CostReportData {
  const sum = (ls: CostLineData[]): MonthlyRange => ({
    floor: round(ls.reduce((s, l) => s + l.monthlyUsd.floor, 0)),
    expected: round(ls.reduce((s, l) => s + l.monthlyUsd.expected, 0)),
    ceiling: round(ls.reduce((s, l) => s + l.monthlyUsd.ceiling, 0)),
  });
  const stacks = [...new Set(lines.map(l => l.stack))].map(stack => {
    const own = lines.filter(l => l.stack === stack);
    return { stack, region: 'us-east-1', regionSource: RegionSource.STACK, monthlyUsd: sum(own), unpricedCount: own.filter(l => !l.priced).length };
  });
  return {
    schemaVersion: 1, currency: 'USD', generatedFrom: { source: PriceBookKind.SNAPSHOT, date: '2026-01-01' }, hoursPerMonth: 730,
    totals: { monthlyUsd: sum(lines), lineCount: lines.length }, unpricedCount: lines.filter(l => !l.priced).length,
    stacks, lines, recommendations: [], notes: [], ...overrides,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
