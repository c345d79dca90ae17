import { usd } from '../cost/private/render';
import { MonthlyRange } from '../cost/report-schema';
import { CheapestSubstrateChange, CostDiff, LineChange, LineState } from './report-diff';
import { formatPercent, LimitCheck } from './threshold';

/** Marks a PR comment as written by `cdk-cost diff`, so a CI job can find and update it. */
export const DIFF_COMMENT_MARKER = '<!-- cdk-cost diff -->';

const FIGURES: (keyof MonthlyRange)[] = ['floor', 'expected', 'ceiling'];

/** `+$12.00`, `-$3.50`, `$0.00`. */
export function signedUsd(value: number): string {
  return value > 0 ? `+${usd(value)}` : usd(value);
}

function change(diff: CostDiff, figure: keyof MonthlyRange): string {
  const d = diff.totals.deltaUsd[figure];
  return `${signedUsd(d)} (${formatPercent(diff.totals.deltaPercent[figure], d)})`;
}

function counts(diff: CostDiff): string {
  return `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchangedCount} unchanged`;
}

/** The path, with the stack named when the path does not start with it. */
function where(line: LineState): string {
  return line.path === line.stack || line.path.startsWith(`${line.stack}/`) ? line.path : `${line.stack}: ${line.path}`;
}

/** ` (unpriced)` when the line is unpriced now, ` (was unpriced)` when it became priced. */
function status(c: LineChange): string {
  if (c.after && !c.after.priced) return ' (unpriced)';
  if (c.before && !c.before.priced) return c.after ? ' (was unpriced)' : ' (unpriced)';
  return '';
}

function what(c: LineChange): string {
  const b = c.before?.description;
  const a = c.after?.description;
  return b !== undefined && a !== undefined && a !== b ? `${b} → ${a}` : (a ?? b)!;
}

function cell(c: LineChange, figure: keyof MonthlyRange): string {
  if (!c.before) return usd(c.after!.monthlyUsd[figure]);
  if (!c.after) return usd(c.before.monthlyUsd[figure]);
  const b = c.before.monthlyUsd[figure];
  const a = c.after.monthlyUsd[figure];
  return b === a ? usd(a) : `${usd(b)} → ${usd(a)} (${signedUsd(c.deltaUsd[figure])})`;
}

/** `Bedrock on-demand, … ($8,409.60) → EC2 fleet, inf2.xlarge ($1,106.97)`. */
function cheapestChange(c: CheapestSubstrateChange): string {
  const side = (s: CheapestSubstrateChange['before']): string =>
    s ? `${s.description}${s.expectedMonthlyUsd == null ? '' : ` (${usd(s.expectedMonthlyUsd)})`}` : 'not compared';
  return `cheapest: ${side(c.before)} → ${side(c.after)}`;
}

/** The one-sentence summary that opens the diff. */
export function diffSummary(diff: CostDiff): string {
  const e = diff.totals.deltaUsd.expected;
  const head = `${usd(diff.base.monthlyUsd.expected)} → ${usd(diff.head.monthlyUsd.expected)} expected`;
  const lead = e === 0 ? `Estimated monthly cost: no change in expected (${head})` : `Estimated monthly cost: ${change(diff, 'expected')} expected (${head})`;
  return `${lead}; floor ${change(diff, 'floor')}, ceiling ${change(diff, 'ceiling')}; lines: ${counts(diff)}`;
}

/** The diff as plain text for a terminal or a CI log. */
export function renderDiffTable(diff: CostDiff): string {
  const out: string[] = [];
  out.push(`Cost diff, USD per month: ${diff.base.label} → ${diff.head.label}`);
  const col = (s: string) => s.padStart(24);
  out.push(`  ${''.padEnd(8)}${FIGURES.map(f => col(f[0].toUpperCase() + f.slice(1))).join('')}`);
  out.push(`  ${'base'.padEnd(8)}${FIGURES.map(f => col(usd(diff.base.monthlyUsd[f]))).join('')}`);
  out.push(`  ${'head'.padEnd(8)}${FIGURES.map(f => col(usd(diff.head.monthlyUsd[f]))).join('')}`);
  out.push(`  ${'change'.padEnd(8)}${FIGURES.map(f => col(change(diff, f))).join('')}`);
  out.push(`  lines: ${counts(diff)}; unpriced: base ${diff.unpriced.baseCount}, head ${diff.unpriced.headCount}`);
  for (const w of diff.warnings) out.push(`  warning: ${w}`);
  const section = (title: string, sign: string, items: LineChange[]) => {
    if (items.length === 0) return;
    out.push('');
    out.push(`${title} (${items.length})`);
    for (const c of items) {
      const line = (c.after ?? c.before)!;
      out.push(`  ${sign} ${where(line)} — ${what(c)}${status(c)}`);
      out.push(`      ${FIGURES.map(f => `${f} ${cell(c, f)}`).join(' · ')}`);
    }
  };
  section('Added', '+', diff.added);
  section('Removed', '-', diff.removed);
  section('Changed', '~', diff.changed);
  if (diff.cheapestSubstrateChanges.length > 0) {
    out.push('');
    out.push(`Cheapest substrate changed (${diff.cheapestSubstrateChanges.length})`);
    for (const c of diff.cheapestSubstrateChanges) {
      out.push(`  ⇄ ${c.path === c.stack || c.path.startsWith(`${c.stack}/`) ? c.path : `${c.stack}: ${c.path}`} — ${cheapestChange(c)}`);
      if (c.breakEven) out.push(`      break-even: ${c.breakEven}`);
    }
  }
  const u = diff.unpriced;
  if (u.headCount > 0 || u.baseCount > 0) {
    out.push('');
    out.push(`Unpriced lines, not in the totals (base ${u.baseCount}, head ${u.headCount})`);
    for (const l of u.newInHead) out.push(`  ! new: ${where(l)} — ${l.description}: ${l.reason ?? 'no reason given'}`);
    for (const l of u.stillUnpriced) out.push(`  ! still: ${where(l)} — ${l.description}: ${l.reason ?? 'no reason given'}`);
    for (const l of u.resolved) out.push(`  ✓ no longer unpriced (priced or removed): ${where(l)} — ${l.description}`);
  }
  if (diff.notes.length > 0) {
    out.push('');
    out.push('Notes');
    for (const n of diff.notes) out.push(`  - ${n}`);
  }
  return out.join('\n') + '\n';
}

