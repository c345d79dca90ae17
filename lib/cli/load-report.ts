import * as fs from 'fs';
import * as path from 'path';
import { CostLineData, CostReportData, MonthlyRange, RegionSource, REPORT_SCHEMA_VERSION, StackSummaryData } from '../cost/report-schema';
import { CliError } from './errors';
import { PriceBookKind } from '../pricing/price-entry';

/**
 * The report file `cdk synth` writes into the assembly folder. Same value as `REPORT_JSON_FILE`
 * in `lib/cost/cost-report.ts`; not imported from there because that module loads aws-cdk-lib,
 * which would add about a second to every `cdk-cost` run (a test pins the two together).
 */
export const REPORT_FILE_NAME = 'cost-report.json';

/** A report read from disk, with where it came from. */
export interface LoadedReport {
  /** The path as the user gave it, for messages. */
  readonly label: string;
  /** The JSON file actually read. */
  readonly file: string;
  /** The report, with optional lists filled in (`stacks`, `recommendations`, `notes`). */
  readonly report: CostReportData;
}

/**
 * Reads a cost report from a `cost-report.json` file or from an assembly folder (`cdk.out`)
 * that holds one. Throws a `CliError` with a message a person can act on when the input is
 * unusable: missing, not JSON, not a cost report, or written with another schema version.
 */
export function loadReport(input: string): LoadedReport {
  if (!fs.existsSync(input)) {
    throw new CliError(`${input}: no such file or folder. Give a cost-report.json or a cdk.out folder ` +
      '(run `npx cdk synth` first to write cdk.out/cost-report.json).');
  }
  let file = input;
  if (fs.statSync(input).isDirectory()) {
    file = path.join(input, REPORT_FILE_NAME);
    if (!fs.existsSync(file)) {
      const isAssembly = fs.existsSync(path.join(input, 'manifest.json'));
      throw new CliError(isAssembly
        ? `${input} is a cloud assembly with no ${REPORT_FILE_NAME}: the app was synthesized without the cost report. ` +
          'Use a construct of cdk-cost-aware-inference or call CostReport.of(app), and check that context ' +
          "'cdk-cost-aware-inference:report' is not false."
        : `${input} has no ${REPORT_FILE_NAME}: give a cost-report.json or the cdk.out folder of a synthesized app.`);
    }
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`${file}: cannot read it (${(e as Error).message})`);
  }
  return { label: input, file, report: parseReport(text, file) };
}

/** Parses and checks the text of a `cost-report.json`; `label` names it in messages. */
export function parseReport(text: string, label: string): CostReportData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${label} is not valid JSON (${(e as Error).message}): give the cost-report.json that \`cdk synth\` wrote.`);
  }
  if (!isObject(data) || !('schemaVersion' in data)) {
    throw new CliError(`${label} is not a cdk-cost report: it has no schemaVersion.`);
  }
  if (data.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new CliError(`${label} is a cost report of schemaVersion ${JSON.stringify(data.schemaVersion)}; this cdk-cost reads ` +
      `schemaVersion ${REPORT_SCHEMA_VERSION}. Synthesize both sides with the same version of cdk-cost-aware-inference, ` +
      'or run the cdk-cost of the version that wrote the report.');
  }
  const problems: string[] = [];
  if (!isObject(data.totals) || !isRange(data.totals.monthlyUsd)) problems.push('totals.monthlyUsd must have numbers floor, expected and ceiling');
  if (!Array.isArray(data.lines)) {
    problems.push('lines must be an array');
  } else {
    data.lines.forEach((line, i) => {
      const missing = lineProblems(line);
      if (missing.length > 0) problems.push(`lines[${i}]: ${missing.join(', ')}`);
    });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5);
    if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
    throw new CliError(`${label} is not a valid cost report (schemaVersion ${REPORT_SCHEMA_VERSION}):\n  ${shown.join('\n  ')}`);
  }
  return normalize(data as unknown as CostReportData);
}

/** Fills in what older or hand-made reports may lack, so renderers can rely on it. */
function normalize(report: CostReportData): CostReportData {
  const lines = report.lines.map(l => ({ ...l, assumptions: Array.isArray(l.assumptions) ? l.assumptions : [] }));
  const unpricedCount = typeof report.unpricedCount === 'number' ? report.unpricedCount : lines.filter(l => !l.priced).length;
  return {
    ...report,
    currency: 'USD',
    generatedFrom: isObject(report.generatedFrom) ? report.generatedFrom : { source: PriceBookKind.SNAPSHOT, date: 'unknown' },
    hoursPerMonth: typeof report.hoursPerMonth === 'number' ? report.hoursPerMonth : 730,
    totals: { monthlyUsd: report.totals.monthlyUsd, lineCount: typeof report.totals.lineCount === 'number' ? report.totals.lineCount : lines.length },
    unpricedCount,
    stacks: Array.isArray(report.stacks) ? report.stacks : stacksOf(lines),
    lines,
    recommendations: Array.isArray(report.recommendations) ? report.recommendations : [],
    notes: Array.isArray(report.notes) ? report.notes : [],
  };
}

function stacksOf(lines: CostLineData[]): StackSummaryData[] {
  const names = [...new Set(lines.map(l => l.stack))];
  return names.map(stack => {
    const own = lines.filter(l => l.stack === stack);
    const sum = (k: keyof MonthlyRange) => Math.round(own.reduce((s, l) => s + l.monthlyUsd[k], 0) * 100) / 100;
    return {
      stack,
      region: own.find(l => l.price)?.price?.region ?? 'unknown',
      regionSource: RegionSource.STACK,
      monthlyUsd: { floor: sum('floor'), expected: sum('expected'), ceiling: sum('ceiling') },
      unpricedCount: own.filter(l => !l.priced).length,
    };
  });
}

function lineProblems(line: unknown): string[] {
  if (!isObject(line)) return ['not an object'];
  const problems: string[] = [];
  for (const key of ['stack', 'path', 'description'] as const) {
    if (typeof line[key] !== 'string') problems.push(`${key} must be a string`);
  }
  if (typeof line.priced !== 'boolean') problems.push('priced must be true or false');
  if (!isRange(line.monthlyUsd)) problems.push('monthlyUsd must have numbers floor, expected and ceiling');
  return problems;
}

function isRange(value: unknown): value is MonthlyRange {
  return isObject(value) && ['floor', 'expected', 'ceiling'].every(k => typeof value[k] === 'number' && Number.isFinite(value[k] as number));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
