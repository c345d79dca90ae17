import * as fs from 'fs';
import * as path from 'path';
import { PriceBookKind, PriceEntry, PriceLookup, PriceQuery, PriceService, PriceUsage } from './price-entry';
import { assertUsableEntries } from './private/validate-book';
import { closestMatches } from './suggest';

/** The file format of the embedded snapshot and of a refreshed cache file. */
export interface PriceBookFile {
  /** Format version of this file: 1. */
  readonly schemaVersion: number;
  /** The date the file was assembled (ISO date). */
  readonly date: string;
  /** `snapshot` for the embedded book, `cache` for one written by `cdk-cost prices refresh`. */
  readonly kind: PriceBookKind;
  /** The entries. */
  readonly entries: PriceEntry[];
}

/** Where the prices of a book come from, as the report states it. */
export interface PriceBookOrigin {
  /** `snapshot` (embedded in the package) or `cache` (a refreshed file, layered over the snapshot). */
  readonly source: PriceBookKind;
  /** The date of the snapshot, or of the cache file when one is used. */
  readonly date: string;
  /** The cache file, relative to the working directory, when one is used. */
  readonly cacheFile?: string;
}

/** The default place `cdk-cost prices refresh` writes to and synth reads from. */
export const DEFAULT_PRICE_CACHE_FILE = path.join('.cdk-cost', 'prices.json');

/**
 * The price book: list prices looked up by (service, usage, region, SKU).
 *
 * Synth never calls the network. The book is the embedded snapshot, with the entries of a
 * refreshed cache file layered on top when one is present.
 */
export class PriceBook {
  /** The embedded snapshot, without any cache. */
  public static snapshot(): PriceBook {
    if (!PriceBook._snapshot) {
      const file = readBookFile(SNAPSHOT_FILE);
      PriceBook._snapshot = new PriceBook(file, { source: PriceBookKind.SNAPSHOT, date: file.date });
    }
    return PriceBook._snapshot;
  }

  /**
   * The snapshot with a cache file layered on top when the file exists.
   *
   * @param cacheFile the cache file; relative paths are taken from the working directory
   * @default - `.cdk-cost/prices.json`
   */
  public static load(cacheFile: string = DEFAULT_PRICE_CACHE_FILE): PriceBook {
    const snapshot = PriceBook.snapshot();
    if (!fs.existsSync(cacheFile)) return snapshot;
    const cache = readBookFile(cacheFile);
    if (cache.kind !== PriceBookKind.CACHE) {
      throw new Error(`Price cache ${cacheFile} has kind '${cache.kind}', expected 'cache'`);
    }
    const byKey = new Map<string, PriceEntry>();
    for (const entry of snapshot.entries) byKey.set(keyOf(entry), entry);
    for (const entry of cache.entries) byKey.set(keyOf(entry), entry);
    return new PriceBook(
      { ...cache, entries: [...byKey.values()] },
      { source: PriceBookKind.CACHE, date: cache.date, cacheFile: path.relative(process.cwd(), path.resolve(cacheFile)) },
    );
  }

  private static _snapshot: PriceBook | undefined;

  /** Where these prices come from. */
  public readonly origin: PriceBookOrigin;
  /** Every entry of the book. */
  public readonly entries: PriceEntry[];
  private readonly byKey = new Map<string, PriceEntry>();
  private readonly skusByServiceUsage = new Map<string, Set<string>>();
  private readonly regionsBySku = new Map<string, Set<string>>();

  constructor(file: PriceBookFile, origin?: PriceBookOrigin) {
    this.entries = file.entries;
    this.origin = origin ?? { source: file.kind, date: file.date };
    for (const entry of file.entries) {
      this.byKey.set(keyOf(entry), entry);
      const su = `${entry.service}|${entry.usage}`;
      if (!this.skusByServiceUsage.has(su)) this.skusByServiceUsage.set(su, new Set());
      this.skusByServiceUsage.get(su)!.add(entry.sku);
      const sk = `${su}|${entry.sku}`;
      if (!this.regionsBySku.has(sk)) this.regionsBySku.set(sk, new Set());
      this.regionsBySku.get(sk)!.add(entry.region);
    }
  }

