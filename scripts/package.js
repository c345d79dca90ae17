#!/usr/bin/env node
// `npm run package`: the jsii assembly (`.jsii`, written by `npm run build`) → the Python package
// source in dist-pacmak/python/ (jsii-pacmak), then `python3 -m py_compile` over every generated
// .py file, so a generated file Python cannot parse fails here rather than at a user's import.
//
// Python only, and source only (`--code-only`): building the wheel needs PyPI (pacmak's build
// environment installs setuptools and build from it), which this machine cannot reach; nor are
// the other targets' toolchains usable here (Java needs Maven Central, .NET and Go are absent).
// Where PyPI is reachable, `npx jsii-pacmak --targets python` builds the wheel (README, Contributing).
//
//   node scripts/package.js [--outdir <dir>]        (default: dist-pacmak)
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** Every .py file under `dir`, sorted. */
function pythonFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pythonFiles(file));
    else if (entry.name.endsWith('.py')) out.push(file);
  }
  return out.sort();
}

/** Generates the Python package source into `<outdir>/python`; returns the .py files compiled. */
function packagePython(outdir) {
  if (!fs.existsSync(path.join(ROOT, '.jsii'))) {
    throw new Error('no .jsii assembly: run `npm run build` first');
  }
  fs.rmSync(path.join(outdir, 'python'), { recursive: true, force: true });
  const pacmak = path.join(path.dirname(require.resolve('jsii-pacmak/package.json')), 'bin', 'jsii-pacmak');
  execFileSync(process.execPath, [pacmak, '--targets', 'python', '--code-only', '--outdir', outdir, '--no-fingerprint', '--force'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      // pacmak embeds `npm pack` of the package: of the build already done, without `prepare`
      // rebuilding (and deleting dist/ and .jsii under whatever else reads them, e.g. npm test).
      npm_config_ignore_scripts: 'true',
      JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
      JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
    },
  });
  const files = pythonFiles(path.join(outdir, 'python'));
  if (files.length === 0) throw new Error(`jsii-pacmak wrote no .py file under ${outdir}/python`);
  // One interpreter for every file; py_compile exits non-zero on the first that does not parse.
  // Bytecode goes to a throwaway folder, not __pycache__ beside the package source.
  const pycache = fs.mkdtempSync(path.join(require('os').tmpdir(), 'cdk-cost-pyc-'));
  try {
    execFileSync('python3', ['-m', 'py_compile', ...files], { stdio: 'inherit', env: { ...process.env, PYTHONPYCACHEPREFIX: pycache } });
  } finally {
    fs.rmSync(pycache, { recursive: true, force: true });
  }
  return files;
}

module.exports = { packagePython, pythonFiles };

if (require.main === module) {
  const i = process.argv.indexOf('--outdir');
  const outdir = path.resolve(i > 0 ? process.argv[i + 1] : path.join(ROOT, 'dist-pacmak'));
  try {
    const files = packagePython(outdir);
    process.stdout.write(`Python package source in ${path.relative(ROOT, path.join(outdir, 'python')) || '.'}: ` +
      `${files.length} .py files, each compiled with python3 -m py_compile\n`);
  } catch (e) {
    process.stderr.write(`package failed: ${e && e.message ? e.message : e}\n`);
    process.exit(1);
  }
}
