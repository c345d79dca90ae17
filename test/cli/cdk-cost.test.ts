import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The command run as a process, through the same shim as `npx cdk-cost`: output, exit codes, and
// no stack trace on bad input. Each run costs about a second, so the variants of each path are
// tested in process (main.test.ts) and here only the main paths.
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk-cost.js');
const FIXTURES = path.join(__dirname, 'fixtures');
const BASE = path.join(FIXTURES, 'base-cdk.out');
const HEAD = path.join(FIXTURES, 'head-changed.json');

function cdkCost(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT, env: options.env ?? process.env, encoding: 'utf8', timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lastLine: (r.stderr.trimEnd().split('\n').pop() ?? '') };
}

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at .*[:(]/);
}

describe('cdk-cost report', () => {
  test('prints the table with the unpriced lines in their own section', () => {
    // WHEN
    const r = cdkCost(['report', BASE]);
    // THEN
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('TOTAL floor $730.00 · expected $4,161.00 · ceiling $9,125.00 — 5 lines, 1 unpriced');
    expect(r.stdout).toContain('\nUnpriced lines, not in the totals (1)\n  ! Inference/Batch/Config — ml.g5.xlage batch transform (Usage::SageMaker): ' +
      "no SageMaker batch-transform price for 'ml.g5.xlage' in the price book — did you mean 'ml.g5.xlarge'?\n");
    // the unpriced line is not in the stack's table
    expect(r.stdout.split('\nUnpriced lines')[0]).not.toContain('Inference/Batch/Config');
  });
});

