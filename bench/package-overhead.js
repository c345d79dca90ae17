#!/usr/bin/env node
// What the package costs a user's app, measured from the packed tarball as a user installs it:
//   1. import time of the package entry (`require('cdk-cost-aware-inference')`, in process);
//   2. whole-process synth of a small app using our constructs vs the same CloudFormation
//      resources written with plain aws-cdk-lib (each resource of our app's template replayed as a
//      `CfnResource`, so the plain app is the cheapest way to get the same template);
//   3. tarball size and what an install adds to node_modules.
//
//   npm run build && node bench/package-overhead.js [--runs 10]
//
// Needs hyperfine (`apt-get install -y hyperfine`) for (2). Installs into a temp folder with
// scripts/consumer-smoke.js's `js` app (the npm cache of `npm ci` serves the peers).
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const smoke = require('../scripts/consumer-smoke.js');

const OURS = `
const cdk = require('aws-cdk-lib');
const { AsyncEndpoint, AsyncTrafficProfile, BudgetGuard, ModelImage, RealtimeEndpoint, TrafficProfile } = require('cdk-cost-aware-inference');
const app = new cdk.App({ context: { 'cdk-cost-aware-inference:print': false } });
const stack = new cdk.Stack(app, 'Bench', { env: { region: 'us-east-1' } });
new RealtimeEndpoint(stack, 'Chat', {
  model: { image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04') },
  instanceType: 'ml.g5.xlarge', maxCapacity: 4, maxRequestsPerSecondPerInstance: 2,
  traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 5, peakHoursPerDay: 2, offPeakRequestsPerSecond: 0.5 }),
});
new AsyncEndpoint(stack, 'Extractor', {
  model: { image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04') },
  instanceType: 'ml.g6e.2xlarge', maxCapacity: 2,
  traffic: AsyncTrafficProfile.constant({ requestsPerHour: 60, processingTimePerRequest: cdk.Duration.seconds(30) }),
});
new BudgetGuard(stack, 'Budget', { emails: ['ml-team@example.com'] });
app.synth();
`;

/** The plain app: the template of OURS, resource by resource, as aws-cdk-lib L1 resources. */
function plainApp(template) {
  const resources = Object.entries(template.Resources).filter(([, r]) => r.Type !== 'AWS::CDK::Metadata');
  return `
const cdk = require('aws-cdk-lib');
const app = new cdk.App();
const stack = new cdk.Stack(app, 'Bench', { env: { region: 'us-east-1' } });
const resources = ${JSON.stringify(resources)};
for (const [id, r] of resources) {
  const res = new cdk.CfnResource(stack, id, { type: r.Type, properties: r.Properties });
  res.overrideLogicalId(id);
  if (r.DependsOn) for (const d of [].concat(r.DependsOn)) res.addOverride('DependsOn', [].concat(r.DependsOn));
  if (r.DeletionPolicy) res.addOverride('DeletionPolicy', r.DeletionPolicy);
  if (r.UpdateReplacePolicy) res.addOverride('UpdateReplacePolicy', r.UpdateReplacePolicy);
}
app.synth();
`;
}

