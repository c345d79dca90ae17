#!/usr/bin/env node
// Consumer smoke test: installs the packed package into fresh CDK apps the way a user builds them,
// in a temp folder outside the repository, and synthesizes a stack with RealtimeEndpoint,
// AsyncEndpoint, IdleNotebookStopper, BudgetGuard and both rule packs in each, then runs
// `npx cdk-cost report cdk.out`. test/package/consumer.test.ts runs it (one jest test per app);
// by hand:
//
//   npm run build && node scripts/consumer-smoke.js [--apps js,tsc,ts5,js-floor,tsc-floor]
//     [--aws-cdk-lib 2.276.0] [--keep] [--build]
//
// The apps (sources in test/package/apps/):
//   js        plain JavaScript, `node bin/app.js`, installed without a lock file
//   tsc       TypeScript with the tsconfig `cdk init app --language typescript` writes (strict,
//             isolatedModules, NodeNext, skipLibCheck) and the TypeScript it installs (7.x):
//             `npx tsc` (type-check, as cdk.json's app command does), also with skipLibCheck off,
//             then compiled (`tsc --noEmit false`) and run with `node`, and run with `npx tsx`
//   ts5       TypeScript 5.9 (ts-node and ts-jest need its JS API): `npx ts-node --prefer-ts-exts
//             bin/app.ts` (which type-checks the app, and so our .d.ts, first), then the app's own
//             jest test (cdk init's jest.config.js with ts-jest) asserting with Template
//   js-floor  js with the lowest aws-cdk-lib of the package's peerDependencies
//   tsc-floor tsc's type-checks (skipLibCheck on and off) against that aws-cdk-lib
//
// Like the CDK CLI, each run gets CDK_OUTDIR=cdk.out and CDK_CONTEXT_JSON = the `context` of the
// cdk.json that `cdk init` writes (test/cdk-init-context.json), so the apps run under its
// feature flags. Installs use `--prefer-offline`: the npm cache filled by the repo's `npm ci`
// serves the versions of package-lock.json; what the lock does not hold (TypeScript 7, ts-node)
// comes from the registry the first time.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const APPS_DIR = path.join(ROOT, 'test', 'package', 'apps');
const CONTEXT_FILE = path.join(ROOT, 'test', 'cdk-init-context.json');

/** Versions from the repo's lock file, so that the npm cache of `npm ci` serves them. */
function lockedVersion(name) {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf-8'));
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry) throw new Error(`${name} is not in package-lock.json`);
  return entry.version;
}

/** The lowest aws-cdk-lib the package declares (`^2.X.Y` in peerDependencies gives 2.X.Y). */
function floorVersion() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
  const m = /^\^?(\d+\.\d+\.\d+)$/.exec(pkg.peerDependencies['aws-cdk-lib']);
  if (!m) throw new Error(`peerDependencies aws-cdk-lib is not ^X.Y.Z: ${pkg.peerDependencies['aws-cdk-lib']}`);
  return m[1];
}

/** TypeScript as `cdk init app --language typescript` (aws-cdk 2.1148) installs it. */
const CDK_INIT_TYPESCRIPT = '7.0.2';
/** ts-node's last release; it is not in the repo's lock file. */
const TS_NODE = '10.9.2';

/** What each app installs and runs; `{cdkLib}` is the aws-cdk-lib version of that app. */
function appDefinitions(cdkLib) {
  const peers = {
    'aws-cdk-lib': cdkLib,
    constructs: lockedVersion('constructs'),
    'cdk-nag': lockedVersion('cdk-nag'),
  };
  const types = { '@types/node': lockedVersion('@types/node'), '@types/jest': lockedVersion('@types/jest') };
  const synthAndReport = run => [...run, ['npx', '--no-install', 'cdk-cost', 'report', 'cdk.out']];
  const tscApp = {
    source: 'ts', lockFile: true,
    dependencies: { ...peers },
    devDependencies: { typescript: CDK_INIT_TYPESCRIPT, tsx: lockedVersion('tsx'), ...types },
    steps: [
      ['npx', '--no-install', 'tsc'],
      ['npx', '--no-install', 'tsc', '--skipLibCheck', 'false'],
      ...synthAndReport([
        ['npx', '--no-install', 'tsc', '--noEmit', 'false', '--outDir', 'build'],
        ['node', 'build/bin/app.js'],
        ['npx', '--no-install', 'tsx', 'bin/app.ts'],
      ]),
    ],
  };
  const jsApp = {
    source: 'js', lockFile: false,
    dependencies: { ...peers },
    devDependencies: {},
    steps: [
      ['node', '-e', NO_TYPESCRIPT_AT_RUN_TIME],
      ...synthAndReport([['node', 'bin/app.js']]),
    ],
  };
  return {
    js: jsApp,
    tsc: tscApp,
    // ts-node and jest share one install (TypeScript 5.9): ts-node needs TypeScript's JS API,
    // which TypeScript 7 does not have, and so does ts-jest.
    ts5: {
      source: 'ts', lockFile: true, jest: true,
      dependencies: { ...peers },
      devDependencies: {
        typescript: lockedVersion('typescript'), 'ts-node': TS_NODE, jest: lockedVersion('jest'), 'ts-jest': lockedVersion('ts-jest'), ...types,
      },
      // ts-node type-checks the app (and so our .d.ts) with TypeScript 5.9 before it runs it.
      steps: [
        ...synthAndReport([['npx', '--no-install', 'ts-node', '--prefer-ts-exts', 'bin/app.ts']]),
        ...synthAndReport([['npx', '--no-install', 'jest', '--ci']]),
      ],
    },
    'js-floor': jsApp,
    // At the floor the JavaScript app synthesizes; this one checks that our .d.ts compile against
    // that aws-cdk-lib's types.
    'tsc-floor': { ...tscApp, steps: tscApp.steps.slice(0, 2) },
  };
}

