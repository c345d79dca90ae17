import { App, Stack } from 'aws-cdk-lib';
import { CostLineData, CostReport, CostReportData } from '../lib';

/** An app for tests: the report is on but does not print its table. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { 'cdk-cost-aware-inference:print': false, ...context } });
}

/** An app and a stack in us-east-1 (unless another region is given). */
export function testStack(region = 'us-east-1', context: Record<string, unknown> = {}): { app: App; stack: Stack } {
  const app = testApp(context);
  const stack = new Stack(app, 'TestStack', { env: { region, account: '123456789012' } });
  return { app, stack };
}

/** The app's report, computed now. */
export function reportOf(app: App): CostReportData {
  return CostReport.of(app).compute();
}

/** The lines of a report whose path is `path` or starts with `path/`. */
export function linesAt(report: CostReportData, path: string): CostLineData[] {
  return report.lines.filter(l => l.path === path || l.path.startsWith(`${path}/`));
}

/** The one line at a path (fails the test when there is not exactly one). */
export function lineAt(report: CostReportData, path: string): CostLineData {
  const lines = linesAt(report, path);
  if (lines.length !== 1) {
    throw new Error(`expected one line at ${path}, found ${lines.length}: ${JSON.stringify(lines.map(l => l.description))}`);
  }
  return lines[0];
}
