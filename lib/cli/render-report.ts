import { renderMarkdown, renderTable } from '../cost/private/render';
import { CostReportData } from '../cost/report-schema';
import { reportJson } from '../cost/private/report-json';

/** Output formats of `cdk-cost report` and `cdk-cost diff`. */
export type OutputFormat = 'table' | 'json' | 'markdown';

/** The formats, for validation and help. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'markdown'];

/**
 * The report as a plain-text table: the table `cdk synth` prints, with the unpriced lines moved
 * out of the stack tables into their own section at the end, each with its reason.
 */
export function renderReportTable(report: CostReportData): string {
  const unpriced = report.lines.filter(l => !l.priced);
  const table = renderTable({ ...report, lines: report.lines.filter(l => l.priced) });
  if (unpriced.length === 0) return table;
  const out = [`Unpriced lines, not in the totals (${unpriced.length})`];
  for (const l of unpriced) {
    out.push(`  ! ${l.path} — ${l.description} (${l.resourceType}): ${l.reason ?? 'no reason given'}`);
  }
  return `${table}\n${out.join('\n')}\n`;
}

/** The report in the chosen format. Markdown is the same as `cdk.out/cost-report.md`. */
export function renderReport(report: CostReportData, format: OutputFormat): string {
  switch (format) {
    case 'json': return reportJson(report);
    case 'markdown': return renderMarkdown(report);
    case 'table': return renderReportTable(report);
  }
}
