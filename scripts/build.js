#!/usr/bin/env node
// `npm run build`: compiles lib/ to dist/ (CommonJS, .d.ts, source maps) with jsii, which also
// writes the jsii assembly `.jsii` (the public API as other languages see it: `npm run package`
// turns it into the Python package), copies the data files the compiled code reads at run time
// (price snapshot, notebook scripts), and bundles the Lambda handlers into assets/lambda/. Run by `prepare`, so `npm pack`, `npm publish` and a git install
// all ship compiled code; nothing at run time needs TypeScript, tsx or ts-node.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ROOT, buildHandlerBundles } = require('./handler-bundles');

/** Files under lib/ that compiled code reads at run time, copied beside it in dist/. */
const DATA_FILE = /\.(json|py|sh)$/;

function copyData(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'handlers') copyData(source, target);
    } else if (DATA_FILE.test(entry.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}

async function main() {
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  fs.rmSync(path.join(ROOT, '.jsii'), { force: true });
  // jsii compiles with tsconfig.build.json (package.json "jsii.tsconfig"): the same dist/ as tsc,
  // and it fails the build when the public API (what lib/index.ts exports) is not expressible
  // in every jsii language. The handlers are outside that tsconfig, the CLI is not exported.
  // Node 20 is past jsii's support window but inside our engines range: its banner is noise here.
  // JSII6 asks for devDependencies at the peer floors (aws-cdk-lib 2.271.0 ...): we build against
  // newer ones on purpose, and the consumer smoke test type-checks the output at the floors.
  execFileSync(process.execPath, [path.join(path.dirname(require.resolve('jsii/package.json')), 'bin', 'jsii'), '--silence-warnings', 'metadata/missing-dev-dependency'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0], JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
  });
  copyData(path.join(ROOT, 'lib'), path.join(ROOT, 'dist'));
  await buildHandlerBundles(require('esbuild'));
}

main().catch(e => {
  process.stderr.write(`build failed: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
