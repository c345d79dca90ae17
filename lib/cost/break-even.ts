/** Options of `findBreakEven`. */
export interface BreakEvenSearch {
  /** Monthly cost of the first substrate (the deployed one) at a traffic scale (1 = the stated profile). */
  readonly costA: (scale: number) => number;
  /** Monthly cost of the second substrate (its cheapest alternative) at a traffic scale. */
  readonly costB: (scale: number) => number;
  /** The scales the search samples, ascending, containing 1 (see `scaleGrid`). */
  readonly scales: readonly number[];
  /**
   * How close the bisection closes in on the crossing, as a ratio of the bracket's ends.
   * @default 1.0001 (0.01%)
   */
  readonly tolerance?: number;
}

/** Where the order of two substrates changes, or why it does not in the range searched. */
export type BreakEvenResult =
  | {
    readonly found: true;
    /** The traffic scale of the crossing (the stated profile × scale). */
    readonly scale: number;
    /** Which substrate is cheaper above the crossing: `a` or `b`. */
    readonly cheaperAbove: 'a' | 'b';
    /** How many times the order changes between the grid's ends (1 when this is the only crossing). */
    readonly crossings: number;
  }
  | {
    readonly found: false;
    /** Which is cheaper (or not dearer) over the whole range: `a` or `b`. */
    readonly cheaperThroughout: 'a' | 'b';
  };

/**
 * Scales from 1/`span` to `span` in steps of 2^(1/`stepsPerDoubling`), always containing 1:
 * the grid the break-even search and the chart sample.
 */
export function scaleGrid(span = 64, stepsPerDoubling = 4): number[] {
  const k = Math.round(Math.log2(span) * stepsPerDoubling);
  const out: number[] = [];
  for (let i = -k; i <= k; i++) out.push(Math.pow(2, i / stepsPerDoubling));
  return out;
}

/**
 * The traffic scale at which the order of two substrates' monthly costs changes: the profile is
 * scaled up and down (every hour's rate × scale) through the models the report uses (`costA`,
 * `costB`). The grid is sampled; the sign change of costA − costB nearest to scale 1 (in
 * doublings) is bracketed and closed by bisection over log(scale), so a cost that steps (whole
 * instances) is located at its step. When the sign never changes in range, `found` is false and
 * `cheaperThroughout` names the substrate that stays cheaper (a tie at every sample counts as `a`).
 */
export function findBreakEven(search: BreakEvenSearch): BreakEvenResult {
  const { costA, costB, scales } = search;
  const tolerance = search.tolerance ?? 1.0001;
  const sign = (s: number): number => Math.sign(round6(costA(s) - costB(s)));
  const signs = scales.map(sign);
  const one = scales.findIndex(s => Math.abs(s - 1) < 1e-12);
  if (one < 0) throw new Error('findBreakEven: scales must contain 1');
  // The reference order: the first non-tie sign from scale 1 outwards.
  const brackets: Array<{ lo: number; hi: number; distance: number }> = [];
  let prev: { i: number; s: number } | undefined;
  for (let i = 0; i < scales.length; i++) {
    if (signs[i] === 0) continue;
    if (prev && prev.s !== signs[i]) brackets.push({ lo: prev.i, hi: i, distance: Math.min(Math.abs(Math.log2(scales[prev.i])), Math.abs(Math.log2(scales[i]))) });
    prev = { i, s: signs[i] };
  }
  if (brackets.length === 0) {
    return { found: false, cheaperThroughout: signs.some(s => s > 0) ? 'b' : 'a' };
  }
  // Nearest to the stated traffic; a bracket that contains scale 1 is at distance 0.
  const nearest = brackets.map(b => ({ ...b, distance: b.lo <= one && one <= b.hi ? 0 : b.distance }))
    .sort((x, y) => x.distance - y.distance || x.lo - y.lo)[0];
  const loSign = signs[nearest.lo];
  let lo = Math.log(scales[nearest.lo]);
  let hi = Math.log(scales[nearest.hi]);
  while (hi - lo > Math.log(tolerance)) {
    const mid = (lo + hi) / 2;
    if (sign(Math.exp(mid)) === loSign) lo = mid; else hi = mid;
  }
  // Above the crossing the sign is that of the upper end: positive means A costs more, so B is cheaper.
  return { found: true, scale: Math.exp(hi), cheaperAbove: signs[nearest.hi] > 0 ? 'b' : 'a', crossings: brackets.length };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
