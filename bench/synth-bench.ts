/* eslint-disable no-console */
// `npm run bench`: what the cost report adds to `app.synth()`, as ratios measured in one run.
//   1. report on / report off, for a generated app of 500 priced resources (goal ≤ 1.05)
//   2. report on, 5,000 priced resources / 500 (goal ≤ 11: the engine is linear)
//   and, for reference, the same two ratios with the report off at 5,000 (the CDK's own scaling)
// Each figure is the median of several synths in a fresh app; the table is kept off stderr
// (`print=false`) so terminal speed is not measured; the JSON and Markdown files are written.
import * as fs from 'fs';
import * as path from 'path';
import { buildApp } from './bench-app';

/** Median milliseconds of `app.synth()` over `runs` fresh apps (after one warm-up). */
function timeSynth(priced: number, report: boolean, runs: number): number {
  buildApp(Math.min(priced, 100), report).synth(); // warm-up: module loading, JIT
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const app = buildApp(priced, report);
    // Collect the previous apps' garbage first, so that one run does not pay for another's.
    (globalThis as { gc?: () => void }).gc?.();
    const start = process.hrtime.bigint();
    const assembly = app.synth();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const hasReport = fs.existsSync(path.join(assembly.directory, 'cost-report.json'));
    if (hasReport !== report) throw new Error(`report=${report} but cost-report.json ${hasReport ? 'exists' : 'is missing'}`);
    fs.rmSync(assembly.directory, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const runs = Number(process.env.BENCH_RUNS ?? 7);
// Interleave on/off so drift in machine load hits both alike.
const on: number[] = [];
const off: number[] = [];
for (let i = 0; i < 3; i++) {
  off.push(timeSynth(500, false, runs));
  on.push(timeSynth(500, true, runs));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const on500 = median(on);
const off500 = median(off);
const on5000 = timeSynth(5000, true, Math.max(3, Math.floor(runs / 2)));
// For reference: how the CDK's own synth scales without the report, measured the same way.
const off5000 = timeSynth(5000, false, Math.max(3, Math.floor(runs / 2)));

console.log(`synth, 500 priced resources, report off: ${off500.toFixed(0)} ms (median)`);
console.log(`synth, 500 priced resources, report on:  ${on500.toFixed(0)} ms (median)`);
console.log(`synth, 5000 priced resources, report on: ${on5000.toFixed(0)} ms (median)`);
console.log(`ratio report on / off (500):   ${(on500 / off500).toFixed(3)}   goal ≤ 1.05`);
console.log(`ratio 5000 / 500 (report on):  ${(on5000 / on500).toFixed(2)}   goal ≤ 11`);
console.log(`for reference, report off: 5000 resources ${off5000.toFixed(0)} ms; ratio 5000 / 500 ${(off5000 / off500).toFixed(2)}; ` +
  `report on / off at 5000: ${(on5000 / off5000).toFixed(3)}`);
