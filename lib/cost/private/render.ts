import { CostLineData, CostReportData, MonthlyRange, SubstrateCostData } from '../report-schema';
import { chartFileName } from './chart';
import { PriceBookKind } from '../../pricing/price-entry';

/** `$1,234.56`. */
export function usd(value: number): string {
  const sign = value < 0 ? '-' : '';
  return `${sign}$${CENTS.format(Math.abs(value))}`;
}

// Formatters built once: `Number.prototype.toLocaleString` builds one per call, which dominated
// the report's time on large apps (see bench/).
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const WHOLE = new Intl.NumberFormat('en-US');
const TENTHS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * A figure in an assumption's words: thousands separated, at most `maxDecimals` decimals, no
 * trailing zeros (`1,680`, `78,214.29`, `0.5`).
 */
export function figure(n: number, maxDecimals = 2): string {
  return (FIGURE_FORMATS[maxDecimals] ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: maxDecimals })).format(n);
}

const FIGURE_FORMATS: Record<number, Intl.NumberFormat> = {};

/** `1,460` or `0.0417`: quantities with the precision they need. */
export function quantity(value: number | null | undefined): string {
  if (value == null) return '-';
  if (Number.isInteger(value)) return WHOLE.format(value);
  return value >= 100 ? TENTHS.format(value) : String(Number(value.toPrecision(4)));
}

function origin(report: CostReportData): string {
  const g = report.generatedFrom;
  return g.source === PriceBookKind.CACHE ? `refreshed price cache ${g.cacheFile ?? ''} of ${g.date}`.replace('  ', ' ') : `embedded price snapshot of ${g.date}`;
}

function range(r: MonthlyRange): string {
  return `floor ${usd(r.floor)} · expected ${usd(r.expected)} · ceiling ${usd(r.ceiling)}`;
}

function pad(text: string, width: number, right = false): string {
  if (text.length > width) return text.slice(0, width - 1) + '…';
  return right ? text.padStart(width) : text.padEnd(width);
}

/**
 * The report as a plain-text table (what `cdk synth` prints on stderr): per stack, one row per
 * line with its assumptions under it, the totals, and the unpriced lines with their reasons.
 */
export function renderTable(report: CostReportData): string {
  const out: string[] = [];
  out.push(`Estimated monthly cost, USD (${report.hoursPerMonth} h/month; ${origin(report)})`);
  const cols = '  ' + [pad('Resource', 44), pad('What', 46), pad('Quantity', 22, true), pad('Unit price', 11, true),
    pad('Floor', 11, true), pad('Expected', 11, true), pad('Ceiling', 11, true)].join(' ');
  for (const stack of report.stacks) {
    const lines = report.lines.filter(l => l.stack === stack.stack);
    if (lines.length === 0) continue;
    out.push('');
    out.push(`Stack ${stack.stack} (${stack.region}, region from ${stack.regionSource})`);
    out.push(cols);
    for (const line of lines) {
      const qty = line.priced ? `${quantity(line.quantity)} ${line.unit}` : 'unpriced';
      out.push('  ' + [pad(line.path, 44), pad(line.description, 46), pad(qty, 22, true),
        pad(line.unitPriceUsd == null ? '-' : `$${line.unitPriceUsd}`, 11, true),
        pad(usd(line.monthlyUsd.floor), 11, true), pad(usd(line.monthlyUsd.expected), 11, true), pad(usd(line.monthlyUsd.ceiling), 11, true)].join(' '));
      if (!line.priced) out.push(`      ! unpriced: ${line.reason}`);
      for (const a of line.assumptions) out.push(`      · ${a}`);
      if (line.price?.derived) out.push(`      · price derived: ${line.price.derived}`);
      if (line.alternative) out.push(`      ↔ ${line.alternative.description}: ${usd(line.alternative.monthlyUsd.expected)} expected`);
      for (const a of line.substrate ? [line.substrate, ...line.alternatives ?? []] : []) {
        out.push(`      ${a === line.substrate ? '◆ deployed' : '↔'} ${a.description}: ${substrateFigure(a)}${a.cheapest ? ' ★ cheapest' : ''}`);
      }
      if (line.breakEven) out.push(`      ⇅ break-even: ${line.breakEven.summary}`);
    }
    out.push(`  ${pad('Stack total', 44)} ${range(stack.monthlyUsd)}${stack.unpricedCount ? ` (${stack.unpricedCount} unpriced)` : ''}`);
  }
  out.push('');
  out.push(`TOTAL ${range(report.totals.monthlyUsd)} — ${report.totals.lineCount} lines, ${report.unpricedCount} unpriced`);
  for (const r of report.recommendations) {
    out.push(`  advice ${r.id} at ${r.path}: ${r.message}${r.estimatedMonthlySavingUsd !== undefined ? ` (saves ~${usd(r.estimatedMonthlySavingUsd)}/month)` : ''}`);
  }
  for (const n of report.notes) out.push(`  note: ${n}`);
  return out.join('\n') + '\n';
}

function substrateFigure(a: SubstrateCostData): string {
  return a.priced ? `${usd(a.expectedMonthlyUsd!)} expected` : `unpriced: ${a.reason}`;
}

