import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliError } from '../../lib/cli/errors';
import { loadReport, parseReport, REPORT_FILE_NAME } from '../../lib/cli/load-report';
import { REPORT_JSON_FILE } from '../../lib/cost/cost-report';

const FIXTURES = path.join(__dirname, 'fixtures');

describe('loadReport', () => {
  test('reads the report file synth writes into cdk.out', () => {
    expect(REPORT_FILE_NAME).toBe(REPORT_JSON_FILE);
  });

  test('reads a cdk.out folder and a report file alike', () => {
    const fromFolder = loadReport(path.join(FIXTURES, 'base-cdk.out'));
    const fromFile = loadReport(path.join(FIXTURES, 'base-cdk.out', 'cost-report.json'));
    expect(fromFolder.file).toBe(path.join(FIXTURES, 'base-cdk.out', 'cost-report.json'));
    expect(fromFolder.report).toEqual(fromFile.report);
    expect(fromFolder.report.totals.monthlyUsd).toEqual({ floor: 730, expected: 4161, ceiling: 9125 });
  });

  test('fails when the path does not exist', () => {
    expect(() => loadReport('no/such/cdk.out')).toThrow(new CliError('no/such/cdk.out: no such file or folder. Give a cost-report.json or a cdk.out folder ' +
      '(run `npx cdk synth` first to write cdk.out/cost-report.json).'));
  });

  test('fails when a cloud assembly has no report, and says how to turn it on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
    expect(() => loadReport(dir)).toThrow(/is a cloud assembly with no cost-report.json: the app was synthesized without the cost report/);
    fs.rmSync(path.join(dir, 'manifest.json'));
    expect(() => loadReport(dir)).toThrow(/has no cost-report.json: give a cost-report.json or the cdk.out folder of a synthesized app/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('parseReport', () => {
  test('fails when the text is not JSON', () => {
    expect(() => parseReport('{"schemaVersion": 1,', 'r.json')).toThrow(/^r.json is not valid JSON \(.*\): give the cost-report.json that `cdk synth` wrote.$/);
  });

  test('fails when the JSON is not a report', () => {
    expect(() => parseReport('[1, 2]', 'r.json')).toThrow('r.json is not a cdk-cost report: it has no schemaVersion.');
  });

  test('fails when the schema version is another one, naming both', () => {
    expect(() => parseReport('{"schemaVersion": 2}', 'r.json')).toThrow('r.json is a cost report of schemaVersion 2; this cdk-cost reads schemaVersion 1.');
  });

  test('fails when required fields are missing, listing each', () => {
    const text = JSON.stringify({ schemaVersion: 1, totals: {}, lines: [{ stack: 'S', path: 'S/A', priced: 'yes', monthlyUsd: { floor: 1 } }] });
    expect(() => parseReport(text, 'r.json')).toThrow('r.json is not a valid cost report (schemaVersion 1):\n' +
      '  totals.monthlyUsd must have numbers floor, expected and ceiling\n' +
      '  lines[0]: description must be a string, priced must be true or false, monthlyUsd must have numbers floor, expected and ceiling');
  });

  test('fills in the lists a minimal report leaves out', () => {
    const r = parseReport(JSON.stringify({
      schemaVersion: 1, totals: { monthlyUsd: { floor: 1, expected: 2, ceiling: 3 } },
      lines: [{ stack: 'S', path: 'S/A', description: 'a', priced: true, monthlyUsd: { floor: 1, expected: 2, ceiling: 3 } }],
    }), 'r.json');
    expect(r.stacks).toEqual([{ stack: 'S', region: 'unknown', regionSource: 'stack', monthlyUsd: { floor: 1, expected: 2, ceiling: 3 }, unpricedCount: 0 }]);
    expect(r.unpricedCount).toBe(0);
    expect(r.totals.lineCount).toBe(1);
    expect(r.lines[0].assumptions).toEqual([]);
    expect(r.recommendations).toEqual([]);
    expect(r.notes).toEqual([]);
  });
});
