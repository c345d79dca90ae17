import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CostLineData, CostReport, CostReportData } from '../lib';

/**
 * A price cache for tests of pricing mechanics: the figures of the hand-typed book that the built
 * snapshot no longer has (no source a reader can open, or older than 18 months), layered over the
 * snapshot as a refreshed cache would be. It only adds keys the snapshot lacks.
 */
export const TEST_PRICE_CACHE = path.join(__dirname, 'pricing', 'fixtures', 'test-prices.json');

/** An app for tests: the report is on but does not print its table, and prices over the test price cache. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { 'cdk-cost-aware-inference:print': false, 'cdk-cost-aware-inference:priceCache': TEST_PRICE_CACHE, ...context } });
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
