import * as path from 'path';
import { runCli } from '../../lib/cli/main';

// In-process runs of the command: the arguments, the output and the exit code, without a process
// per case (cdk-cost.test.ts runs the real process for the main paths).
const F = (name: string) => path.join('test', 'cli', 'fixtures', name);
const BASE = F('base-cdk.out');
const HEAD = F('head-changed.json');

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { code, stdout, stderr };
}

describe('cdk-cost (in process)', () => {
  test('prints the usage with --help and with no command', async () => {
    for (const args of [['--help'], []]) {
      const r = await run(...args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: cdk-cost <command> \[options\]/);
      expect(r.stdout).toContain('Exit codes: 0 ok; 1 a --fail-on-... limit was crossed; 2 unusable input');
    }
  });

  test('report prints the JSON it read', async () => {
    const r = await run('report', BASE, '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.monthlyUsd).toEqual({ floor: 730, expected: 4161, ceiling: 9125 });
  });

  test('report prints Markdown with its unpriced section', async () => {
    const r = await run('report', BASE, '-f', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**$4,161.00 expected** per month (floor $730.00, ceiling $9,125.00), 5 lines, 1 unpriced.');
    expect(r.stdout).toContain('## Unpriced (1)\n\n- `Inference/Batch/Config` (Usage::SageMaker) ml.g5.xlage batch transform: ' +
      "no SageMaker batch-transform price for 'ml.g5.xlage' in the price book — did you mean 'ml.g5.xlarge'?");
  });

  test('diff as JSON carries the lines, the totals and the limit results', async () => {
    // GIVEN expected rises 4,161 → 5,438.50 (+$1,277.50, +30.7%); ceiling 9,125 → 10,256.50 (+$1,131.50, +12.4%)
    // WHEN
    const r = await run('diff', BASE, HEAD, '--format', 'json', '--fail-on-increase', '1000', '--fail-on-ceiling-increase', '1200');
    // THEN $1,277.50 is over $1,000; $1,131.50 is within $1,200
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.totals.deltaUsd).toEqual({ floor: 401.5, expected: 1277.5, ceiling: 1131.5 });
    expect(d.added.map((c: { key: string }) => c.key)).toEqual(['Inference | Inference/Nat | NAT gateway, hourly charge']);
    expect(d.removed.map((c: { key: string }) => c.key)).toEqual(['Inference | Inference/Notebook | ml.t3.medium notebook instance']);
    expect(d.changed.map((c: { key: string; matchedBy: string }) => [c.key, c.matchedBy])).toEqual([
      ['Inference | Inference/Endpoint/Config | ml.g5.2xlarge real-time hosting, variant AllTraffic', 'description-pattern'],
      ['Inference | Inference/Fleet/Group | g5.xlarge Auto Scaling group, Spot share', 'key'],
    ]);
    expect(d.limits.map((l: { flag: string; crossed: boolean }) => [l.flag, l.crossed])).toEqual([
      ['--fail-on-increase', true], ['--fail-on-ceiling-increase', false]]);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('cdk-cost: FAIL: expected monthly cost rises by $1,277.50 (+30.7%, $4,161.00 → $5,438.50): ' +
      'over the --fail-on-increase limit of $1,000.00');
  });

  test('a percent limit on the expected total: 30% is crossed by +30.7%, 31% is not', async () => {
    expect((await run('diff', BASE, HEAD, '--fail-on-increase', '30%')).code).toBe(1);
    const within = await run('diff', BASE, HEAD, '--fail-on-increase', '31%');
    expect(within.code).toBe(0);
    expect(within.stderr).toBe('cdk-cost: expected monthly cost rises by $1,277.50 (+30.7%, $4,161.00 → $5,438.50): within the --fail-on-increase limit of 31%\n');
  });

  test('a dollar limit on the ceiling: $1,100 is crossed by +$1,131.50', async () => {
    const r = await run('diff', BASE, HEAD, '--fail-on-ceiling-increase', '1100');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cdk-cost: FAIL: ceiling monthly cost rises by $1,131.50 (+12.4%, $9,125.00 → $10,256.50): over the --fail-on-ceiling-increase limit of $1,100.00\n');
  });

  test('a head with fewer unpriced lines than base gives no warning', async () => {
    const r = await run('diff', HEAD, BASE);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('warning:');
    expect(r.stdout).toContain('Unpriced lines, not in the totals (base 2, head 1)');
    expect(r.stdout).toContain('  ✓ no longer unpriced (priced or removed): Inference/Serverless/Config — serverless inference, variant A');
  });

  test.each([
    [['diff', BASE, HEAD, '--fail-on-increase', 'ten'], "cdk-cost: --fail-on-increase must be an amount in USD a month (e.g. 150) or a percentage of the base total (e.g. 10%), got: 'ten'"],
    [['diff', BASE, HEAD, '--format', 'html'], "cdk-cost: --format must be one of table, json, markdown, got: 'html'"],
    [['diff'], 'cdk-cost: diff takes a base and an optional head (each a cdk.out folder or cost-report.json), got: nothing'],
    [['report', BASE, '--fail-on-increase', '5'], "cdk-cost: --fail-on-increase does not apply to 'report'"],
    [['report', BASE, HEAD], `cdk-cost: report takes one cdk.out folder or cost-report.json, got: ${BASE} ${HEAD}`],
    [['deploy'], "cdk-cost: unknown command 'deploy': expected report, diff or prices refresh. Run 'cdk-cost --help' for usage."],
    [['report', '--colour'], "cdk-cost: Unknown option '--colour'"],
    [['prices'], "cdk-cost: expected 'cdk-cost prices refresh [--region <region>]' or 'cdk-cost prices coverage', got: prices"],
    [['prices', 'refresh', '--region', 'us-east-1', '--source', 'csv'], "cdk-cost: --source must be bulk or api, got: 'csv'"],
    [['prices', 'refresh', '--region', 'US East'], "cdk-cost: --region must be an AWS region code such as 'us-east-1', got: 'US East' (not a region aws-cdk-lib knows)"],
    [['prices', 'refresh', '--region', 'us-east1'], "cdk-cost: --region must be an AWS region code such as 'us-east-1', got: 'us-east1' (not a region aws-cdk-lib knows); did you mean 'us-east-1'?"],
    [['prices', 'refresh', '--region', 'us-east-1', '--timeout', '0'], "cdk-cost: --timeout must be a number of seconds above 0, got: '0'"],
    [['diff', BASE, F('schema-v2.json')], `cdk-cost: ${F('schema-v2.json')} is a cost report of schemaVersion 2; this cdk-cost reads schemaVersion 1.`],
  ])('fails with exit 2 on %j', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