describe('cdk-cost diff', () => {
  test('prints added, removed and changed lines, the total deltas and the unpriced warning', () => {
    // WHEN
    const r = cdkCost(['diff', BASE, HEAD]);
    // THEN
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    // expected: 4,161 → 5,438.50 is +$1,277.50, +30.7%; floor 730 → 1,131.50 is +$401.50, +55.0%
    expect(out).toMatch(/change\s+\+\$401\.50 \(\+55\.0%\)\s+\+\$1,277\.50 \(\+30\.7%\)\s+\+\$1,131\.50 \(\+12\.4%\)/);
    expect(out).toContain('lines: 1 added, 1 removed, 2 changed, 2 unchanged; unpriced: base 1, head 2');
    expect(out).toContain('warning: head has 1 more unpriced line than base (2 vs 1): the totals and the change leave them out');
    expect(out).toContain('Added (1)\n  + Inference/Nat — NAT gateway, hourly charge\n      floor $36.50 · expected $36.50 · ceiling $36.50\n');
    expect(out).toContain('Removed (1)\n  - Inference/Notebook — ml.t3.medium notebook instance\n      floor $0.00 · expected $365.00 · ceiling $365.00\n');
    expect(out).toContain('  ~ Inference/Endpoint/Config — ml.g5.xlarge real-time hosting, variant AllTraffic → ml.g5.2xlarge real-time hosting, variant AllTraffic\n' +
      '      floor $730.00 → $1,095.00 (+$365.00) · expected $1,460.00 → $2,190.00 (+$730.00) · ceiling $2,920.00 → $4,380.00 (+$1,460.00)\n');
    expect(out).toContain('  ! new: Inference/Serverless/Config — serverless inference, variant A: the memory size is an unresolved token\n');
  });

  test('prints Markdown for a PR comment: summary first, details collapsed; limits not crossed exit 0', () => {
    // WHEN +$1,277.50 expected is within $1,500; +12.4% ceiling is within 15%
    const r = cdkCost(['diff', BASE, HEAD, '--format', 'markdown', '--fail-on-increase', '1500', '--fail-on-ceiling-increase', '15%']);
    // THEN
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('<!-- cdk-cost diff -->');
    expect(lines[1]).toBe('**Estimated monthly cost: +$1,277.50 (+30.7%) expected** ($4,161.00 → $5,438.50) · floor +$401.50 (+55.0%) · ' +
      'ceiling +$1,131.50 (+12.4%) · 1 added, 1 removed, 2 changed');
    expect(r.stdout).toContain('> ⚠️ head has 1 more unpriced line than base (2 vs 1)');
    expect(r.stdout).toContain('> ✅ expected monthly cost rises by $1,277.50 (+30.7%, $4,161.00 → $5,438.50): within the --fail-on-increase limit of $1,500.00');
    expect(r.stdout).toContain('<details>\n<summary>Details: 1 added, 1 removed, 2 changed, 2 unchanged; unpriced: base 1, head 2</summary>\n\n');
    expect(r.stdout).toContain('| Inference | `Inference/Nat` | NAT gateway, hourly charge | $36.50 | $36.50 | $36.50 |');
    expect(r.stdout).toContain('#### Unpriced lines, not in the totals (base 1, head 2)');
    expect(lines[lines.length - 1]).toBe('</details>');
    expect(r.lastLine).toBe('cdk-cost: ceiling monthly cost rises by $1,131.50 (+12.4%, $9,125.00 → $10,256.50): within the --fail-on-ceiling-increase limit of 15%');
  });

  test('exits 1 with the reason on the last line when a limit is crossed', () => {
    // WHEN +$1,277.50 expected is over $1,000 and +12.4% ceiling is over 10%
    const r = cdkCost(['diff', BASE, HEAD, '--fail-on-increase', '1000', '--fail-on-ceiling-increase', '10%']);
    // THEN
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cdk-cost: FAIL: expected monthly cost rises by $1,277.50 (+30.7%, $4,161.00 → $5,438.50): over the --fail-on-increase limit of $1,000.00\n' +
      'cdk-cost: FAIL: ceiling monthly cost rises by $1,131.50 (+12.4%, $9,125.00 → $10,256.50): over the --fail-on-ceiling-increase limit of 10%\n');
  });

  test('matches the lines of a renamed stack, with head defaulting to ./cdk.out', () => {
    // GIVEN a working folder whose cdk.out holds the same app under the stack name InferenceV2
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-cwd-'));
    fs.mkdirSync(path.join(cwd, 'cdk.out'));
    fs.copyFileSync(path.join(FIXTURES, 'renamed-stack.json'), path.join(cwd, 'cdk.out', 'cost-report.json'));
    // WHEN
    const r = cdkCost(['diff', BASE, '--fail-on-increase', '0'], { cwd });
    // THEN
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Cost diff, USD per month: ${BASE} → cdk.out`);
    expect(r.stdout).toContain('lines: 0 added, 0 removed, 0 changed, 5 unchanged; unpriced: base 1, head 1');
    expect(r.stdout).toContain('  - stack Inference is now InferenceV2: its 5 line(s) were matched across the rename (same resources below the stack)');
    expect(r.lastLine).toBe('cdk-cost: expected monthly cost does not change ($4,161.00): within the --fail-on-increase limit of $0.00');
    fs.rmSync(cwd, { recursive: true });
  });

  test.each([
    ['a missing file', [path.join(FIXTURES, 'missing.json')], /^cdk-cost: .*missing\.json: no such file or folder\. Give a cost-report\.json or a cdk\.out folder/],
    ['a file that is not JSON', [path.join(FIXTURES, 'not-json.json')], /^cdk-cost: .*not-json\.json is not valid JSON \(.*\): give the cost-report\.json that `cdk synth` wrote\.\n$/],
    ['a report of another schema version', [path.join(FIXTURES, 'schema-v2.json')], /^cdk-cost: .*schema-v2\.json is a cost report of schemaVersion 2; this cdk-cost reads schemaVersion 1\./],
  ])('exits 2 with one clear message on %s', (_, head, message) => {
    const r = cdkCost(['diff', BASE, ...head, '--fail-on-increase', '10%']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expectNoStackTrace(r.stderr);
  });
});

describe('cdk-cost prices refresh', () => {
  test('--source api exits 2 quickly with a clear message when there are no AWS credentials', () => {
    // GIVEN an environment with no credential source at all
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
    Object.assign(env, { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_EC2_METADATA_DISABLED: 'true' });
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-prices-')), 'prices.json');
    // WHEN
    const started = Date.now();
    const r = cdkCost(['prices', 'refresh', '--source', 'api', '--region', 'us-east-1', '--out', out], { env });
    // THEN
    expect(r.code).toBe(2);
    expect(r.lastLine).toMatch(/^cdk-cost: no AWS credentials found: the AWS Pricing API needs an identity allowed pricing:GetProducts\. /);
    expectNoStackTrace(r.stderr);
    expect(fs.existsSync(out)).toBe(false);
    expect(Date.now() - started).toBeLessThan(30000);
  });
});
