import * as fs from 'fs';
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
const APPS: Array<[string, string]> = [
  ['js', 'plain JavaScript, `node bin/app.js`, no lock file'],
  ['tsc', 'TypeScript 7 with the cdk init tsconfig: `tsc` (skipLibCheck on and off), then `node` on the output, and `tsx`'],
  ['ts-node', '`npx ts-node --prefer-ts-exts bin/app.ts` (TypeScript 5.9)'],
  ['jest', 'the app\'s own jest test asserting with Template (ts-jest)'],
  ['js-floor', 'plain JavaScript at the lowest aws-cdk-lib of peerDependencies'],
  ['tsc-floor', 'TypeScript 7 at the lowest aws-cdk-lib of peerDependencies'],
];

describe('the packed package in fresh consumer apps', () => {
  let work: string;
  const runs = new Map<string, Promise<{ ok: boolean; version: string; log: string }>>();

  beforeAll(async () => {
    work = smoke.workDir();
    const { tarball } = await smoke.pack(work);
    for (const [name] of APPS) {
      runs.set(name, smoke.runApp(name, { work, tarball }).catch((e: Error) => ({ ok: false, version: '?', log: String(e && e.stack) })));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(runs.values());
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('every app of the smoke script is covered here', () => {
    expect(APPS.map(([name]) => name).sort()).toEqual([...smoke.ALL_APPS].sort());
  });

  test.each(APPS)('%s: %s — installs, synthesizes clean under both packs, and `cdk-cost report` reads cdk.out', async name => {
    const result = await runs.get(name)!;
    if (!result.ok) throw new Error(`consumer app ${name} failed:\n${result.log}`);
    expect(result.log).toContain('TOTAL floor $');
    expect(result.log).toMatch(/ConsumerStack\/Extractor\/Config +ml\.g6e\.2xlarge asynchronous inference/);
    if (name.endsWith('-floor')) expect(result.version).toBe(smoke.floorVersion());
  }, 600_000);
});
