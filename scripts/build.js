#!/usr/bin/env node
// `npm run build`: compiles lib/ to dist/ (CommonJS, .d.ts, source maps), copies the data files
// the compiled code reads at run time (price snapshot, notebook scripts), and bundles the Lambda
// handlers into assets/lambda/. Run by `prepare`, so `npm pack`, `npm publish` and a git install
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
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  copyData(path.join(ROOT, 'lib'), path.join(ROOT, 'dist'));
  await buildHandlerBundles(require('esbuild'));
}

main().catch(e => {
  process.stderr.write(`build failed: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
