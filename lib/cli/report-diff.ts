import { CostLineData, CostReportData, MonthlyRange } from '../cost/report-schema';
import { cents } from './threshold';
import { byCodePoint } from '../private/order';
import { PriceBookKind } from '../pricing/price-entry';

/** One side of a line, as the diff shows it. */
export interface LineState {
  readonly stack: string;
  readonly path: string;
  readonly resourceType: string;
  readonly description: string;
  readonly priced: boolean;
  readonly reason?: string;
  readonly quantity: number | null;
  readonly unit: string;
  readonly unitPriceUsd: number | null;
  readonly monthlyUsd: MonthlyRange;
}

/**
 * How a head line was paired with a base line:
 * - `key`: same stack, construct path and description;
 * - `description-pattern`: same stack and path, the same description once instance types and
 *   numbers are masked (`ml.g5.xlarge hosting` ↔ `ml.g5.2xlarge hosting`);
 * - `path`: same stack and path, the only unpaired line on each side;
 * - `stack-rename`: the line of a stack detected as renamed.
 */
export type MatchKind = 'key' | 'description-pattern' | 'path' | 'stack-rename';

/** A line added, removed or changed between base and head. */
export interface LineChange {
  /** The stable key of the line (head's when it has one): see `lineKey`. */
  readonly key: string;
  /** The line in base; absent when added. */
  readonly before?: LineState;
  /** The line in head; absent when removed. */
  readonly after?: LineState;
  /** head − base per figure, USD a month (an unpriced side counts as $0). */
  readonly deltaUsd: MonthlyRange;
  /** How the two sides were paired; absent for added and removed lines. */
  readonly matchedBy?: MatchKind;
}

/** A change of the cheapest substrate of a compared workload. */
export interface CheapestSubstrateChange {
  /** The line's key (head's). */
  readonly key: string;
  readonly stack: string;
  readonly path: string;
  /** The cheapest substrate in base (id and description); absent when base did not compare the line. */
  readonly before?: { readonly substrate: string; readonly description: string; readonly expectedMonthlyUsd: number | null };
  /** The cheapest substrate in head; absent when head does not compare the line. */
  readonly after?: { readonly substrate: string; readonly description: string; readonly expectedMonthlyUsd: number | null };
  /** The break-even in head, in words, when there is one. */
  readonly breakEven?: string;
}

/** What one side of the diff was. */
export interface DiffSide {
  readonly label: string;
  readonly monthlyUsd: MonthlyRange;
  readonly lineCount: number;
  readonly unpricedCount: number;
  readonly generatedFrom: CostReportData['generatedFrom'];
}

/** The difference between two cost reports. */
export interface CostDiff {
  readonly schemaVersion: 1;
  readonly base: DiffSide;
  readonly head: DiffSide;
  /** head − base of the report totals, and the same in percent of base (null when base is $0). */
  readonly totals: { readonly deltaUsd: MonthlyRange; readonly deltaPercent: { readonly [K in keyof MonthlyRange]: number | null } };
  /** Priced lines only in head (unpriced ones are in `unpriced.newInHead`). */
  readonly added: LineChange[];
  /** Priced lines only in base (unpriced ones are in `unpriced.resolved`). */
  readonly removed: LineChange[];
  /** Lines in both, priced on at least one side, whose figures, priced state or description differ. */
  readonly changed: LineChange[];
  /** Lines in both with the same figures, or unpriced on both sides. */
  readonly unchangedCount: number;
  /**
   * Compared workloads (lines with `substrate`) whose cheapest substrate differs between base and
   * head, including a comparison that appears or goes. Independent of `changed`: the cheapest can
   * change while the line's own figures do not (an alternative's price moved).
   */
  readonly cheapestSubstrateChanges: CheapestSubstrateChange[];
  readonly unpriced: {
    readonly baseCount: number;
    readonly headCount: number;
    /** Head lines that are unpriced and were not unpriced in base (new, or priced before). */
    readonly newInHead: LineState[];
    /** Head lines unpriced in base too. */
    readonly stillUnpriced: LineState[];
    /** Base lines that were unpriced and are priced or removed in head. */
    readonly resolved: LineState[];
  };
  readonly stacks: {
    readonly added: string[];
    readonly removed: string[];
    readonly renamed: { readonly from: string; readonly to: string; readonly lineCount: number }[];
  };
  /** What makes the totals less complete than they look: head has more unpriced lines than base. */
  readonly warnings: string[];
  /** Things a reviewer should know to read the figures (price source changed, stacks gone, ...). */
  readonly notes: string[];
}

