import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../lib/cli/main';

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; } } };
}

describe('cdk-cost prices coverage', () => {
  test('prints the share of the target matrix per block with the oldest entry, as the pricing README shows it', async () => {
    // WHEN
    const { out, io: sink } = io();
    const code = await runCli(['prices', 'coverage'], sink);
    // THEN a table per block, and the README holds the same text
    expect(code).toBe(0);
    expect(out.stderr).toBe('');
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('Coverage of the target matrix (lib/pricing/private/coverage-targets.ts) by the embedded price snapshot of 2026-12-01:');
    expect(lines.filter(l => /^\| (SageMaker|EC2 on-demand|EC2 Spot|Bedrock) \| /.test(l))).toHaveLength(4);
    expect(out.stdout).toMatch(/\| EC2 on-demand \| 28 types × 10 regions \| \d+ of 280 \| \d+\.\d% \| \d+ of \d+ \(\d+\.\d%\) \| \d{4}-\d{2}-\d{2}: /);
    expect(out.stdout).toMatch(/\| SageMaker \| .* \| – \| /);
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'pricing', 'README.md'), 'utf-8');
    expect(readme).toContain(out.stdout);
  });

  test('takes no options', async () => {
    const { out, io: sink } = io();
    expect(await runCli(['prices', 'coverage', '--region', 'us-east-1'], sink)).toBe(2);
    expect(out.stderr).toBe("cdk-cost: --region does not apply to 'prices coverage'\n");
  });

  test('an unknown prices subcommand names both', async () => {
    const { out, io: sink } = io();
    expect(await runCli(['prices', 'list'], sink)).toBe(2);
    expect(out.stderr).toBe("cdk-cost: expected 'cdk-cost prices refresh [--region <region>]' or 'cdk-cost prices coverage', got: prices list\n");
  });
});