/**
 * Run in the JavaScript app before synth: the package resolves to compiled JavaScript, ships no
 * TypeScript source (only .d.ts), and brings no TypeScript runner or bundler.
 */
const NO_TYPESCRIPT_AT_RUN_TIME = `
const fs = require('fs'); const path = require('path');
const entry = require.resolve('cdk-cost-aware-inference');
if (!entry.endsWith('.js')) throw new Error('entry is not JavaScript: ' + entry);
const root = path.dirname(require.resolve('cdk-cost-aware-inference/package.json'));
const walk = d => fs.readdirSync(d, { withFileTypes: true }).flatMap(e => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
const files = walk(root);
const sources = files.filter(f => /\\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
if (sources.length) throw new Error('TypeScript sources in the package: ' + sources.join(', '));
const dev = ['@aws-sdk/client-sagemaker', '@aws-sdk/client-auto-scaling', '@aws-sdk/client-application-auto-scaling', '@aws-sdk/client-sns', '@types/aws-lambda', 'aws-lambda'];
const leaks = files.filter(f => f.endsWith('.d.ts')).filter(f => dev.some(d => fs.readFileSync(f, 'utf-8').includes("'" + d + "'") || fs.readFileSync(f, 'utf-8').includes('"' + d + '"')));
if (leaks.length) throw new Error('.d.ts files naming a devDependency: ' + leaks.join(', '));
for (const runner of ['tsx', 'ts-node', 'esbuild', 'typescript']) {
  if (fs.existsSync(path.join('node_modules', runner))) throw new Error(runner + ' was installed with the package');
}
console.log('entry ' + path.relative(process.cwd(), entry) + ': ' + files.length + ' files, no TypeScript source, no runner');
`;

function sh(cmd, args, opts) {
  return new Promise(resolve => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', d => { out += d; });
    child.stderr.on('data', d => { out += d; });
    child.on('error', e => resolve({ code: 127, out: `${out}${e.message}\n`, ms: Date.now() - started }));
    child.on('close', code => resolve({ code: code === null ? 1 : code, out, ms: Date.now() - started }));
  });
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyDir(source, target);
    else fs.copyFileSync(source, target);
  }
}

/** A work folder outside the repository. */
function workDir(given) {
  const dir = given ? path.resolve(given) : fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-consumers-'));
  if (`${dir}${path.sep}`.startsWith(`${ROOT}${path.sep}`)) throw new Error(`the work folder must be outside the repository: ${dir}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** `npm pack` of the repo into `dir`; with `build`, npm runs `prepare` (the build) first. */
async function pack(dir, { build = false } = {}) {
  if (!build) assertBuilt();
  const args = ['pack', '--json', '--pack-destination', dir, ...(build ? [] : ['--ignore-scripts'])];
  const r = await sh('npm', args, { cwd: ROOT, env: process.env });
  if (r.code !== 0) throw new Error(`npm pack failed:\n${r.out}`);
  const json = r.out.slice(r.out.indexOf('['));
  const [info] = JSON.parse(json);
  return { tarball: path.join(dir, info.filename), size: info.size, unpackedSize: info.unpackedSize, files: info.entryCount };
}

/** dist/ exists and no TypeScript file of lib/ is newer than it. */
function assertBuilt() {
  const entry = path.join(ROOT, 'dist', 'index.js');
  if (!fs.existsSync(entry)) throw new Error('dist/ is missing: run `npm run build` first (or pass --build)');
  const built = fs.statSync(entry).mtimeMs;
  const walk = d => fs.readdirSync(d, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const newer = walk(path.join(ROOT, 'lib')).filter(f => f.endsWith('.ts') && !f.includes(`${path.sep}handlers${path.sep}`) && fs.statSync(f).mtimeMs > built);
  if (newer.length) throw new Error(`dist/ is older than ${path.relative(ROOT, newer[0])}: run \`npm run build\` first (or pass --build)`);
}

