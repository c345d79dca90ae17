import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
/* eslint-disable @typescript-eslint/no-require-imports */
const { packagePython } = require('../../scripts/package.js') as { packagePython(outdir: string): string[] };
const { docgen } = require('../../scripts/docgen.js') as { docgen(output: string): void };
const { translateDocs } = require('../../scripts/rosetta.js') as {
  translateDocs(): Promise<{ count: number; errors: string[]; skipped: string[]; translations: Record<string, Array<{ line: number; python: string }>> }>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

// The jsii build: `npm run build` (run by `npm test` before jest) writes the assembly `.jsii`; this
// generates the Python package from it as `npm run package` does (jsii-pacmak, source only) and
// compiles every generated .py file with `python3 -m py_compile` (packagePython throws otherwise);
// translates every doc snippet with jsii-rosetta in strict mode (`npm run rosetta`); and checks
// that the committed API.md is what jsii-docgen makes of the assembly (`npm run docgen`).
const ROOT = path.join(__dirname, '..', '..');

describe('the jsii assembly', () => {
  const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf-8'));

  test('is written by the build, for this package and version, with the Python target', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    expect(assembly.name).toBe(pkg.name);
    expect(assembly.version).toBe(pkg.version);
    expect(assembly.targets.python).toEqual({ distName: 'cdk-cost-aware-inference', module: 'cdk_cost_aware_inference' });
    expect(pkg.files).toContain('.jsii');
  });

  test('holds the constructs, the pack and the extension interfaces, and no handler or CLI type', () => {
    const names = Object.keys(assembly.types).map(fqn => fqn.replace(/^cdk-cost-aware-inference\./, ''));
    for (const name of ['RealtimeEndpoint', 'BudgetGuard', 'CostAwareChecks', 'CostReport', 'IResourcePricer', 'IAdvisor', 'ICostAwareRule',
      'PriceService', 'PriceUsage', 'PriceLookup', 'TrafficProfile']) {
      expect(names).toContain(name);
    }
    expect(names.filter(n => /Cli|Handler|Event$/.test(n))).toEqual([]);
  });

  test('has no runtime dependency jsii would have to bundle', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(assembly.dependencies).sort()).toEqual(['aws-cdk-lib', 'cdk-nag', 'constructs']);
  });

  test('generates a Python package whose every .py file compiles', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-pacmak-'));
    try {
      const files = packagePython(outdir);
      const init = fs.readFileSync(path.join(outdir, 'python', 'src', 'cdk_cost_aware_inference', '__init__.py'), 'utf-8');
      expect(files.length).toBeGreaterThan(0);
      expect(init).toMatch(/^class RealtimeEndpoint\(/m);
      expect(init).toMatch(/^class PriceUsage\(enum\.Enum\)/m);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 600_000);

  test('every TypeScript snippet of README.md, lib/*/README.md and the API docs compiles and translates (jsii-rosetta, strict)', async () => {
    const { count, errors, skipped, translations } = await translateDocs();
    expect(errors).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(14);
    // The one opt-out: the refresher's code API, internal to this repository.
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/^lib\/pricing\/README\.md:\d+$/);
    // The README's Python quickstart is that translation, as a script.
    const quickstart = translations['README.md'][0].python;
    expect(quickstart).toContain('TrafficProfile.daily_peak(peak_requests_per_second=5, peak_hours_per_day=2, off_peak_requests_per_second=0.5)');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
    const python = /^```python\n([\s\S]*?)^```$/m.exec(readme)![1];
    for (const line of quickstart.split('\n').map(l => l.trim()).filter(l => /^(RealtimeEndpoint|BudgetGuard|Validations|model=|image=|environment=|instance_type=|max_|traffic=)/.test(l))) {
      expect(python).toContain(line);
    }
  }, 900_000);

  test('the README\'s Python quickstart compiles (python3 -m py_compile)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
    const python = /^```python\n([\s\S]*?)^```$/m.exec(readme)![1];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-readme-py-'));
    try {
      fs.writeFileSync(path.join(dir, 'app.py'), python);
      execFileSync('python3', ['-m', 'py_compile', path.join(dir, 'app.py')], { stdio: 'pipe' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('API.md is the reference jsii-docgen generates from the assembly (npm run docgen)', () => {
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-docgen-')), 'API.md');
    try {
      docgen(output);
      expect(fs.readFileSync(path.join(ROOT, 'API.md'), 'utf-8') === fs.readFileSync(output, 'utf-8')).toBe(true);
    } finally {
      fs.rmSync(path.dirname(output), { recursive: true, force: true });
    }
  }, 300_000);
});