/**
 * The key that pairs a line of one report with a line of another: stack, construct path and
 * description, joined by ` | `. A resource can have several lines (one per production variant;
 * the on-demand and Spot shares of an Auto Scaling group; the hourly and data charges of a NAT
 * gateway), so stack + path alone is not unique, while the description names the variant or
 * share. When two lines of one report still share a key, the second and later get ` #2`, ` #3`
 * in report order.
 */
export function lineKey(line: Pick<CostLineData, 'stack' | 'path' | 'description'>): string {
  return `${line.stack} | ${line.path} | ${line.description}`;
}

/**
 * A description with instance types and numbers masked, so a change of instance type or size
 * pairs the old line with the new one: `ml.g5.xlarge real-time hosting, variant AllTraffic`
 * → `<type> real-time hosting, variant AllTraffic`.
 */
export function descriptionPattern(description: string): string {
  return description
    .replace(/\b(?:ml\.)?[a-z][a-z0-9-]*\.(?:\d*xlarge|large|medium|small|micro|nano|metal(?:-\d+xl)?)\b/g, '<type>')
    .replace(/\d+(?:\.\d+)?/g, '#');
}

interface Keyed { readonly key: string; readonly line: CostLineData }

function keyed(lines: readonly CostLineData[]): Keyed[] {
  const seen = new Map<string, number>();
  return lines.map(line => {
    const k = lineKey(line);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return { key: n === 1 ? k : `${k} #${n}`, line };
  });
}

function stateOf(line: CostLineData): LineState {
  return {
    stack: line.stack,
    path: line.path,
    resourceType: line.resourceType,
    description: line.description,
    priced: line.priced,
    ...(line.reason !== undefined ? { reason: line.reason } : {}),
    // null, not absent, in the diff's JSON as in cost-report.json (a report read back from a file has null here).
    quantity: line.quantity ?? null,
    unit: line.unit,
    unitPriceUsd: line.unitPriceUsd ?? null,
    monthlyUsd: line.monthlyUsd,
  };
}

function rangeDelta(before: MonthlyRange | undefined, after: MonthlyRange | undefined): MonthlyRange {
  const b = before ?? { floor: 0, expected: 0, ceiling: 0 };
  const a = after ?? { floor: 0, expected: 0, ceiling: 0 };
  return { floor: cents(a.floor - b.floor), expected: cents(a.expected - b.expected), ceiling: cents(a.ceiling - b.ceiling) };
}

function percentOf(delta: number, base: number): number | null {
  return base === 0 ? (delta === 0 ? 0 : null) : Math.round((delta / base) * 1000) / 10;
}

/**
 * Pairs base stacks with no lines in head with head stacks with no lines in base when their
 * lines are the same once the stack's construct-path prefix is rewritten: same resource types,
 * descriptions and paths below the stack. A pair is kept only when it is the only candidate on
 * both sides. Returns base stack → (head stack, path rewrite).
 */
function detectRenames(base: readonly CostLineData[], head: readonly CostLineData[]):
Map<string, { to: string; rewrite: (path: string) => string }> {
  const baseStacks = new Set(base.map(l => l.stack));
  const headStacks = new Set(head.map(l => l.stack));
  const gone = [...baseStacks].filter(s => !headStacks.has(s));
  const fresh = [...headStacks].filter(s => !baseStacks.has(s));
  const candidates: { from: string; to: string; rewrite: (path: string) => string }[] = [];
  for (const from of gone) {
    const fromLines = base.filter(l => l.stack === from);
    for (const to of fresh) {
      const toLines = head.filter(l => l.stack === to);
      if (toLines.length !== fromLines.length) continue;
      const rewrite = findRewrite(fromLines, toLines);
      if (rewrite) candidates.push({ from, to, rewrite });
    }
  }
  const result = new Map<string, { to: string; rewrite: (path: string) => string }>();
  for (const c of candidates) {
    const sameFrom = candidates.filter(o => o.from === c.from).length;
    const sameTo = candidates.filter(o => o.to === c.to).length;
    if (sameFrom === 1 && sameTo === 1) result.set(c.from, { to: c.to, rewrite: c.rewrite });
  }
  return result;
}

