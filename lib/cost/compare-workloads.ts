import { PriceBook } from '../pricing/price-book';
import { findBreakEven, scaleGrid } from './break-even';
import { roundUsd } from './pricing-context';
import { figure } from './private/render';
import { BreakEvenData, CostCurveData, CostLineData, SubstrateCostData } from './report-schema';
import { describeSubstrate, shortLabel, specFor, SubstrateSpec, substrateMonthlyCost } from './substrates';
import { WorkloadUsage } from './usage';
import { ALL_SUBSTRATES, Substrate } from './workload-comparison';

/** The range of traffic scales the break-even search and the chart cover: ×1/64 to ×64. */
export const SCALE_SPAN = 64;

/** What every comparison leaves out, stated once on the deployed substrate. */
export const COMPARISON_LIMITS = [
  'compute for every substrate (the EC2 fleet with its load balancer, NAT gateway and root volumes): data processed, per-request charges and the stack\'s other lines are not in these figures',
  'engineering time (building, operating and patching a self-hosted fleet or an endpoint) is not priced',
  'the same model quality is assumed on every substrate: a Bedrock model and a self-hosted one are not interchangeable without evaluation',
];

/** The fields a comparison adds to a line. */
export type ComparisonFields = Pick<CostLineData, 'substrate' | 'alternatives' | 'cheapestSubstrate' | 'breakEven' | 'breakEvens' | 'costCurve'>;

/**
 * Prices a recorded workload on its deployed substrate and on each alternative, marks the
 * cheapest, and finds the break-even against the cheapest alternative (`findBreakEven`, over the
 * traffic scaled from ×1/64 to ×64). Pure: the same usage and book give the same fields.
 */
export function compareWorkload(usage: WorkloadUsage, book: PriceBook, region: string): ComparisonFields {
  const rps = usage.hourlyRequestsPerSecond;
  const deployedSpec = specFor(true, {
    ...usage.deployed, minCapacity: usage.minCapacity,
    serverlessMemorySizeInMb: usage.serverlessMemorySizeInMb, serverlessSecondsPerRequest: usage.serverlessSecondsPerRequest,
  }, usage.compareWith);
  const wanted = new Set(usage.compareWith.substrates ?? ALL_SUBSTRATES);
  const others = ALL_SUBSTRATES.filter(s => s !== usage.substrate && wanted.has(s));

  type Priced = { substrate: Substrate; spec: SubstrateSpec; data: Omit<SubstrateCostData, 'cheapest'>; usd?: number };
  const price = (substrate: Substrate, spec: SubstrateSpec, extra: string[] = []): Priced => {
    const cost = substrateMonthlyCost(substrate, spec, rps, book, region);
    const description = describeSubstrate(substrate, spec);
    if (!cost.priced) {
      return { substrate, spec, data: { substrate, description, priced: false, reason: cost.reason, assumptions: [...extra], prices: [] } };
    }
    return {
      substrate, spec, usd: cost.monthlyUsd,
      data: { substrate, description, priced: true, expectedMonthlyUsd: roundUsd(cost.monthlyUsd), assumptions: [...cost.assumptions, ...extra], prices: cost.prices },
    };
  };
  const deployed = price(usage.substrate, deployedSpec, [`traffic: ${usage.trafficDescription}`, ...COMPARISON_LIMITS]);
  const alternatives = others.map(s => price(s, specFor(false, usage.deployed, usage.compareWith)));

  const priced = [deployed, ...alternatives].filter(p => p.usd !== undefined);
  const cheapest = priced.reduce<Priced | undefined>((best, p) => (best === undefined || p.usd! < best.usd! - 1e-9 ? p : best), undefined);
  const mark = (p: Priced): SubstrateCostData => ({ ...p.data, cheapest: p === cheapest });
  const fields: { -readonly [K in keyof ComparisonFields]: ComparisonFields[K] } = {
    substrate: mark(deployed),
    alternatives: alternatives.map(mark),
  };
  if (cheapest) fields.cheapestSubstrate = cheapest.substrate;

  const pricedAlternatives = alternatives.filter(p => p.usd !== undefined);
  if (deployed.usd === undefined || pricedAlternatives.length === 0) return fields;
  const against = pricedAlternatives.reduce((best, p) => (p.usd! < best.usd! - 1e-9 ? p : best));
  const scales = scaleGrid(SCALE_SPAN);
  const costAt = (p: Priced) => (scale: number): number => {
    const c = substrateMonthlyCost(p.substrate, p.spec, rps.map(r => r * scale), book, region);
    return c.priced ? c.monthlyUsd : NaN;
  };
  const a = costAt(deployed);
  const b = costAt(against);
  const vs = (p: Priced): BreakEvenData => breakEvenOf(findBreakEven({ costA: a, costB: costAt(p), scales }), deployed, p, rps, scales);
  fields.breakEven = breakEvenOf(findBreakEven({ costA: a, costB: b, scales }), deployed, against, rps, scales);
  fields.breakEvens = pricedAlternatives.map(p => (p === against ? fields.breakEven! : vs(p)));
  const curveOf = (p: Priced) => ({ substrate: p.substrate, label: shortLabel(p.substrate, p.spec), monthlyUsd: scales.map(s => roundUsd(costAt(p)(s))) });
  const curve: CostCurveData = { scales: scales.map(s => Math.round(s * 1e6) / 1e6), series: [curveOf(deployed), ...pricedAlternatives.map(curveOf)] };
  fields.costCurve = curve;
  return fields;
}

