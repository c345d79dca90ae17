/* eslint-disable no-console */
// Where the report's time goes for one generated app: `npx tsx bench/profile.ts [priced]`.
import { CostReport, PriceBook } from '../lib';
import { computeCostReport } from '../lib/cost/cost-engine';
import { buildApp } from './bench-app';

const priced = Number(process.argv[2] ?? 500);
const app = buildApp(priced, false);
const t0 = process.hrtime.bigint();
const assembly = app.synth();
const synthMs = Number(process.hrtime.bigint() - t0) / 1e6;
const time = (f: () => unknown): number => { const s = process.hrtime.bigint(); f(); return Number(process.hrtime.bigint() - s) / 1e6; };
const inputs = { book: PriceBook.load(), usage: new Map(), usageLines: [], advisors: [] };
const fromTree = time(() => computeCostReport(CostReport.of(app), inputs));
const fromTemplates = time(() => computeCostReport(CostReport.of(app), { ...inputs, assemblyDir: assembly.directory }));
console.log(`${priced} priced resources: synth (report off) ${synthMs.toFixed(0)} ms; report from templates ${fromTemplates.toFixed(1)} ms; report resolving the tree ${fromTree.toFixed(1)} ms`);