function mdEscape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function mdRow(line: CostLineData): string {
  const qty = line.priced ? `${quantity(line.quantity)} ${line.unit}` : '—';
  return `| \`${mdEscape(line.path)}\` | ${mdEscape(line.description)} | ${qty} | ${line.unitPriceUsd == null ? '—' : `$${line.unitPriceUsd}`} | ` +
    `${usd(line.monthlyUsd.floor)} | ${usd(line.monthlyUsd.expected)} | ${usd(line.monthlyUsd.ceiling)} |`;
}

/** The report as Markdown: totals, a table per stack, each line's assumptions and sources, unpriced lines. */
export function renderMarkdown(report: CostReportData): string {
  const out: string[] = [];
  const t = report.totals.monthlyUsd;
  out.push('# Estimated monthly cost');
  out.push('');
  out.push(`**${usd(t.expected)} expected** per month (floor ${usd(t.floor)}, ceiling ${usd(t.ceiling)}), ` +
    `${report.totals.lineCount} lines, ${report.unpricedCount} unpriced. USD, ${report.hoursPerMonth} hours a month, prices from the ${origin(report)}.`);
  for (const stack of report.stacks) {
    const lines = report.lines.filter(l => l.stack === stack.stack);
    if (lines.length === 0) continue;
    out.push('');
    out.push(`## ${stack.stack} (${stack.region})`);
    out.push('');
    out.push('| Resource | What | Quantity | Unit price | Floor | Expected | Ceiling |');
    out.push('|---|---|---:|---:|---:|---:|---:|');
    for (const line of lines.filter(l => l.priced)) out.push(mdRow(line));
    out.push(`| **Total** | | | | **${usd(stack.monthlyUsd.floor)}** | **${usd(stack.monthlyUsd.expected)}** | **${usd(stack.monthlyUsd.ceiling)}** |`);
  }
  const unpriced = report.lines.filter(l => !l.priced);
  if (unpriced.length > 0) {
    out.push('');
    out.push(`## Unpriced (${unpriced.length})`);
    out.push('');
    for (const l of unpriced) out.push(`- \`${l.path}\` (${l.resourceType}) ${l.description}: ${l.reason}`);
  }
  out.push('');
  out.push('## Assumptions and sources');
  for (const line of report.lines.filter(l => l.priced)) {
    out.push('');
    out.push(`- \`${line.path}\` — ${line.description}`);
    for (const a of line.assumptions) out.push(`  - ${a}`);
    if (line.price) out.push(`  - price: ${line.price.sku} ${line.price.usage} in ${line.price.region}: ${line.price.source} (${line.price.date})${line.price.derived ? `; derived: ${line.price.derived}` : ''}`);
    if (line.alternative) out.push(`  - alternative: ${line.alternative.description}: ${usd(line.alternative.monthlyUsd.expected)} expected`);
  }
  const compared = report.lines.filter(l => l.substrate);
  if (compared.length > 0) {
    out.push('');
    out.push('## Which substrate');
    out.push('');
    out.push('The same traffic priced on other substrates: compute, and the EC2 fleet\'s load balancer, NAT gateway and root volumes; engineering time is not priced. The line\'s own figures above are unchanged.');
    for (const line of compared) {
      out.push('');
      out.push(`### \`${mdEscape(line.path)}\`${line.component ? ` (${mdEscape(line.component)})` : ''}`);
      out.push('');
      out.push('| Substrate | Expected per month | |');
      out.push('|---|---:|---|');
      for (const a of [line.substrate!, ...line.alternatives ?? []]) {
        const name = a === line.substrate ? `**${mdEscape(a.description)}** (deployed)` : mdEscape(a.description);
        out.push(`| ${name} | ${a.priced ? usd(a.expectedMonthlyUsd!) : '—'} | ${a.cheapest ? '★ cheapest' : a.priced ? '' : `unpriced: ${mdEscape(a.reason ?? '')}`} |`);
      }
      if (line.breakEven) {
        out.push('');
        out.push(`**Break-even** against the cheapest alternative: ${mdEscape(line.breakEven.summary)}.`);
        const others = (line.breakEvens ?? []).filter(b => b !== line.breakEven && b.against !== line.breakEven!.against);
        if (others.length > 0) {
          out.push('');
          for (const b of others) {
            const name = line.alternatives?.find(a => a.substrate === b.against)?.description ?? b.against;
            out.push(`- against ${mdEscape(name)}: ${mdEscape(b.summary)}`);
          }
        }
      }
      if (line.costCurve) {
        out.push('');
        out.push(`![Monthly cost against traffic scale, ${mdEscape(line.path)}](${chartFileName(line)})`);
      }
      out.push('');
      for (const a of [line.substrate!, ...line.alternatives ?? []].filter(x => x.priced)) {
        out.push(`- ${a.description}`);
        for (const text of a.assumptions) out.push(`  - ${text}`);
        for (const p of a.prices) out.push(`  - price: ${p.sku} ${p.usage} in ${p.region}: ${p.source} (${p.date})`);
      }
    }
  }
  if (report.recommendations.length > 0) {
    out.push('');
    out.push('## Recommendations');
    out.push('');
    for (const r of report.recommendations) {
      out.push(`- **${r.id}** \`${r.path}\`: ${r.message}${r.estimatedMonthlySavingUsd !== undefined ? ` Estimated saving: ${usd(r.estimatedMonthlySavingUsd)}/month.` : ''}`);
    }
  }
  if (report.notes.length > 0) {
    out.push('');
    out.push('## Notes');
    out.push('');
    for (const n of report.notes) out.push(`- ${n}`);
  }
  return out.join('\n') + '\n';
}
