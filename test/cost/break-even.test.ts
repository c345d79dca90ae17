import { findBreakEven, scaleGrid } from '../../lib/cost/break-even';

describe('scaleGrid', () => {
  test('runs from 1/64 to 64 in quarter doublings and contains 1', () => {
    const grid = scaleGrid(64, 4);
    expect(grid).toHaveLength(49);
    expect(grid[0]).toBeCloseTo(1 / 64, 12);
    expect(grid[48]).toBeCloseTo(64, 9);
    expect(grid[24]).toBe(1);
    expect(grid[25]).toBeCloseTo(Math.pow(2, 0.25), 12);
  });
});

describe('findBreakEven', () => {
  const scales = scaleGrid();

  test('a fixed cost and a linear one cross where they are equal (100 = 50 × s at s = 2)', () => {
    // GIVEN a: $100 whatever the traffic (an always-on instance); b: $50 per unit of scale (per token)
    // WHEN
    const result = findBreakEven({ costA: () => 100, costB: s => 50 * s, scales });
    // THEN at scale 1 b is cheaper ($50 < $100); above 2, a is
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.scale).toBeCloseTo(2, 3);
    expect(result.cheaperAbove).toBe('a');
    expect(result.crossings).toBe(1);
  });

  test('a step cost is located at its step: 10 × ceil(s) passes 25 just above s = 2', () => {
    // GIVEN a: $10 per whole instance, ceil(s) instances, at least 1; b: $25 flat
    const costA = (s: number): number => 10 * Math.max(1, Math.ceil(s - 1e-9));
    // WHEN
    const result = findBreakEven({ costA, costB: () => 25, scales });
    // THEN a is $20 up to s = 2 and $30 above it: the order changes at 2
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.scale).toBeGreaterThan(2);
    expect(result.scale).toBeLessThan(2 * 1.0002);
    expect(result.cheaperAbove).toBe('b');
  });

  test('of two crossings the one nearest the stated traffic (in doublings) is reported, and both are counted', () => {
    // GIVEN b = 50 + 30·log2(s) above 1 and 50 + 10·|log2(s)| below: equal to a = 100 at s = 2^(5/3) ≈ 3.175 and s = 2^-5
    const costB = (s: number): number => 50 + (s >= 1 ? 30 : 10) * Math.abs(Math.log2(s));
    // WHEN
    const result = findBreakEven({ costA: () => 100, costB, scales });
    // THEN
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.scale).toBeCloseTo(Math.pow(2, 5 / 3), 3);
    // b ($50 at scale 1) grows past a above the crossing
    expect(result.cheaperAbove).toBe('a');
    expect(result.crossings).toBe(2);
  });

  test('no crossing in range: found is false and names the substrate cheaper throughout', () => {
    // GIVEN a = 10 + s is below b = 20 + 2s everywhere
    // WHEN
    const result = findBreakEven({ costA: s => 10 + s, costB: s => 20 + 2 * s, scales });
    // THEN
    expect(result).toEqual({ found: false, cheaperThroughout: 'a' });
    expect(findBreakEven({ costA: s => 20 + 2 * s, costB: s => 10 + s, scales })).toEqual({ found: false, cheaperThroughout: 'b' });
  });

  test('a crossing beyond the range is not found (100 = s at s = 100 > 64)', () => {
    const result = findBreakEven({ costA: () => 100, costB: s => s, scales });
    expect(result).toEqual({ found: false, cheaperThroughout: 'b' });
  });

  test('fails when the scales do not contain 1', () => {
    expect(() => findBreakEven({ costA: () => 1, costB: () => 2, scales: [0.5, 2] })).toThrow(/scales must contain 1/);
  });
});
