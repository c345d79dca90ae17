import { usd } from '../cost/private/render';
import { CliError } from './errors';

/** A limit on how much a monthly total may rise: in USD a month, or in percent of the base total. */
export type IncreaseLimit =
  | { readonly kind: 'usd'; readonly amountUsd: number }
  | { readonly kind: 'percent'; readonly percent: number };

/**
 * Parses the value of `--fail-on-increase` / `--fail-on-ceiling-increase`: `150` or `$150`
 * (USD a month), `10%` (of the base total). Throws a `CliError` naming the flag otherwise.
 */
export function parseIncreaseLimit(text: string, flag: string): IncreaseLimit {
  const value = text.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(value);
  if (percent) return { kind: 'percent', percent: Number(percent[1]) };
  const dollars = /^\$?(\d+(?:\.\d+)?)$/.exec(value.replace(/,/g, ''));
  if (dollars) return { kind: 'usd', amountUsd: Number(dollars[1]) };
  throw new CliError(`${flag} must be an amount in USD a month (e.g. 150) or a percentage of the base total (e.g. 10%), got: '${text}'`);
}

/** The limit as the user would write it: `$150.00` or `10%`. */
export function formatLimit(limit: IncreaseLimit): string {
  return limit.kind === 'usd' ? usd(limit.amountUsd) : `${limit.percent}%`;
}

/** The outcome of one limit against one total. */
export interface LimitCheck {
  /** The flag that set the limit, e.g. `--fail-on-increase`. */
  readonly flag: string;
  /** Which total it applies to. */
  readonly figure: 'expected' | 'ceiling';
  /** The limit as written back, e.g. `$150.00` or `10%`. */
  readonly limit: string;
  /** The change of the total, head − base, USD a month. */
  readonly deltaUsd: number;
  /** The change in percent of the base total; null when the base total is zero. */
  readonly deltaPercent: number | null;
  /** True when the rise is over the limit. */
  readonly crossed: boolean;
  /** One sentence: what rose, by how much, against which limit. */
  readonly message: string;
}

/**
 * Checks a rise against a limit. Crossed when the rise is strictly over the limit (a $150 limit
 * lets a $150.00 rise through). A percent limit against a zero base total is crossed by any rise,
 * since the rise is infinite in percent. A fall never crosses.
 */
export function checkLimit(flag: string, figure: 'expected' | 'ceiling', limit: IncreaseLimit,
  base: number, head: number): LimitCheck {
  const deltaUsd = cents(head - base);
  const deltaPercent = base === 0 ? null : (deltaUsd / base) * 100;
  const crossed = limit.kind === 'usd'
    ? deltaUsd > limit.amountUsd
    : deltaUsd > 0 && (deltaPercent === null || deltaPercent > limit.percent);
  const change = deltaUsd === 0
    ? `${figure} monthly cost does not change (${usd(base)})`
    : `${figure} monthly cost ${deltaUsd > 0 ? 'rises' : 'falls'} by ${usd(Math.abs(deltaUsd))} (${formatPercent(deltaPercent, deltaUsd)}, ${usd(base)} → ${usd(head)})`;
  const message = crossed
    ? `${change}: over the ${flag} limit of ${formatLimit(limit)}`
    : `${change}: within the ${flag} limit of ${formatLimit(limit)}`;
  return { flag, figure, limit: formatLimit(limit), deltaUsd, deltaPercent, crossed, message };
}

/** `+12.5%`, `-3.0%`, `+0.0%`, or `new` when the base is zero and the figure rose. */
export function formatPercent(percent: number | null, deltaUsd: number): string {
  if (percent === null) return deltaUsd === 0 ? '+0.0%' : 'from $0';
  const rounded = Math.round(percent * 10) / 10;
  return `${rounded < 0 ? '-' : '+'}${Math.abs(rounded).toFixed(1)}%`;
}

/** Rounds to cents, so float noise (0.1 + 0.2) never crosses a limit. */
export function cents(value: number): number {
  const r = Math.round(value * 100) / 100;
  return r === 0 ? 0 : r;
}