  /** The regions that have at least one price in the book, sorted. */
  public get regions(): string[] {
    return [...new Set(this.entries.map(e => e.region))].sort();
  }

  /** The SKUs priced for a service and usage, in any region, sorted. */
  public skus(service: PriceService, usage: PriceUsage): string[] {
    return [...(this.skusByServiceUsage.get(`${service}|${usage}`) ?? [])].sort();
  }

  /** Looks up one price; when there is none, says why and offers close matches. */
  public lookup(query: PriceQuery): PriceLookup {
    const entry = this.byKey.get(keyOf(query));
    if (entry) return { found: true, entry };
    const what = `${query.service} ${query.usage} price for '${query.sku}'`;
    const regions = [...(this.regionsBySku.get(`${query.service}|${query.usage}|${query.sku}`) ?? [])].sort();
    if (regions.length > 0) {
      const refresh = query.service === PriceService.SAGEMAKER ? `; \`cdk-cost prices refresh --region ${query.region}\` fetches it` : '';
      return {
        found: false,
        reason: `no ${what} in ${query.region} in the price book (priced in: ${regions.join(', ')}${refresh})`,
        suggestions: [],
        pricedInRegions: regions,
      };
    }
    const suggestions = closestMatches(query.sku, this.skus(query.service, query.usage));
    const hint = suggestions.length > 0 ? ` — did you mean ${suggestions.map(s => `'${s}'`).join(' or ')}?` : '';
    // SageMaker has the fewest citable public figures: most of its lines are priced by a refresh.
    const refresh = query.service === PriceService.SAGEMAKER
      ? ` (no citable public figure; \`cdk-cost prices refresh --region ${query.region}\` fetches it from AWS's public price list)`
      : '';
    return {
      found: false,
      reason: `no ${what} in the price book${hint}${refresh}`,
      suggestions,
      pricedInRegions: [],
    };
  }

  /**
   * The estimated Spot (or managed spot) discount for an instance type in a region: the entry
   * for that type, and nothing else. Within one family the Spot Instance Advisor's saving varies
   * by 20 to 55 points across sizes and regions, so no family or neighbouring size stands in.
   */
  public spotDiscount(service: PriceService, region: string, instanceType: string): PriceLookup {
    const exact = this.lookup({ service, usage: PriceUsage.SPOT_DISCOUNT, region, sku: instanceType });
    if (exact.found) return exact;
    return {
      found: false,
      reason: `no estimated ${service} Spot discount for '${instanceType}' in ${region} in the price book`,
      suggestions: [],
      pricedInRegions: exact.pricedInRegions,
    };
  }
}

/** `g5` for `g5.xlarge`, `ml.g5` for `ml.g5.xlarge`. */
export function instanceFamily(instanceType: string): string {
  const parts = instanceType.split('.');
  return parts.slice(0, parts.length - 1).join('.') || instanceType;
}

const SNAPSHOT_FILE = path.join(__dirname, 'data', 'snapshot.json');

function keyOf(q: PriceQuery): string {
  return `${q.service}|${q.usage}|${q.region}|${q.sku}`;
}

function readBookFile(file: string): PriceBookFile {
  let parsed: PriceBookFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new Error(`Cannot read price book file ${file}: ${(e as Error).message}`);
  }
  if (parsed.schemaVersion !== 1 || !Array.isArray(parsed.entries)) {
    throw new Error(`Price book file ${file} is not a schemaVersion 1 price book`);
  }
  // An entry with a null price or an unknown usage would otherwise price a line "priced: true" at null.
  assertUsableEntries(file, parsed.entries);
  return parsed;
}
