#!/usr/bin/env node
// `npm run docgen`: API.md, the API reference generated from the jsii assembly by jsii-docgen
// (TypeScript signatures; Construct Hub shows the same for Python, Java, .NET and Go). Run after
// `npm run build` whenever the public API or its doc comments change:
// test/package/jsii.test.ts fails when the committed API.md is not what the assembly gives.
//
//   node scripts/docgen.js [--output <file>]     (default: API.md)
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** Writes the API reference of the built assembly to `output` (a path ending in .md). */
function docgen(output) {
  if (!fs.existsSync(path.join(ROOT, '.jsii'))) throw new Error('no .jsii assembly: run `npm run build` first');
  const bin = path.join(path.dirname(require.resolve('jsii-docgen/package.json')), 'bin', 'jsii-docgen');
  execFileSync(process.execPath, [bin, '--output', output], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0], JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
  });
}

module.exports = { docgen };

if (require.main === module) {
  const i = process.argv.indexOf('--output');
  const output = path.resolve(i > 0 ? process.argv[i + 1] : path.join(ROOT, 'API.md'));
  try {
    docgen(output);
    process.stdout.write(`wrote ${path.relative(ROOT, output)}\n`);
  } catch (e) {
    process.stderr.write(`docgen failed: ${e && e.message ? e.message : e}\n`);
    process.exit(1);
  }
}
