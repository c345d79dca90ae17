#!/usr/bin/env node
// The `cdk-cost` command (package.json "bin"). The package ships TypeScript; tsx compiles it
// on the fly, scoped to this require so the caller's own loaders are left alone.
let tsx;
try {
  tsx = require('tsx/cjs/api');
} catch (e) {
  process.stderr.write("cdk-cost: needs the 'tsx' package to run (npm install --save-dev tsx)\n");
  process.exit(2);
}
tsx.require('./cdk-cost.ts', __filename);
