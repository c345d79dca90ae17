#!/usr/bin/env node
// `npm run rosetta`: every TypeScript snippet of the docs translated by jsii-rosetta in strict
// mode — each must compile against the package and translate to Python (and the other jsii
// languages) with no diagnostic, or this fails. Covers what the jsii assembly carries (README.md
// and the `@example`s of the API docs) and the family READMEs (lib/*/README.md), which it does
// not: each is read as the README of a copy of the assembly. All compile in one batch.
//
// Fence metadata (after the language, as jsii-rosetta reads it):
//   ```ts fixture=node   compile inside rosetta/node.ts-fixture (Node globals: console, require.main)
//   ```ts nojsii         not translated: the snippet uses TypeScript-only internals (say why beside it)
//
//   node scripts/rosetta.js [--python <file.md>]   (--python: print the Python of that file's snippets)
//
// Needs `.jsii` (npm run build). Rosetta compiles the snippets in a scratch project whose
// node_modules holds this package and its dependencies: no @types/node, no repository tsconfig.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const ROSETTA = path.dirname(require.resolve('jsii-rosetta/package.json'));
// Not in jsii-rosetta's exports map, but what its `extract` command uses (version pinned ~5.9).
const { allTypeScriptSnippets, loadAssemblies } = require(path.join(ROSETTA, 'lib', 'jsii', 'assemblies.js'));
const { RosettaTranslator, TargetLanguage } = require('jsii-rosetta');

/** The family READMEs, relative to the repository root, sorted. */
function familyReadmes() {
  return fs.readdirSync(path.join(ROOT, 'lib'), { withFileTypes: true })
    .filter(e => e.isDirectory() && fs.existsSync(path.join(ROOT, 'lib', e.name, 'README.md')))
    .map(e => `lib/${e.name}/README.md`)
    .sort();
}

/** Where a snippet comes from: `README.md:61`, `lib/cost/README.md:12`, `CostAwareChecks (doc example)`. */
function placeOf(file, snippet) {
  const loc = snippet.location;
  if (loc.api.api === 'moduleReadme') return `${file}:${loc.field && loc.field.line}`;
  return `${loc.api.fqn.replace(/^cdk-cost-aware-inference\./, '')}${loc.api.memberName ? `.${loc.api.memberName}` : ''} (doc example)`;
}

/** Translates every snippet in one batch: `{ errors, skipped, translations }` (Python per Markdown file). */
async function translateDocs() {
  if (!fs.existsSync(path.join(ROOT, '.jsii'))) throw new Error('no .jsii assembly: run `npm run build` first');
  const [loaded] = loadAssemblies([ROOT], false);
  const sources = [['README.md', loaded]];
  for (const file of familyReadmes()) {
    const markdown = fs.readFileSync(path.join(ROOT, file), 'utf-8');
    // Its README, and no types: the API docs' examples are translated once, with README.md.
    sources.push([file, { ...loaded, assembly: { ...loaded.assembly, readme: { markdown }, types: {} } }]);
  }
  const all = [];
  const skipped = [];
  for (const [file, asm] of sources) {
    for (const s of await allTypeScriptSnippets([asm], false)) {
      const place = placeOf(file, s);
      if (s.parameters && s.parameters.nojsii !== undefined) {
        skipped.push(place);
        continue;
      }
      // One location per file, so that rosetta's messages name the Markdown file, and strict
      // whatever the assembly's metadata says.
      const location = s.location.api.api === 'moduleReadme' ? { api: { api: 'file', fileName: file }, field: s.location.field } : s.location;
      all.push({ file, place, snippet: { ...s, location, strict: true } });
    }
  }
  const translator = new RosettaTranslator({ includeCompilerDiagnostics: true, assemblies: [loaded.assembly] });
  const result = await translator.translateAll(all.map(a => a.snippet), { cleanup: true });
  const errors = result.diagnostics.filter(d => d.isError).map(d => d.formattedMessage.trim());
  const translations = {};
  for (const t of result.translatedSnippets) {
    const loc = t.snippet.location;
    if (!loc || loc.api.api !== 'file') continue;
    (translations[loc.api.fileName] ??= []).push({ line: loc.field && loc.field.line, python: t.get(TargetLanguage.PYTHON)?.source });
  }
  return { count: all.length, errors, skipped, translations };
}

module.exports = { translateDocs, familyReadmes };

if (require.main === module) {
  const i = process.argv.indexOf('--python');
  translateDocs().then(({ count, errors, skipped, translations }) => {
    if (i > 0) {
      for (const t of translations[process.argv[i + 1]] ?? []) process.stdout.write(`# line ${t.line}\n${t.python}\n\n`);
    }
    for (const s of skipped) process.stderr.write(`rosetta: ${s}: not translated (nojsii)\n`);
    if (errors.length > 0) {
      process.stderr.write(`${errors.join('\n\n')}\n\nrosetta: ${errors.length} error(s) in ${count} snippets: every doc snippet must compile and translate (strict)\n`);
      process.exit(1);
    }
    process.stderr.write(`rosetta: ${count} doc snippets compile and translate to every jsii language (strict)\n`);
  }).catch(e => {
    process.stderr.write(`rosetta failed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  });
}
