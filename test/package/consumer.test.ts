import { spawn } from 'child_process';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const smoke = require('../../scripts/consumer-smoke.js') as {
  ALL_APPS: string[];
  floorVersion(): string;
  workDir(given?: string): string;
  pack(dir: string): Promise<{ tarball: string; size: number }>;
  runApp(name: string, o: { work: string; tarball: string }): Promise<{ name: string; ok: boolean; version: string; log: string }>;
};

// The package as a user gets it: `npm pack` of the built repo, installed into fresh apps in a temp
// folder outside the repository (scripts/consumer-smoke.js says how each app is built and run).
// The apps install and run at once; each test waits for its own. Each synthesizes a stack with
// RealtimeEndpoint, AsyncEndpoint, IdleNotebookStopper, BudgetGuard, AwsSolutions and
// CostAwareChecks under cdk init's feature flags, then `npx cdk-cost report cdk.out` exits 0.
const APPS: Array<[string, string, string]> = [
  // [test name, what it is, app of the smoke script]
  ['js', 'plain JavaScript, `node bin/app.js`, no lock file — installs, synthesizes clean under both packs, and `cdk-cost report` reads cdk.out', 'js'],
  ['tsc', 'TypeScript 7 with the cdk init tsconfig: `tsc` (skipLibCheck on and off), then `node` on the output, and `tsx` — installs, synthesizes clean under both packs, and `cdk-cost report` reads cdk.out', 'tsc'],
  ['ts-node', '`npx ts-node --prefer-ts-exts bin/app.ts` (TypeScript 5.9) — installs, synthesizes clean under both packs, and `cdk-cost report` reads cdk.out', 'ts5'],
  ['jest', 'the app\'s own jest test asserting with Template (ts-jest, in the ts-node app), then `cdk-cost report`', 'ts5'],
  ['js-floor', 'plain JavaScript at the lowest aws-cdk-lib of peerDependencies — installs, synthesizes clean under both packs, and `cdk-cost report` reads cdk.out', 'js-floor'],
  ['tsc-floor', 'TypeScript 7 type-checks (skipLibCheck on and off) at the lowest aws-cdk-lib of peerDependencies: our .d.ts against its types', 'tsc-floor'],
];

/** The part of an app's log from the step running `command` to the next step. */
function stepLog(log: string, command: string): string {
  const start = log.indexOf(`$ ${command}`);
  if (start < 0) return '';
  const next = log.indexOf('\n$ ', start + 1);
  return log.slice(start, next < 0 ? undefined : next);
}

describe('the packed package in fresh consumer apps', () => {
  let work: string;
  const runs = new Map<string, Promise<{ ok: boolean; version: string; log: string }>>();

  beforeAll(async () => {
    work = smoke.workDir();
    const { tarball } = await smoke.pack(work);
    for (const app of new Set(APPS.map(a => a[2]))) {
      runs.set(app, smoke.runApp(app, { work, tarball }).catch((e: Error) => ({ ok: false, version: '?', log: String(e && e.stack) })));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(runs.values());
    // Five node_modules take minutes to delete on a loaded machine: a detached process does it.
    if (work) spawn(process.execPath, ['-e', `require('fs').rmSync(${JSON.stringify(work)}, { recursive: true, force: true })`], { detached: true, stdio: 'ignore' }).unref();
  });

  test('every app of the smoke script is covered here', () => {
    expect([...new Set(APPS.map(a => a[2]))].sort()).toEqual([...smoke.ALL_APPS].sort());
  });

  test.each(APPS)('%s: %s', async (name, _what, app) => {
    const result = await runs.get(app)!;
    if (!result.ok) throw new Error(`consumer app ${app} failed:\n${result.log}`);
    if (name === 'tsc-floor') {
      expect(stepLog(result.log, 'npx --no-install tsc --skipLibCheck false')).toContain('# exit 0');
    } else {
      const run = { 'js': 'node bin/app.js', 'js-floor': 'node bin/app.js', 'tsc': 'node build/bin/app.js', 'ts-node': 'npx --no-install ts-node', 'jest': 'npx --no-install jest' }[name]!;
      expect(stepLog(result.log, run)).toContain('# exit 0');
      expect(result.log).toContain('TOTAL floor $');
      expect(result.log).toMatch(/ConsumerStack\/Extractor\/Config +ml\.g6e\.2xlarge asynchronous inference/);
    }
    if (name.endsWith('-floor')) expect(result.version).toBe(smoke.floorVersion());
  }, 600_000);
});
