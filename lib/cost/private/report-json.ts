import { CostReportData } from '../report-schema';

/** Fields of a line that cost-report.json writes as `null` when the line is unpriced. */
const NULL_WHEN_ABSENT = new Set(['quantity', 'unitPriceUsd', 'expectedMonthlyUsd']);

/**
 * The text of `cost-report.json`. The data has no `null` (jsii languages cannot state one), so
 * an unpriced line's `quantity` and `unitPriceUsd` (and an unpriced substrate's `expectedMonthlyUsd`) are undefined there; the file keeps writing
 * them as `null`, in place, as schema version 1 always has.
 */
export function reportJson(report: CostReportData): string {
  return JSON.stringify(report, (key, value) => (value === undefined && NULL_WHEN_ABSENT.has(key) ? null : value), 2) + '\n';
}