function breakEvenOf(result: ReturnType<typeof findBreakEven>, deployed: { substrate: Substrate; spec: SubstrateSpec },
  against: { substrate: Substrate; spec: SubstrateSpec }, rps: readonly number[], scales: readonly number[]): BreakEvenData {
  const minScale = scales[0];
  const maxScale = scales[scales.length - 1];
  const dLabel = shortLabel(deployed.substrate, deployed.spec);
  const aLabel = shortLabel(against.substrate, against.spec);
  const base = { deployed: deployed.substrate, against: against.substrate, minScale, maxScale };
  if (!result.found) {
    const cheaper = result.cheaperThroughout === 'a' ? deployed : against;
    const [cl, dl] = result.cheaperThroughout === 'a' ? [dLabel, aLabel] : [aLabel, dLabel];
    return {
      ...base, found: false, cheaperAbove: cheaper.substrate, cheaperBelow: cheaper.substrate,
      summary: `no break-even from ×1/${SCALE_SPAN} to ×${SCALE_SPAN} of the stated traffic: ${cl} stays cheaper than ${dl} for this workload throughout`,
    };
  }
  const average = rps.reduce((x, y) => x + y, 0) / rps.length * result.scale;
  const peak = Math.max(...rps) * result.scale;
  const above = result.cheaperAbove === 'a' ? deployed : against;
  const below = result.cheaperAbove === 'a' ? against : deployed;
  const [al, bl] = result.cheaperAbove === 'a' ? [dLabel, aLabel] : [aLabel, dLabel];
  const flat = rps.every(r => r === rps[0]);
  const load = flat
    ? `${rate(average)} requests/s around the clock`
    : `${rate(average)} requests/s on average, ${rate(peak)} at the peak hour`;
  return {
    ...base, found: true,
    scale: Math.round(result.scale * 1e4) / 1e4,
    averageRequestsPerSecond: Math.round(average * 1000) / 1000,
    peakRequestsPerSecond: Math.round(peak * 1000) / 1000,
    cheaperAbove: above.substrate,
    cheaperBelow: below.substrate,
    summary: `above ${load} (×${result.scale >= 1 ? figure(result.scale, 2) : rate(result.scale)} of the stated traffic), ${al} is cheaper than ${bl} for this workload; just below it, ${bl} is` +
      (result.crossings > 1 ? `; the order changes ${result.crossings} times from ×1/${SCALE_SPAN} to ×${SCALE_SPAN} (see the chart)` : ''),
  };
}

/** A rate with the precision a sentence needs: `38.2`, `1.4`, `0.21`. */
function rate(v: number): string {
  return v >= 1 ? figure(v, 1) : figure(Number(v.toPrecision(2)), 4);
}
