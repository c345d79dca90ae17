#!/usr/bin/env node
// The `cdk-cost` command (package.json "bin"): `cdk-cost report | diff | prices ...`, see
// lib/cli/README.md. Everything is in lib/cli (compiled to dist/cli); this file only connects it
// to the process.
'use strict';
const { runCli } = require('../dist/cli/main');

// A reader that stops early (`cdk-cost report | head`) is not an error worth a stack trace.
process.stdout.on('error', e => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
void runCli(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
}).then(code => {
  // exitCode, not exit(): let stdout drain when it is a pipe. The unref'd timer ends the process
  // anyway if a stray socket or timer (AWS SDK) would keep it alive.
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5000).unref();
});