/** A path-prefix rewrite that maps every line of `from` onto a line of `to`, if there is one. */
function findRewrite(from: readonly CostLineData[], to: readonly CostLineData[]): ((path: string) => string) | undefined {
  const signature = (l: CostLineData, path: string) => `${l.resourceType} | ${path} | ${l.description}`;
  const target = to.map(l => signature(l, l.path)).sort();
  const first = from[0];
  for (const other of to.filter(l => l.resourceType === first.resourceType && l.description === first.description)) {
    const a = first.path.split('/');
    const b = other.path.split('/');
    let common = 0;
    while (common < Math.min(a.length, b.length) && a[a.length - 1 - common] === b[b.length - 1 - common]) common++;
    const fromPrefix = a.slice(0, a.length - common).join('/');
    const toPrefix = b.slice(0, b.length - common).join('/');
    const rewrite = (path: string): string => {
      if (fromPrefix === toPrefix) return path;
      if (path === fromPrefix) return toPrefix;
      return fromPrefix && path.startsWith(`${fromPrefix}/`) ? `${toPrefix}${path.slice(fromPrefix.length)}` : path;
    };
    const mapped = from.map(l => signature(l, rewrite(l.path))).sort();
    if (mapped.every((s, i) => s === target[i])) return rewrite;
  }
  return undefined;
}

function sameFigures(a: CostLineData, b: CostLineData): boolean {
  const d = rangeDelta(a.monthlyUsd, b.monthlyUsd);
  return d.floor === 0 && d.expected === 0 && d.ceiling === 0 && a.priced === b.priced &&
    a.description === b.description && a.quantity === b.quantity && a.unitPriceUsd === b.unitPriceUsd;
}

const byKey = (a: LineChange, b: LineChange): number => byCodePoint(a.key, b.key);

/**
 * Compares two reports line by line. Lines are paired, in this order: by `lineKey` (stack,
 * construct path, description); then, among lines left over at the same stack and path, by
 * `descriptionPattern` when that pairs them one to one, else when exactly one line is left on
 * each side; then the lines of a renamed stack (see `detectRenames`). What is left is added or
 * removed. Pure and deterministic: the output is sorted by key.
 */