/** Escapes text for a Markdown table cell (HTML is not wanted in a PR comment). */
function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** Escapes text for a code span in a table cell: entities would show literally there. */
function code(text: string): string {
  return `\`${text.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
}

function mdTable(items: LineChange[]): string[] {
  const rows = ['| Stack | Resource | What | Floor | Expected | Ceiling |', '|---|---|---|---:|---:|---:|'];
  for (const c of items) {
    const line = (c.after ?? c.before)!;
    rows.push(`| ${md(line.stack)} | ${code(line.path)} | ${md(what(c))}${status(c)} | ${FIGURES.map(f => cell(c, f)).join(' | ')} |`);
  }
  return rows;
}

/**
 * The diff as Markdown ready to post as a pull-request comment: a marker comment, the summary
 * line, warnings and limit results, then the detail in a collapsible `<details>` section.
 */
export function renderDiffMarkdown(diff: CostDiff, limits: readonly LimitCheck[] = []): string {
  const out: string[] = [DIFF_COMMENT_MARKER];
  const e = diff.totals.deltaUsd.expected;
  const headline = e === 0 ? 'no change in expected' : `${change(diff, 'expected')} expected`;
  out.push(`**Estimated monthly cost: ${headline}** (${usd(diff.base.monthlyUsd.expected)} → ${usd(diff.head.monthlyUsd.expected)}) · ` +
    `floor ${change(diff, 'floor')} · ceiling ${change(diff, 'ceiling')} · ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`);
  for (const w of diff.warnings) {
    out.push('');
    out.push(`> ⚠️ ${md(w)}`);
  }
  for (const c of diff.cheapestSubstrateChanges) {
    out.push('');
    out.push(`> ⇄ ${code(c.path)} ${md(cheapestChange(c))}`);
  }
  for (const l of limits) {
    out.push('');
    out.push(l.crossed ? `> ❌ ${md(l.message)}` : `> ✅ ${md(l.message)}`);
  }
  out.push('');
  out.push('<details>');
  out.push(`<summary>Details: ${counts(diff)}; unpriced: base ${diff.unpriced.baseCount}, head ${diff.unpriced.headCount}</summary>`);
  out.push('');
  out.push(`| USD per month | Floor | Expected | Ceiling |`);
  out.push('|---|---:|---:|---:|');
  out.push(`| Base | ${FIGURES.map(f => usd(diff.base.monthlyUsd[f])).join(' | ')} |`);
  out.push(`| Head | ${FIGURES.map(f => usd(diff.head.monthlyUsd[f])).join(' | ')} |`);
  out.push(`| Change | ${FIGURES.map(f => change(diff, f)).join(' | ')} |`);
  const section = (title: string, items: LineChange[]) => {
    if (items.length === 0) return;
    out.push('');
    out.push(`#### ${title} (${items.length})`);
    out.push('');
    out.push(...mdTable(items));
  };
  section('Added', diff.added);
  section('Removed', diff.removed);
  section('Changed', diff.changed);
  if (diff.cheapestSubstrateChanges.length > 0) {
    out.push('');
    out.push(`#### Cheapest substrate changed (${diff.cheapestSubstrateChanges.length})`);
    out.push('');
    for (const c of diff.cheapestSubstrateChanges) {
      out.push(`- ${code(c.path)}: ${md(cheapestChange(c))}${c.breakEven ? ` (break-even: ${md(c.breakEven)})` : ''}`);
    }
  }
  const u = diff.unpriced;
  if (u.headCount > 0 || u.baseCount > 0) {
    out.push('');
    out.push(`#### Unpriced lines, not in the totals (base ${u.baseCount}, head ${u.headCount})`);
    out.push('');
    for (const l of u.newInHead) out.push(`- **new** ${code(l.path)} (${md(l.resourceType)}) ${md(l.description)}: ${md(l.reason ?? 'no reason given')}`);
    for (const l of u.stillUnpriced) out.push(`- ${code(l.path)} (${md(l.resourceType)}) ${md(l.description)}: ${md(l.reason ?? 'no reason given')}`);
    for (const l of u.resolved) out.push(`- **no longer unpriced** (priced or removed) ${code(l.path)} ${md(l.description)}`);
  }
  if (diff.notes.length > 0) {
    out.push('');
    out.push('#### Notes');
    out.push('');
    for (const n of diff.notes) out.push(`- ${md(n)}`);
  }
  out.push('');
  out.push(`Base: ${code(diff.base.label)}, head: ${code(diff.head.label)}. USD per month, list prices; generated by \`cdk-cost diff\`.`);
  out.push('');
  out.push('</details>');
  return out.join('\n') + '\n';
}

/** The diff as JSON, with the limit results when limits were given. */
export function renderDiffJson(diff: CostDiff, limits: readonly LimitCheck[] = []): string {
  return JSON.stringify(limits.length > 0 ? { ...diff, limits } : diff, null, 2) + '\n';
}
