// The Lambda handlers the package ships, and how each is bundled. One list, read by the build
// (scripts/build.js writes assets/lambda/<name>/index.js) and by the test that fails when a
// committed bundle is not what its source builds to (test/guards/handlers/bundles.test.ts).
'use strict';
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** name → TypeScript entry, relative to the repository root. */
const HANDLERS = {
  'idle-notebook-stopper': 'lib/guards/handlers/idle-notebook-stopper.ts',
  'kill-switch': 'lib/guards/handlers/kill-switch.ts',
  'tiered-router': 'lib/tiered/handlers/tiered-router.ts',
  'tiered-async-submitter': 'lib/tiered/handlers/async-submitter.ts',
};

/** esbuild options for one handler; `write: false` returns the bundle instead of writing it. */
function bundleOptions(name) {
  return {
    entryPoints: [path.join(ROOT, HANDLERS[name])],
    outfile: path.join(ROOT, 'assets', 'lambda', name, 'index.js'),
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // The Node.js 24 Lambda runtime provides AWS SDK v3; bundling it would add megabytes.
    target: 'node22',
    external: ['@aws-sdk/*'],
    minify: true,
    // No source paths of the build machine inside the bundle: the output is the same everywhere.
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/** Builds every handler bundle (writes the files) with the given esbuild module. */
async function buildHandlerBundles(esbuild) {
  for (const name of Object.keys(HANDLERS)) await esbuild.build(bundleOptions(name));
}

module.exports = { ROOT, HANDLERS, bundleOptions, buildHandlerBundles };
