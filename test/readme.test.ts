import * as fs from 'fs';
import * as path from 'path';
import { CostReport } from '../lib';
import { createApp } from '../examples/quickstart';
import { exampleContext } from './helpers';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');

/** The fenced blocks of a Markdown text with the given language tag, in order. */
function blocks(markdown: string, lang: string): string[] {
  // The language may be followed by jsii-rosetta metadata (```ts fixture=node, scripts/rosetta.js).
  return [...markdown.matchAll(new RegExp('^```' + lang + '(?: [^\\n]*)?\\n([\\s\\S]*?)^```$', 'gm'))].map(m => m[1]);
}

describe('README', () => {
  test('the first example is examples/quickstart.ts, importing the package by name', () => {
    // GIVEN
    const example = fs.readFileSync(path.join(root, 'examples', 'quickstart.ts'), 'utf-8');
    // WHEN
    const first = blocks(readme, 'ts')[0];
    // THEN
    expect(first).toBe(example.replace("from '../lib';", "from 'cdk-cost-aware-inference';"));
  });

  test('the set-up commands are the install-and-synth command and the test command that CI runs', () => {
    // GIVEN
    const commands = blocks(readme.slice(readme.indexOf('## Set up')), 'sh')[0].split('\n').filter(Boolean).map(line => line.replace(/\s+#.*$/, ''));
    const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf-8');
    const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).scripts;
    // THEN
    expect(commands).toEqual(['npm ci && CDK_DISABLE_CLI_TELEMETRY=true npx cdk synth', 'npm test']);
    expect(ci).toContain('npm ci');
    expect(ci).toContain('npm test -- --json');
    expect(scripts.test).toBe('npm run build && tsc --noEmit && jest');
  });

  test('every relative link points at a file or folder of the repository', () => {
    // GIVEN
    const links = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map(m => m[1]).filter(l => !/^[a-z]+:/.test(l));
    // THEN
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter(l => !fs.existsSync(path.join(root, l)))).toEqual([]);
  });

  test('the figures it shows for the quickstart are what the report computes, and match the hand computation', () => {
    // GIVEN: 2 peak hours at ceil(5 / 1.4) = 4 instances, 22 hours at ceil(0.5 / 1.4) = 1 → 1.25 on average
    const expected = Math.round(1.25 * 730 * 1.4084 * 100) / 100;
    // WHEN
    const report = CostReport.of(createApp(exampleContext())).compute();
    const line = report.lines.find(l => l.path === 'Quickstart/Chat/Config')!;
    // THEN
    expect(expected).toBe(1285.17);
    expect(line.monthlyUsd).toEqual({ floor: 1028.13, expected: 1285.17, ceiling: 4112.53 });
    expect(report.totals.monthlyUsd).toEqual({ floor: 1029.13, expected: 1286.17, ceiling: 4113.53 });
    for (const figure of ['$1,285.17', '$4,112.53', 'floor $1,029.13 · expected $1,286.17 · ceiling $4,113.53']) expect(readme).toContain(figure);
  });
});
