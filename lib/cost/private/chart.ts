import { CostLineData } from '../report-schema';
import { figure, usd } from './render';

// A hand-written SVG line chart of a compared workload's cost curve (no chart library): monthly
// cost against traffic scale on a log axis, one polyline per substrate, the deployed one drawn
// thick, the break-even marked by a dashed vertical line. Deterministic: the same line gives
// the same bytes.

const WIDTH = 720;
const PLOT_HEIGHT = 250;
const MARGIN = { left: 80, right: 20, top: 40 };
const COLOURS = ['#d62728', '#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];

/** The file the chart of a line is written to, beside the report: `cost-chart-<stack>-<path>[-<component>].svg`. */
export function chartFileName(line: Pick<CostLineData, 'path' | 'component'>): string {
  const slug = `${line.path}${line.component ? `-${line.component}` : ''}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `cost-chart-${slug}.svg`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Two decimals at most, for coordinates. */
function c(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** The chart of a line's `costCurve` (and `breakEven`), as an SVG document. */
export function renderCostChart(line: CostLineData): string {
  const curve = line.costCurve;
  if (!curve) throw new Error(`line ${line.path} has no cost curve to chart`);
  // The window shown: ×1/8 of the stated traffic (or of the break-even, when lower) to ×8 of it (or
  // of the break-even, when higher), within the sampled range, so a line that grows with traffic
  // does not flatten the region that matters.
  const be = line.breakEven;
  const crossings = (line.breakEvens ?? (be ? [be] : [])).filter(b => b.found && b.scale !== undefined);
  const at = crossings.map(b => b.scale!);
  const lowest = Math.min(1, ...at) / 8;
  const highest = Math.max(1, ...at) * 8;
  const shown = curve.scales.map((s, i) => ({ s, i })).filter(p => p.s >= lowest - 1e-9 && p.s <= highest + 1e-9);
  const scales = shown.map(p => p.s);
  const seriesValues = curve.series.map(s => shown.map(p => s.monthlyUsd[p.i]));
  const lx0 = Math.log2(scales[0]);
  const lx1 = Math.log2(scales[scales.length - 1]);
  const maxUsd = Math.max(1, ...seriesValues.flat());
  const yTop = niceCeiling(maxUsd);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = PLOT_HEIGHT;
  // Room under the plot for the axis title and one legend row per series.
  const HEIGHT = MARGIN.top + plotH + 56 + 14 * curve.series.length;
  const x = (scale: number): number => MARGIN.left + (Math.log2(scale) - lx0) / (lx1 - lx0) * plotW;
  const y = (value: number): number => MARGIN.top + plotH - value / yTop * plotH;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`);
  out.push(`<title>${esc(`Monthly cost against traffic scale: ${line.path}`)}</title>`);
  out.push(`<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  out.push(`<text x="${MARGIN.left}" y="20" font-size="13" font-weight="bold">${esc(`${line.path}: USD per month vs traffic scale`)}</text>`);
  // Axes, ticks and grid.
  out.push(`<line class="axis" x1="${MARGIN.left}" y1="${c(MARGIN.top + plotH)}" x2="${c(MARGIN.left + plotW)}" y2="${c(MARGIN.top + plotH)}" stroke="#000"/>`);
  out.push(`<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${c(MARGIN.top + plotH)}" stroke="#000"/>`);
  for (let p = Math.ceil(lx0); p <= Math.floor(lx1); p += 2) {
    const s = Math.pow(2, p);
    out.push(`<line x1="${c(x(s))}" y1="${MARGIN.top}" x2="${c(x(s))}" y2="${c(MARGIN.top + plotH)}" stroke="#eeeeee"/>`);
    out.push(`<text class="x-tick" x="${c(x(s))}" y="${c(MARGIN.top + plotH + 14)}" text-anchor="middle">${scaleLabel(s)}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const v = yTop * i / 4;
    out.push(`<line x1="${MARGIN.left}" y1="${c(y(v))}" x2="${c(MARGIN.left + plotW)}" y2="${c(y(v))}" stroke="#eeeeee"/>`);
    out.push(`<text class="y-tick" x="${MARGIN.left - 6}" y="${c(y(v) + 4)}" text-anchor="end">${esc(usd(v).replace(/\.00$/, ''))}</text>`);
  }
  out.push(`<text x="${c(MARGIN.left + plotW / 2)}" y="${c(MARGIN.top + plotH + 30)}" text-anchor="middle">traffic scale (× the stated profile, log)</text>`);
  out.push(`<text x="14" y="${c(MARGIN.top + plotH / 2)}" text-anchor="middle" transform="rotate(-90 14 ${c(MARGIN.top + plotH / 2)})">USD per month</text>`);
  // The stated traffic.
  out.push(`<line class="stated" x1="${c(x(1))}" y1="${MARGIN.top}" x2="${c(x(1))}" y2="${c(MARGIN.top + plotH)}" stroke="#999999" stroke-dasharray="2 3"/>`);
  out.push(`<text class="stated-label" x="${c(x(1) + 4)}" y="${c(MARGIN.top + plotH - 6)}" fill="#666666">stated traffic</text>`);
  // Series: the deployed one (first) is drawn last so it is on top.
  const series = curve.series.map((s, i) => ({ ...s, monthlyUsd: seriesValues[i], colour: COLOURS[i % COLOURS.length], deployed: i === 0 }));
  for (const s of [...series.slice(1), series[0]]) {
    const points = s.monthlyUsd.map((v, i) => `${c(x(scales[i]))},${c(y(Math.min(v, yTop)))}`).join(' ');
    out.push(`<polyline class="series${s.deployed ? ' deployed' : ''}" data-substrate="${esc(s.substrate)}" fill="none" stroke="${s.colour}" ` +
      `stroke-width="${s.deployed ? 3 : 1.5}" points="${points}"/>`);
  }
  // Break-evens: the one against the cheapest alternative in black, the others in their alternative's colour.
  crossings.forEach((b, k) => {
    const primary = be !== undefined && b.against === be.against;
    const colour = primary ? '#000' : series.find(s => s.substrate === b.against)?.colour ?? '#000';
    const against = primary ? '' : ` vs ${b.against}`;
    out.push(`<line class="break-even${primary ? '' : ' other'}" x1="${c(x(b.scale!))}" y1="${MARGIN.top}" x2="${c(x(b.scale!))}" y2="${c(MARGIN.top + plotH)}" stroke="${colour}" stroke-dasharray="6 4"/>`);
    // A label runs right of its line unless it would leave the chart (about 6 px a character at 11 px).
    const text = `break-even ×${figure(b.scale!, 2)} (${figure(b.averageRequestsPerSecond!, 2)} req/s avg)${against}`;
    const right = x(b.scale!) + 4 + 6 * text.length > WIDTH - MARGIN.right;
    out.push(`<text class="break-even-label" x="${c(x(b.scale!) + (right ? -4 : 4))}" y="${MARGIN.top + 12 + 12 * k}" fill="${colour}"` +
      `${right ? ' text-anchor="end"' : ''}>` +
      `${esc(text)}</text>`);
  });
  // Legend.
  series.forEach((s, i) => {
    const ly = MARGIN.top + plotH + 48 + i * 14;
    out.push(`<line x1="${MARGIN.left}" y1="${ly - 4}" x2="${MARGIN.left + 24}" y2="${ly - 4}" stroke="${s.colour}" stroke-width="${s.deployed ? 3 : 1.5}"/>`);
    out.push(`<text class="legend" x="${MARGIN.left + 30}" y="${ly}">${esc(`${s.label}${s.deployed ? ' (deployed)' : ''}`)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function scaleLabel(s: number): string {
  return s >= 1 ? `×${figure(s)}` : `×1/${figure(1 / s)}`;
}

/** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above v (quarters of it label the axis). */
function niceCeiling(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
