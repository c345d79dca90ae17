import { checkLimit, formatPercent, parseIncreaseLimit } from '../../lib/cli/threshold';

describe('parseIncreaseLimit', () => {
  test('reads dollars a month and percentages', () => {
    expect(parseIncreaseLimit('150', '--fail-on-increase')).toEqual({ kind: 'usd', amountUsd: 150 });
    expect(parseIncreaseLimit('$1,500.50', '--fail-on-increase')).toEqual({ kind: 'usd', amountUsd: 1500.5 });
    expect(parseIncreaseLimit('10%', '--fail-on-increase')).toEqual({ kind: 'percent', percent: 10 });
    expect(parseIncreaseLimit(' 2.5 %', '--fail-on-increase')).toEqual({ kind: 'percent', percent: 2.5 });
    expect(parseIncreaseLimit('0', '--fail-on-increase')).toEqual({ kind: 'usd', amountUsd: 0 });
  });

  test.each(['', 'abc', '-5', '10%%', '%', '1e3', 'ten'])('fails when the value is %j', text => {
    expect(() => parseIncreaseLimit(text, '--fail-on-ceiling-increase')).toThrow(
      `--fail-on-ceiling-increase must be an amount in USD a month (e.g. 150) or a percentage of the base total (e.g. 10%), got: '${text}'`);
  });
});

describe('checkLimit', () => {
  test('a dollar limit is crossed by a rise strictly over it', () => {
    // 1,000 → 1,150 is a $150 rise: at the limit, not over it
    expect(checkLimit('--fail-on-increase', 'expected', { kind: 'usd', amountUsd: 150 }, 1000, 1150).crossed).toBe(false);
    expect(checkLimit('--fail-on-increase', 'expected', { kind: 'usd', amountUsd: 150 }, 1000, 1150.01).crossed).toBe(true);
  });

  test('a percent limit is measured against the base total', () => {
    // 1,000 → 1,100 is +10.0%; 1,000 → 1,101 is +10.1%
    expect(checkLimit('--fail-on-increase', 'expected', { kind: 'percent', percent: 10 }, 1000, 1100).crossed).toBe(false);
    const over = checkLimit('--fail-on-increase', 'expected', { kind: 'percent', percent: 10 }, 1000, 1101);
    expect(over).toMatchObject({ crossed: true, deltaUsd: 101, limit: '10%' });
    expect(over.deltaPercent).toBeCloseTo(10.1, 5);
    expect(over.message).toBe('expected monthly cost rises by $101.00 (+10.1%, $1,000.00 → $1,101.00): over the --fail-on-increase limit of 10%');
  });

  test('any rise from a zero base crosses a percent limit', () => {
    const c = checkLimit('--fail-on-ceiling-increase', 'ceiling', { kind: 'percent', percent: 50 }, 0, 0.01);
    expect(c).toMatchObject({ crossed: true, deltaPercent: null });
    expect(c.message).toBe('ceiling monthly cost rises by $0.01 (from $0, $0.00 → $0.01): over the --fail-on-ceiling-increase limit of 50%');
  });

  test('a fall never crosses, even a zero limit', () => {
    const c = checkLimit('--fail-on-increase', 'expected', { kind: 'usd', amountUsd: 0 }, 500, 400);
    expect(c.crossed).toBe(false);
    expect(c.message).toBe('expected monthly cost falls by $100.00 (-20.0%, $500.00 → $400.00): within the --fail-on-increase limit of $0.00');
  });

  test('float noise below a cent does not cross a zero limit', () => {
    // 0.1 + 0.2 = 0.30000000000000004
    expect(checkLimit('--fail-on-increase', 'expected', { kind: 'usd', amountUsd: 0 }, 0.3, 0.1 + 0.2).crossed).toBe(false);
  });
});

describe('formatPercent', () => {
  test('signs and rounds to one decimal', () => {
    expect(formatPercent(12.345, 1)).toBe('+12.3%');
    expect(formatPercent(-3, -1)).toBe('-3.0%');
    expect(formatPercent(null, 0)).toBe('+0.0%');
    expect(formatPercent(null, 5)).toBe('from $0');
  });
});