export function diffReports(base: CostReportData, head: CostReportData, labels: { base: string; head: string } = { base: 'base', head: 'head' }): CostDiff {
  const renames = detectRenames(base.lines, head.lines);
  const headKeyed = keyed(head.lines);
  // Base lines of a renamed stack are keyed as if they were already in the new stack.
  const baseKeyed = keyed(base.lines.map(l => {
    const r = renames.get(l.stack);
    return r ? { ...l, stack: r.to, path: r.rewrite(l.path) } : l;
  }));
  const originalBase = new Map(baseKeyed.map((k, i) => [k, base.lines[i]]));

  const pairs: { before: Keyed; after: Keyed; matchedBy: MatchKind }[] = [];
  const headByKey = new Map(headKeyed.map(k => [k.key, k]));
  const leftBase: Keyed[] = [];
  for (const b of baseKeyed) {
    const h = headByKey.get(b.key);
    if (h) {
      pairs.push({ before: b, after: h, matchedBy: renames.has(originalBase.get(b)!.stack) ? 'stack-rename' : 'key' });
      headByKey.delete(b.key);
    } else {
      leftBase.push(b);
    }
  }
  const leftHead = headKeyed.filter(h => headByKey.has(h.key));

  // Second pass: leftovers at the same stack and construct path.
  const at = (k: Keyed) => `${k.line.stack} | ${k.line.path}`;
  const paired = new Set<Keyed>();
  for (const location of [...new Set(leftBase.map(at))]) {
    const bs = leftBase.filter(b => at(b) === location);
    const hs = leftHead.filter(h => at(h) === location);
    if (hs.length === 0) continue;
    if (bs.length === 1 && hs.length === 1) {
      const samePattern = descriptionPattern(bs[0].line.description) === descriptionPattern(hs[0].line.description);
      pairs.push({ before: bs[0], after: hs[0], matchedBy: samePattern ? 'description-pattern' : 'path' });
      paired.add(bs[0]).add(hs[0]);
      continue;
    }
    for (const b of bs) {
      const p = descriptionPattern(b.line.description);
      const sameB = bs.filter(o => descriptionPattern(o.line.description) === p);
      const sameH = hs.filter(o => descriptionPattern(o.line.description) === p);
      if (sameB.length === 1 && sameH.length === 1) {
        pairs.push({ before: b, after: sameH[0], matchedBy: 'description-pattern' });
        paired.add(b).add(sameH[0]);
      }
    }
  }

  const changed: LineChange[] = [];
  let unchangedCount = 0;
  for (const p of pairs) {
    const before = originalBase.get(p.before)!;
    const after = p.after.line;
    if (sameFigures(before, after) || (!before.priced && !after.priced)) {
      unchangedCount++;
      continue;
    }
    changed.push({ key: p.after.key, before: stateOf(before), after: stateOf(after), deltaUsd: rangeDelta(before.monthlyUsd, after.monthlyUsd), matchedBy: p.matchedBy });
  }
  const cheapestSubstrateChanges: CheapestSubstrateChange[] = [];
  for (const p of pairs) {
    const before = originalBase.get(p.before)!;
    const after = p.after.line;
    if ((before.substrate || after.substrate) && before.cheapestSubstrate !== after.cheapestSubstrate) {
      cheapestSubstrateChanges.push({
        key: p.after.key, stack: after.stack, path: after.path,
        ...(cheapestOf(before) ? { before: cheapestOf(before) } : {}),
        ...(cheapestOf(after) ? { after: cheapestOf(after) } : {}),
        ...(after.breakEven ? { breakEven: after.breakEven.summary } : {}),
      });
    }
  }
  // Lines unpriced on every side they have are only in `unpriced`: they have no figures to show.
  const added: LineChange[] = leftHead.filter(h => !paired.has(h) && h.line.priced)
    .map(h => ({ key: h.key, after: stateOf(h.line), deltaUsd: rangeDelta(undefined, h.line.monthlyUsd) }));
  const removed: LineChange[] = leftBase.filter(b => !paired.has(b) && b.line.priced).map(b => {
    const line = originalBase.get(b)!;
    return { key: b.key, before: stateOf(line), deltaUsd: rangeDelta(line.monthlyUsd, undefined) };
  });

  // Unpriced lines, by how they moved.
  const baseUnpricedKeys = new Set(baseKeyed.filter(b => !b.line.priced).map(b => b.key));
  const pairedBaseOf = new Map(pairs.map(p => [p.after, originalBase.get(p.before)!]));
  const newInHead: LineState[] = [];
  const stillUnpriced: LineState[] = [];
  for (const h of headKeyed.filter(k => !k.line.priced)) {
    const before = pairedBaseOf.get(h);
    if (before ? !before.priced : baseUnpricedKeys.has(h.key)) stillUnpriced.push(stateOf(h.line));
    else newInHead.push(stateOf(h.line));
  }
  const pairedAfterOf = new Map(pairs.map(p => [p.before, p.after.line]));
  const resolved = baseKeyed.filter(b => !b.line.priced && (pairedAfterOf.get(b)?.priced ?? true)).map(b => stateOf(originalBase.get(b)!));

  const baseStacks = new Set(base.lines.map(l => l.stack));
  const headStacks = new Set(head.lines.map(l => l.stack));
  const renamed = [...renames].map(([from, r]) => ({ from, to: r.to, lineCount: base.lines.filter(l => l.stack === from).length }));
  const renamedTo = new Set(renamed.map(r => r.to));
  const stacks = {
    added: [...headStacks].filter(s => !baseStacks.has(s) && !renamedTo.has(s)).sort(),
    removed: [...baseStacks].filter(s => !headStacks.has(s) && !renames.has(s)).sort(),
    renamed: renamed.sort((a, b) => byCodePoint(a.from, b.from)),
  };

  const warnings: string[] = [];
  if (head.unpricedCount > base.unpricedCount) {
    const more = head.unpricedCount - base.unpricedCount;
    warnings.push(`head has ${more} more unpriced line${more === 1 ? '' : 's'} than base (${head.unpricedCount} vs ${base.unpricedCount}): ` +
      'the totals and the change leave them out');
  }
  const notes: string[] = [];
  for (const r of stacks.renamed) {
    notes.push(`stack ${r.from} is now ${r.to}: its ${r.lineCount} line(s) were matched across the rename (same resources below the stack)`);
  }
  if (stacks.removed.length > 0 && stacks.added.length > 0) {
    notes.push(`stacks gone (${stacks.removed.join(', ')}) and new (${stacks.added.join(', ')}): a renamed stack whose resources also ` +
      'changed cannot be told from a removed and an added one, so its lines show as removed and added');
  }
  const bg = base.generatedFrom;
  const hg = head.generatedFrom;
  if (bg.source !== hg.source || bg.date !== hg.date || bg.cacheFile !== hg.cacheFile) {
    notes.push(`prices differ: base from the ${originOf(bg)}, head from the ${originOf(hg)}; some changes may come from prices, not from the app`);
  }
  if (base.hoursPerMonth !== head.hoursPerMonth) {
    notes.push(`base assumes ${base.hoursPerMonth} hours a month, head ${head.hoursPerMonth}`);
  }
  const headRegions = new Map(head.stacks.map(s => [s.stack, s.region]));
  for (const s of base.stacks) {
    const to = headRegions.get(renames.get(s.stack)?.to ?? s.stack);
    if (to !== undefined && to !== s.region) notes.push(`stack ${s.stack} is priced in ${s.region} in base and in ${to} in head`);
  }

  const bt = base.totals.monthlyUsd;
  const ht = head.totals.monthlyUsd;
  const deltaUsd = rangeDelta(bt, ht);
  return {
    schemaVersion: 1,
    base: sideOf(base, labels.base),
    head: sideOf(head, labels.head),
    totals: {
      deltaUsd,
      deltaPercent: { floor: percentOf(deltaUsd.floor, bt.floor), expected: percentOf(deltaUsd.expected, bt.expected), ceiling: percentOf(deltaUsd.ceiling, bt.ceiling) },
    },
    added: added.sort(byKey),
    removed: removed.sort(byKey),
    changed: changed.sort(byKey),
    unchangedCount,
    cheapestSubstrateChanges: cheapestSubstrateChanges.sort((a, b) => byCodePoint(a.key, b.key)),
    unpriced: { baseCount: base.unpricedCount, headCount: head.unpricedCount, newInHead, stillUnpriced, resolved },
    stacks,
    warnings,
    notes,
  };
}

/** The cheapest substrate of a compared line, as the diff shows it. */
function cheapestOf(line: CostLineData): CheapestSubstrateChange['before'] {
  if (!line.cheapestSubstrate) return undefined;
  const all = [...(line.substrate ? [line.substrate] : []), ...(line.alternatives ?? [])];
  const found = all.find(a => a.substrate === line.cheapestSubstrate);
  return { substrate: line.cheapestSubstrate, description: found?.description ?? line.cheapestSubstrate, expectedMonthlyUsd: found?.expectedMonthlyUsd ?? null };
}

function sideOf(report: CostReportData, label: string): DiffSide {
  return { label, monthlyUsd: report.totals.monthlyUsd, lineCount: report.totals.lineCount, unpricedCount: report.unpricedCount, generatedFrom: report.generatedFrom };
}

function originOf(g: CostReportData['generatedFrom']): string {
  return g.source === PriceBookKind.CACHE ? `refreshed price cache${g.cacheFile ? ` ${g.cacheFile}` : ''} of ${g.date}` : `embedded price snapshot of ${g.date}`;
}
