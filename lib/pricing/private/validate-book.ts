import { PRICE_USAGES_BY_SERVICE, PriceEntry, PriceService, PriceUsage } from '../price-entry';

/** `YYYY-MM-DD` that is a real calendar day. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The problems of one entry, each naming the field and the value received; empty when it is usable. */
export function entryProblems(entry: unknown): string[] {
  if (!entry || typeof entry !== 'object') return [`is not an object, got: ${JSON.stringify(entry)}`];
  const e = entry as Record<string, unknown>;
  const problems: string[] = [];
  const usages = PRICE_USAGES_BY_SERVICE[e.service as PriceService] as readonly string[] | undefined;
  if (!usages) {
    problems.push(`service must be one of ${Object.keys(PRICE_USAGES_BY_SERVICE).join(', ')}, got: ${JSON.stringify(e.service)}`);
  } else if (!usages.includes(e.usage as string)) {
    problems.push(`usage must be one of ${e.service}'s (${usages.join(', ')}), got: ${JSON.stringify(e.usage)}`);
  }
  if (typeof e.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(e.region)) problems.push(`region must be a region code such as us-east-1, got: ${JSON.stringify(e.region)}`);
  if (typeof e.sku !== 'string' || e.sku.length === 0) problems.push(`sku must be a non-empty string, got: ${JSON.stringify(e.sku)}`);
  if (typeof e.unit !== 'string' || e.unit.length === 0) problems.push(`unit must be a non-empty string, got: ${JSON.stringify(e.unit)}`);
  if (typeof e.priceUsd !== 'number' || !Number.isFinite(e.priceUsd) || e.priceUsd < 0) {
    problems.push(`priceUsd must be a finite number of at least 0, got: ${JSON.stringify(e.priceUsd)}`);
  } else if (e.usage === PriceUsage.SPOT_DISCOUNT && !(e.priceUsd < 1)) {
    problems.push(`priceUsd of a spot-discount is the fraction saved and must be below 1, got: ${e.priceUsd}`);
  }
  if (e.usage === PriceUsage.SPOT_DISCOUNT && e.unit !== 'fraction') problems.push(`unit of a spot-discount must be 'fraction', got: ${JSON.stringify(e.unit)}`);
  if (typeof e.source !== 'string' || e.source.trim().length === 0) problems.push(`source must say where the figure comes from, got: ${JSON.stringify(e.source)}`);
  if (!isIsoDate(e.date)) problems.push(`date must be an ISO date (YYYY-MM-DD), got: ${JSON.stringify(e.date)}`);
  if (e.derived !== undefined && (typeof e.derived !== 'string' || e.derived.length === 0)) problems.push(`derived must be the rule as text, got: ${JSON.stringify(e.derived)}`);
  if (e.confirmed !== undefined) {
    const c = e.confirmed as Record<string, unknown> | null;
    if (!c || typeof c !== 'object' || !isIsoDate(c.date) || typeof c.source !== 'string' || c.source.length === 0) {
      problems.push(`confirmed must be { date: 'YYYY-MM-DD', source: '...' }, got: ${JSON.stringify(e.confirmed)}`);
    }
  }
  return problems;
}

/** Fails, naming the file and each bad entry (by index and key), when any entry of a book is not usable. */
export function assertUsableEntries(file: string, entries: unknown[]): asserts entries is PriceEntry[] {
  const bad: string[] = [];
  entries.forEach((entry, index) => {
    const problems = entryProblems(entry);
    if (problems.length === 0) return;
    const e = (entry ?? {}) as Record<string, unknown>;
    bad.push(`entry ${index} (${[e.service, e.usage, e.region, e.sku].map(v => String(v)).join('|')}): ${problems.join('; ')}`);
  });
  if (bad.length === 0) return;
  const shown = bad.slice(0, 10);
  const more = bad.length > shown.length ? `\n  ... and ${bad.length - shown.length} more` : '';
  throw new Error(`Price book file ${file} has ${bad.length} unusable ${bad.length === 1 ? 'entry' : 'entries'} ` +
    `(fix or delete the file; \`cdk-cost prices refresh\` rewrites a cache):\n  ${shown.join('\n  ')}${more}`);
}
