import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CDK_INIT_CONTEXT } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');

// The feature flags every test and example runs under are those of a new user's app: the
// `context` of the cdk.json that `cdk init app --language typescript` writes with the repo's
// aws-cdk CLI, plus aws-cdk-lib's built-in template validation as errors (which it sets too).
describe('cdk init context', () => {
  test('test/cdk-init-context.json is the context `cdk init app --language typescript` writes, with validateAgainstDefaultRules', () => {
    // GIVEN a fresh app from the repo's CLI (files only: no install, no git)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-init-'));
    try {
      execFileSync(process.execPath, [require.resolve('aws-cdk/bin/cdk'), 'init', 'app', '--language', 'typescript', '--generate-only'], {
        cwd: dir, stdio: 'pipe', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      });
      // WHEN
      const written = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf-8')).context;
      // THEN
      expect(CDK_INIT_CONTEXT).toEqual({ ...written, '@aws-cdk/core:validateAgainstDefaultRules': true });
      expect(Object.keys(CDK_INIT_CONTEXT).length).toBeGreaterThan(80);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the repo\'s cdk.json (the demo app, `npx cdk synth`) has the same context', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf-8'));
    expect(cdkJson.context).toEqual(CDK_INIT_CONTEXT);
  });
});