/**
 * Creates app `name` in `work` from its sources, installs the tarball and its peers, runs its
 * steps (`context`: the app's context instead of cdk init's). Resolves to `{ name, ok, steps: [{ command, code, ms }], log }` (never rejects).
 */
async function runApp(name, { work, tarball, cdkLib, context }) {
  const version = name.endsWith('-floor') ? floorVersion() : (cdkLib || lockedVersion('aws-cdk-lib'));
  const def = appDefinitions(version)[name];
  if (!def) throw new Error(`unknown app ${name}: one of ${Object.keys(appDefinitions(version)).join(', ')}`);
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  copyDir(path.join(APPS_DIR, def.source), dir);
  const pkg = {
    name: `consumer-${name}`, version: '0.1.0', private: true,
    dependencies: { 'cdk-cost-aware-inference': `file:${tarball}`, ...def.dependencies },
    devDependencies: def.devDependencies,
  };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  if (def.jest) {
    // cdk init's jest.config.js transforms with @swc/jest; the consumer here uses ts-jest (in the repo's lock file).
    const config = fs.readFileSync(path.join(dir, 'jest.config.js'), 'utf-8').replace("['@swc/jest']", "['ts-jest', {}]");
    fs.writeFileSync(path.join(dir, 'jest.config.js'), config);
  }
  const env = {
    ...process.env,
    CDK_OUTDIR: path.join(dir, 'cdk.out'),
    CDK_CONTEXT_JSON: JSON.stringify(context ?? JSON.parse(fs.readFileSync(CONTEXT_FILE, 'utf-8'))),
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
  delete env.NODE_OPTIONS; // nothing of the repo's test runner leaks into the user's app
  for (const k of Object.keys(env)) if (k.startsWith('JEST_') || k === 'TS_JEST') delete env[k];

  const log = [`# ${name}: aws-cdk-lib ${version} in ${dir}`];
  const steps = [];
  const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...(def.lockFile ? [] : ['--no-package-lock'])];
  for (const [cmd, ...args] of [['npm', ...install], ...def.steps]) {
    const r = await sh(cmd, args, { cwd: dir, env });
    const command = [cmd, ...args].map(a => (a.includes('\n') ? '<script>' : a)).join(' ');
    steps.push({ command, code: r.code, ms: r.ms });
    log.push(`$ ${command}  # exit ${r.code}, ${(r.ms / 1000).toFixed(1)} s`, r.out.trimEnd());
    if (r.code !== 0) return { name, ok: false, version, steps, log: log.join('\n') };
  }
  if (def.lockFile === false && fs.existsSync(path.join(dir, 'package-lock.json'))) {
    log.push('a lock file was written although the app installs without one');
    return { name, ok: false, version, steps, log: log.join('\n') };
  }
  return { name, ok: true, version, steps, log: log.join('\n') };
}

const ALL_APPS = ['js', 'tsc', 'ts5', 'js-floor', 'tsc-floor'];

async function main(argv) {
  const opt = { apps: ALL_APPS, keep: false, build: false, cdkLib: undefined, work: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--apps') opt.apps = argv[++i].split(',');
    else if (a === '--aws-cdk-lib') opt.cdkLib = argv[++i];
    else if (a === '--work') opt.work = argv[++i];
    else if (a === '--keep') opt.keep = true;
    else if (a === '--build') opt.build = true;
    else throw new Error(`unknown option ${a}`);
  }
  const work = workDir(opt.work);
  const packed = await pack(work, { build: opt.build });
  process.stdout.write(`packed ${path.basename(packed.tarball)}: ${packed.size} bytes, ${packed.files} files, ${packed.unpackedSize} bytes unpacked\n`);
  const results = await Promise.all(opt.apps.map(name => runApp(name, { work, tarball: packed.tarball, cdkLib: opt.cdkLib })));
  for (const r of results) {
    process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (aws-cdk-lib ${r.version}): ${r.steps.map(s => `${s.command.split(' ').slice(0, 4).join(' ')} ${(s.ms / 1000).toFixed(1)}s`).join('; ')}\n`);
    if (!r.ok) process.stdout.write(`${r.log}\n`);
  }
  if (!opt.keep) fs.rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`kept ${work}\n`);
  return results.every(r => r.ok) ? 0 : 1;
}

module.exports = { ALL_APPS, floorVersion, pack, runApp, workDir };

if (require.main === module) {
  main(process.argv.slice(2)).then(code => process.exit(code), e => {
    process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  });
}