async function main() {
  const runs = Number((process.argv.indexOf('--runs') >= 0 && process.argv[process.argv.indexOf('--runs') + 1]) || 10);
  const work = smoke.workDir();
  const packed = await smoke.pack(work);
  const r = await smoke.runApp('js', { work, tarball: packed.tarball });
  if (!r.ok) throw new Error(r.log);
  const dir = path.join(work, 'js');
  const du = p => execFileSync('du', ['-sk', p]).toString().split('\t')[0];
  const mod = path.join(dir, 'node_modules');
  const ours = path.join(mod, 'cdk-cost-aware-inference');
  // @aws-cdk/* (asset-awscli, cloud-assembly-schema, ...) come with aws-cdk-lib, not with us.
  const own = fs.readdirSync(mod).filter(n => !['aws-cdk-lib', '@aws-cdk', 'constructs', 'cdk-nag', '.bin', '.package-lock.json', 'cdk-cost-aware-inference'].includes(n));
  console.log(`tarball: ${packed.size} bytes (${(packed.size / 1024).toFixed(0)} KiB), ${packed.files} files, ${packed.unpackedSize} bytes unpacked`);
  console.log(`node_modules/cdk-cost-aware-inference: ${du(ours)} KiB on disk`);
  console.log(`its own dependencies besides the peers (${own.join(', ')}): ${own.reduce((s, n) => s + Number(du(path.join(mod, n))), 0)} KiB`);
  console.log(`node_modules in all (peers aws-cdk-lib ${du(path.join(mod, 'aws-cdk-lib'))} KiB, cdk-nag ${du(path.join(mod, 'cdk-nag'))} KiB, constructs ${du(path.join(mod, 'constructs'))} KiB): ${du(mod)} KiB`);

  const importMs = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['-e', `require('aws-cdk-lib'); const t = process.hrtime.bigint(); require('cdk-cost-aware-inference'); console.log(Number(process.hrtime.bigint() - t) / 1e6)`], { cwd: dir });
    importMs.push(Number(out.toString()));
  }
  importMs.sort((a, b) => a - b);
  console.log(`require('cdk-cost-aware-inference') after aws-cdk-lib is loaded: median ${importMs[Math.floor(runs / 2)].toFixed(1)} ms (min ${importMs[0].toFixed(1)}, max ${importMs[runs - 1].toFixed(1)}, ${runs} runs)`);
  const coldMs = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['-e', `const t = process.hrtime.bigint(); require('cdk-cost-aware-inference'); console.log(Number(process.hrtime.bigint() - t) / 1e6)`], { cwd: dir });
    coldMs.push(Number(out.toString()));
  }
  coldMs.sort((a, b) => a - b);
  console.log(`require('cdk-cost-aware-inference') in a fresh process (with the aws-cdk-lib modules it loads): median ${coldMs[Math.floor(runs / 2)].toFixed(1)} ms`);

  fs.writeFileSync(path.join(dir, 'ours.js'), OURS);
  execFileSync(process.execPath, ['ours.js'], { cwd: dir, env: { ...process.env, CDK_OUTDIR: path.join(dir, 'out-ours') } });
  const template = JSON.parse(fs.readFileSync(path.join(dir, 'out-ours', 'Bench.template.json'), 'utf-8'));
  fs.writeFileSync(path.join(dir, 'plain.js'), plainApp(template));
  execFileSync(process.execPath, ['plain.js'], { cwd: dir, env: { ...process.env, CDK_OUTDIR: path.join(dir, 'out-plain') } });
  const plain = JSON.parse(fs.readFileSync(path.join(dir, 'out-plain', 'Bench.template.json'), 'utf-8'));
  const types = t => Object.values(t.Resources).map(x => x.Type).filter(x => x !== 'AWS::CDK::Metadata').sort().join(',');
  if (types(plain) !== types(template)) throw new Error('the plain app does not have the same resources');
  console.log(`small app: ${Object.keys(template.Resources).length} resources`);
  execFileSync('hyperfine', ['--warmup', '2', '--runs', String(runs), '--export-markdown', path.join(work, 'synth.md'),
    '-n', 'ours (constructs + cost report)', `CDK_OUTDIR=${dir}/o1 node ours.js`,
    '-n', 'ours, report off', `CDK_OUTDIR=${dir}/o2 CDK_CONTEXT_JSON='{"cdk-cost-aware-inference:report":false}' node ours.js`,
    '-n', 'plain aws-cdk-lib (same resources)', `CDK_OUTDIR=${dir}/o3 node plain.js`], { cwd: dir, stdio: 'inherit' });
  console.log(fs.readFileSync(path.join(work, 'synth.md'), 'utf-8'));
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
