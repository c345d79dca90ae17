#!/usr/bin/env node
// One-off codemod of the 0.3 jsii migration (CHANGELOG 0.3.0): price-book services, usages and
// file kinds became enums (`PriceService`, `PriceUsage`, `PriceBookKind`) instead of string unions. Rewrites the string
// literals of the common forms into enum members and adds the import:
//   service: 'SageMaker'        → service: PriceService.SAGEMAKER
//   usage: 'hosting'            → usage: PriceUsage.HOSTING
//   x.usage === 'spot-discount' → x.usage === PriceUsage.SPOT_DISCOUNT   (also !==, and .service)
//   kind: 'cache', source: 'snapshot', x.kind !== 'cache' → PriceBookKind.CACHE / .SNAPSHOT
// The runtime values are unchanged (the enum values are the old strings), so a rewrite in a spot
// typed `string` is harmless. What it does not catch (arrays, ternaries, variables typed with
// the union) `tsc --noEmit` reports: fix those by hand.
//
//   node scripts/codemods/price-enums.js [file-or-folder ...]     (default: lib test examples bench bin)
//   npx tsc --noEmit > tsc.log; node scripts/codemods/price-enums.js --from-tsc tsc.log
// The second form rewrites the literals tsc reports as not assignable to PriceService/PriceUsage
// (arrays, ternaries, arguments): on each reported line, from the reported column, every quoted
// value of the named enum. Run both until tsc has nothing left to report, then read the diff.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'lib', 'pricing', 'price-entry');

/** enum name → { string value → member name }, read from the enums themselves. */
function enumMembers(name) {
  const source = fs.readFileSync(ENTRY + '.ts', 'utf-8');
  const body = source.slice(source.indexOf(`export enum ${name} {`));
  const members = {};
  for (const m of body.slice(0, body.indexOf('\n}')).matchAll(/^\s*([A-Z0-9_]+) = '([^']+)',/gm)) members[m[2]] = m[1];
  return members;
}

const ENUM_NAMES = ['PriceService', 'PriceUsage', 'PriceBookKind'];
/** field → [enum, members]: the fields whose string literals are rewritten. */
const ENUMS = {
  service: ['PriceService', enumMembers('PriceService')],
  usage: ['PriceUsage', enumMembers('PriceUsage')],
  kind: ['PriceBookKind', enumMembers('PriceBookKind')],
  source: ['PriceBookKind', enumMembers('PriceBookKind')],
};

function rewrite(file) {
  if (path.resolve(file) === ENTRY + '.ts') return false;
  let text = fs.readFileSync(file, 'utf-8');
  const used = new Set();
  for (const [field, [enumName, members]] of Object.entries(ENUMS)) {
    const replace = (whole, before, value) => {
      const member = members[value];
      if (!member) return whole;
      used.add(enumName);
      return `${before}${enumName}.${member}`;
    };
    text = text.replace(new RegExp(`(\\b${field}\\??: )'([A-Za-z0-9-]+)'`, 'g'), replace);
    text = text.replace(new RegExp(`(\\.${field} [!=]== )'([A-Za-z0-9-]+)'`, 'g'), replace);
  }
  if (used.size === 0) return false;
  fs.writeFileSync(file, text);
  addImports(file);
  return true;
}

function walk(target, out) {
  const stat = fs.statSync(target);
  if (stat.isDirectory()) {
    for (const e of fs.readdirSync(target)) if (e !== 'node_modules' && e !== 'dist') walk(path.join(target, e), out);
  } else if (/\.ts$/.test(target) && !/\.d\.ts$/.test(target)) {
    if (rewrite(target)) out.push(path.relative(ROOT, target));
  }
  return out;
}

/** Rewrites the literals at the positions of tsc's "not assignable to PriceService/PriceUsage" errors. */
function fromTsc(log) {
  const byFile = new Map();
  for (const m of fs.readFileSync(log, 'utf-8').matchAll(/^(.+?)\((\d+),(\d+)\): error TS(?:2322|2345|2820|2367): .*?'?(PriceService|PriceUsage|PriceBookKind)\b/gm)) {
    const [, file, line, col, enumName] = m;
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push({ line: Number(line), col: Number(col), enumName });
  }
  const changed = [];
  for (const [file, spots] of byFile) {
    const abs = path.resolve(ROOT, file);
    const lines = fs.readFileSync(abs, 'utf-8').split('\n');
    for (const { line, col, enumName } of spots) {
      const members = enumMembers(enumName);
      const text = lines[line - 1];
      lines[line - 1] = text.slice(0, col - 1) + text.slice(col - 1).replace(/'([A-Za-z0-9-]+)'/g, (w, v) => (members[v] ? `${enumName}.${members[v]}` : w));
    }
    fs.writeFileSync(abs, lines.join('\n'));
    // Adds the import when missing (the literal-form pass is a no-op on the rest).
    addImports(abs);
    changed.push(file);
  }
  return changed;
}

function addImports(file) {
  let text = fs.readFileSync(file, 'utf-8');
  const used = ENUM_NAMES.filter(n => new RegExp(`\\b${n}\\.[A-Z]`).test(text));
  const imported = new Set();
  for (const m of text.matchAll(/^import \{([^}]*)\} from '[^']*price-entry';$/gm)) {
    for (const n of m[1].split(',')) imported.add(n.trim());
  }
  const missing = used.filter(n => !imported.has(n)).sort();
  if (missing.length === 0 || path.resolve(file) === ENTRY + '.ts') return;
  // Into an existing value import of the module when there is one, else a new line.
  const existing = text.match(/^import \{([^}\n]*)\} from '([^']*price-entry)';$/m);
  if (existing) {
    const names = [...new Set([...existing[1].split(',').map(n => n.trim()).filter(Boolean), ...missing])].sort((x, y) => x.localeCompare(y));
    fs.writeFileSync(file, text.replace(existing[0], `import { ${names.join(', ')} } from '${existing[2]}';`));
    return;
  }
  let rel = path.relative(path.dirname(path.resolve(file)), ENTRY).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const line = `import { ${missing.join(', ')} } from '${rel}';\n`;
  const imports = [...text.matchAll(/^import [\s\S]*?from '[^']+';\n/gm)];
  const at = imports.length > 0 ? imports[imports.length - 1].index + imports[imports.length - 1][0].length : 0;
  fs.writeFileSync(file, text.slice(0, at) + line + text.slice(at));
}

if (process.argv[2] === '--from-tsc') {
  const changed = fromTsc(process.argv[3]);
  process.stdout.write(changed.length ? `rewrote ${changed.length} files:\n${changed.join('\n')}\n` : 'nothing to rewrite\n');
  process.exit(0);
}

const targets = process.argv.slice(2);
const changed = [];
for (const t of (targets.length ? targets : ['lib', 'test', 'examples', 'bench', 'bin'].map(d => path.join(ROOT, d)))) {
  if (fs.existsSync(t)) walk(t, changed);
}
process.stdout.write(changed.length ? `rewrote ${changed.length} files:\n${changed.join('\n')}\n` : 'nothing to rewrite\n');
