import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packagePython } = require('../../scripts/package.js') as { packagePython(outdir: string): string[] };

// The jsii build: `npm run build` (run by `npm test` before jest) writes the assembly `.jsii`; this
// generates the Python package from it as `npm run package` does (jsii-pacmak, source only) and
// compiles every generated .py file with `python3 -m py_compile` (packagePython throws otherwise).
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
});
