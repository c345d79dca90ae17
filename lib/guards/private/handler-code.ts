import * as fs from 'fs';
import * as path from 'path';
import { aws_lambda as lambda } from 'aws-cdk-lib';

/** The package's root: the nearest folder above this file whose package.json is this library's. */
function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'cdk-cost-aware-inference') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cdk-cost-aware-inference: cannot find the package root above ${__dirname}`);
    dir = parent;
  }
}

/**
 * The prebuilt bundle of one of the package's Lambda handlers (`assets/lambda/<name>/index.js`,
 * built from `lib/guards/handlers/<name>.ts` when the package is built). Shipping the bundle
 * means a user's app needs no esbuild, no Docker and no lock file to synthesize.
 */
export function handlerCode(name: string): lambda.Code {
  const dir = path.join(packageRoot(), 'assets', 'lambda', name);
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error(`cdk-cost-aware-inference: the Lambda bundle '${name}' is missing at ${dir}; run 'npm run build' in the package`);
  }
  return lambda.Code.fromAsset(dir);
}
