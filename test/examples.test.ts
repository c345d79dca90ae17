import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CostReport } from '../lib';
import { reportJson } from '../lib/cost/private/report-json';
import { exampleContext } from './helpers';

// Every example is a complete app: `examples/<name>.ts` (or `examples/<name>/app.ts`) exports
// `createApp(context?)` and synthesizes itself when run directly. Each must synthesize clean
// under the rule packs it registers (a violation fails synth) and price what it deploys.
const root = path.join(__dirname, '..', 'examples');
const exampleFiles = fs.readdirSync(root, { withFileTypes: true }).flatMap(entry => {
  if (entry.isFile() && entry.name.endsWith('.ts')) return [path.join(root, entry.name)];
  if (entry.isDirectory() && fs.existsSync(path.join(root, entry.name, 'app.ts'))) return [path.join(root, entry.name, 'app.ts')];
  return [];
});

describe('examples', () => {
  test('there is at least one example', () => {
    expect(exampleFiles.length).toBeGreaterThan(0);
  });

  test.each(exampleFiles.map(f => [path.relative(root, f), f]))('%s synthesizes clean under its rule packs and prices what it deploys', (_name, file) => {
    // GIVEN
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { createApp: (context?: Record<string, unknown>) => App };
    // Over the test price cache (exampleContext): the embedded snapshot leaves most SageMaker lines unpriced (issue 14).
    const app = mod.createApp(exampleContext());
    // WHEN
    const assembly = app.synth();
    // THEN
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'cost-report.json'), 'utf-8'));
    expect(report.lines.length).toBeGreaterThan(0);
    expect(report.totals.monthlyUsd.ceiling).toBeGreaterThan(0);
    // The file is the computed data as JSON (an unpriced line's absent quantity written as null).
    expect(report).toEqual(JSON.parse(reportJson(CostReport.of(app).compute())));
    expect(report.lines.filter((l: { priced: boolean }) => !l.priced).every((l: { quantity: unknown }) => l.quantity === null)).toBe(true);
  });
});
