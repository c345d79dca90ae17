import { byCodePoint } from '../private/order';

/**
 * Edit distance between two strings (Levenshtein), used to suggest close matches for typos
 * such as `ml.g5.xlage` → `ml.g5.xlarge`.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      prev[j] = Math.min(
        prev[j] + 1,
        prev[j - 1] + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return prev[b.length];
}

/**
 * The candidates closest to `input`: those at the smallest edit distance found, if it is within
 * a third of the input's length (at least 2); at most `limit`, alphabetical so output is stable.
 */
export function closestMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const maxDistance = Math.max(2, Math.floor(input.length / 3));
  const scored: Array<[string, number]> = [];
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance <= maxDistance) scored.push([candidate, distance]);
  }
  scored.sort((x, y) => x[1] - y[1] || byCodePoint(x[0], y[0]));
  const best = scored.length > 0 ? scored[0][1] : 0;
  return scored.filter(([, d]) => d === best).slice(0, limit).map(([candidate]) => candidate);
}
