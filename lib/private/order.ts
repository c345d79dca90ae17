/**
 * Code-point order of two strings: the same on every machine. `localeCompare` follows the host's
 * ICU data and locale, so two CI runners could order the same report differently, and it costs
 * far more on large apps (see bench/).
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
