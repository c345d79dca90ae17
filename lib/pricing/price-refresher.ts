import * as fs from 'fs';
import * as path from 'path';
// Types only: the SDK is loaded when the API path runs (`loadPricingSdk`), so that the bulk path,
// synth and everything else that imports this module never load it.
import type { Filter, GetProductsCommandInput, PricingClient } from '@aws-sdk/client-pricing';
import { DEFAULT_PRICE_CACHE_FILE, PriceBook, PriceBookFile } from './price-book';
import { PriceBookKind, PriceEntry, PriceService, PriceUsage } from './price-entry';
import { TARGET_EC2_INSTANCE_TYPES, TARGET_SAGEMAKER_INSTANCE_TYPES } from './private/coverage-targets';

/*
 * Rebuilds prices from the AWS Price List Query API (`pricing:GetProducts`) into a cache file
 * that `PriceBook.load()` layers over the embedded snapshot. Synth never calls this: only
 * `npx cdk-cost prices refresh` does, on demand, with the caller's credentials.
 *
 * Shape of one `PriceList` element, a JSON string (Price List API reference, GetProducts;
 * the same shape as a product of the bulk offer files):
 *
 *   { "product": { "productFamily": "ML Instance", "sku": "JDZQJFUVUR8SUWHS",
 *                  "attributes": { "regionCode": "us-east-1", "usagetype": "USE1-Host:ml.m5.xlarge",
 *                                  "instanceName": "ml.m5.xlarge", "component": "Hosting", ... } },
 *     "serviceCode": "AmazonSageMaker",
 *     "terms": { "OnDemand": { "JDZQJFUVUR8SUWHS.JRTCKXETXF": {
 *         "effectiveDate": "2026-06-01T00:00:00Z", "offerTermCode": "JRTCKXETXF",
 *         "priceDimensions": { "JDZQJFUVUR8SUWHS.JRTCKXETXF.6YS6EN2CT7": {
 *             "unit": "Hrs", "beginRange": "0", "endRange": "Inf", "description": "...",
 *             "pricePerUnit": { "USD": "0.2300000000" } } } } } },
 *     "version": "20260601000000", "publicationDate": "2026-06-01T00:00:00Z" }
 */

/** The Price List API answers only from these regions; us-east-1 is the default endpoint. */
export const PRICING_API_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;

/** Options of `refreshPrices`. */
export interface RefreshPricesOptions {
  /** The AWS region whose prices to fetch, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * The Pricing API client to use (tests pass a mocked one).
   *
   * @default - a new `PricingClient` in `endpointRegion`, with the SDK's default credentials and retries
   */
  readonly client?: PricingClient;
  /**
   * The region of the Pricing API endpoint, when no `client` is given.
   *
   * @default 'us-east-1'
   */
  readonly endpointRegion?: (typeof PRICING_API_REGIONS)[number];
  /**
   * EC2 instance types (`g5.xlarge`) and SageMaker instance types (`ml.g5.xlarge`) to fetch.
   *
   * @default - every EC2 and SageMaker instance type the embedded snapshot prices, in any region
   */
  readonly instanceTypes?: string[];
  /**
   * What to refresh.
   *
   * @default - all of `DEFAULT_REFRESH_SERVICES`
   */
  readonly services?: RefreshService[];
  /**
   * The date written as the cache file's `date` (ISO date).
   *
   * @default - today (UTC)
   */
  readonly today?: string;
  /**
   * Receives one line per product that was read but not kept (no USD price, unknown usage type,
   * duplicate), for the command line to print with `--verbose`.
   *
   * @default - the lines are dropped
   */
  readonly onSkip?: (message: string) => void;
}

/** A group of prices the refresher knows how to fetch and map to price-book entries. */
export type RefreshService = 'sagemaker' | 'ec2' | 'nat-gateway' | 'public-ipv4' | 'alb';

/** Everything `refreshPrices` fetches by default. */
export const DEFAULT_REFRESH_SERVICES: readonly RefreshService[] = ['sagemaker', 'ec2', 'nat-gateway', 'public-ipv4', 'alb'];

/**
 * SageMaker usage type components (the part between the region prefix and `:`) and the
 * price-book usage each one prices. From the AmazonSageMaker offer's `usagetype` attribute,
 * e.g. `USE1-Host:ml.g5.xlarge`, `USW2-AsyncInf:ml.g5.xlarge`, `EU-Tsform:ml.m5.xlarge`.
 */
export const SAGEMAKER_USAGE_TYPE_COMPONENTS: Readonly<Record<string, PriceUsage>> = {
  'Host': PriceUsage.HOSTING,
  'AsyncInf': PriceUsage.ASYNC,
  'Tsform': PriceUsage.BATCH_TRANSFORM,
  'Train': PriceUsage.TRAINING,
  'Notebk': PriceUsage.NOTEBOOK,
  'Processing': PriceUsage.PROCESSING,
};

/** A product of a `PriceList` response, parsed. Only the fields the refresher reads. */
export interface PriceListProduct {
  readonly product?: {
    readonly sku?: string;
    readonly productFamily?: string;
    readonly attributes?: Record<string, string | undefined>;
  };
  readonly serviceCode?: string;
  readonly terms?: {
    readonly OnDemand?: Record<string, {
      readonly effectiveDate?: string;
      readonly priceDimensions?: Record<string, {
        readonly unit?: string;
        readonly beginRange?: string;
        readonly pricePerUnit?: Record<string, string | undefined>;
      }>;
    }>;
  };
  readonly publicationDate?: string;
}

/** What a price-list product is, in price-book terms (without the price). */
export interface ProductTarget {
  /** The price-book service, e.g. `SageMaker`. */
  readonly service: PriceService;
  /** The price-book usage, e.g. `hosting`. */
  readonly usage: PriceUsage;
  /** The price-book SKU, e.g. `ml.g5.xlarge`. */
  readonly sku: string;
  /** The billing unit, e.g. `instance-hour`. */
  readonly unit: string;
}

/** One GetProducts query and how to read its products. */
interface ProductQuery {
  readonly serviceCode: string;
  readonly filters: Filter[];
  readonly map: (attributes: Record<string, string | undefined>) => ProductTarget | string;
}

/**
 * Fetches list prices for one region from the AWS Price List API and returns them as a price
 * book cache file (kind `cache`), ready for `writePriceCache`.
 *
 * Each entry's `source` is `AWS Price List API GetProducts <serviceCode> sku <sku>` and its `date`
 * the on-demand term's `effectiveDate` (else the product's `publicationDate`). Products without a
 * positive USD on-demand price are skipped. A failed call (throttling after the SDK's own retries,
 * missing credentials) rejects with the service code and region in the message.
 */
export async function refreshPrices(options: RefreshPricesOptions): Promise<PriceBookFile> {
  const region = options.region;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new Error(`region must be an AWS region code such as 'us-east-1', got: '${region}'`);
  }
  const client = options.client ?? new (loadPricingSdk().PricingClient)({ region: options.endpointRegion ?? 'us-east-1' });
  const services = options.services ?? [...DEFAULT_REFRESH_SERVICES];
  const instanceTypes = options.instanceTypes ?? defaultInstanceTypes();
  const skip = options.onSkip ?? (() => undefined);

  const byKey = new Map<string, PriceEntry>();
  for (const query of queriesFor(region, services, instanceTypes)) {
    for (const raw of await fetchProducts(client, query)) {
      const parsed = parsePriceListItem(raw);
      if (typeof parsed === 'string') {
        skip(parsed);
        continue;
      }
      const target = query.map(parsed.product?.attributes ?? {});
      if (typeof target === 'string') {
        skip(`${query.serviceCode} sku ${parsed.product?.sku ?? '?'}: ${target}`);
        continue;
      }
      const entry = toPriceEntry(parsed, target, region, query.serviceCode);
      if (typeof entry === 'string') {
        skip(entry);
        continue;
      }
      const key = `${entry.service}|${entry.usage}|${entry.region}|${entry.sku}`;
      if (byKey.has(key)) {
        skip(`${entry.source}: a second product for ${key}, kept the first (${byKey.get(key)!.source})`);
        continue;
      }
      byKey.set(key, entry);
    }
  }
  const entries = [...byKey.values()].sort((a, b) => compareKeys(a, b));
  return { schemaVersion: 1, kind: PriceBookKind.CACHE, date: options.today ?? new Date().toISOString().slice(0, 10), entries };
}

/** Options of `writePriceCache`. */
export interface WritePriceCacheOptions {
  /**
   * Keep the entries of an existing cache file that the new file does not replace (other
   * regions refreshed earlier). When false, the file is overwritten.
   *
   * @default true
   */
  readonly merge?: boolean;
}

/**
 * Writes a refreshed price book to the cache file synth reads (creating its folder), merging
 * with the entries already there unless `merge` is false. Returns the file written and how many
 * entries it holds.
 *
 * @param file the book returned by `refreshPrices`
 * @param cacheFile where to write
 * @default cacheFile - `.cdk-cost/prices.json`
 */
export function writePriceCache(
  file: PriceBookFile,
  cacheFile: string = DEFAULT_PRICE_CACHE_FILE,
  options: WritePriceCacheOptions = {},
): { file: string; entryCount: number } {
  if (file.kind !== PriceBookKind.CACHE) {
    throw new Error(`writePriceCache expects a book of kind 'cache', got: '${file.kind}'`);
  }
  const byKey = new Map<string, PriceEntry>();
  if ((options.merge ?? true) && fs.existsSync(cacheFile)) {
    const previous = JSON.parse(fs.readFileSync(cacheFile, 'utf-8')) as PriceBookFile;
    if (previous.schemaVersion === 1 && previous.kind === PriceBookKind.CACHE && Array.isArray(previous.entries)) {
      for (const e of previous.entries) byKey.set(keyOf(e), e);
    }
  }
  for (const e of file.entries) byKey.set(keyOf(e), e);
  const entries = [...byKey.values()].sort((a, b) => compareKeys(a, b));
  fs.mkdirSync(path.dirname(path.resolve(cacheFile)), { recursive: true });
  // Written beside the target and renamed over it: a crash or a full disk mid-write leaves the
  // old cache whole (rename is atomic on one file system).
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, JSON.stringify({ ...file, entries }, null, 1) + '\n');
    fs.renameSync(temp, cacheFile);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return { file: cacheFile, entryCount: entries.length };
}

/**
 * Parses one `PriceList` element. The API returns each product as a JSON string; already
 * parsed objects are accepted too. Returns a message instead when the element is not JSON.
 */
export function parsePriceListItem(item: unknown): PriceListProduct | string {
  if (typeof item === 'string') {
    try {
      return JSON.parse(item) as PriceListProduct;
    } catch (e) {
      return `PriceList element is not JSON: ${(e as Error).message}`;
    }
  }
  if (item && typeof item === 'object') return item as PriceListProduct;
  return `PriceList element is neither a JSON string nor an object: ${String(item)}`;
}

/**
 * The on-demand USD price of a parsed product as a price-book entry, or why there is none.
 * Of several price dimensions (tiers), the first paid tier by `beginRange` is used.
 */
export function toPriceEntry(product: PriceListProduct, target: ProductTarget, region: string, serviceCode: string): PriceEntry | string {
  const sku = product.product?.sku ?? '?';
  const source = `AWS Price List API GetProducts ${serviceCode} sku ${sku}`;
  const terms = Object.values(product.terms?.OnDemand ?? {});
  if (terms.length === 0) return `${source}: no on-demand term`;
  const term = terms[0];
  const dimensions = Object.values(term.priceDimensions ?? {})
    .map(d => ({ begin: Number(d.beginRange ?? '0'), usd: Number(d.pricePerUnit?.USD) }))
    .filter(d => Number.isFinite(d.usd) && d.usd > 0)
    .sort((a, b) => a.begin - b.begin);
  if (dimensions.length === 0) return `${source}: no positive USD price in its on-demand term`;
  const date = isoDate(term.effectiveDate) ?? isoDate(product.publicationDate);
  if (!date) return `${source}: neither an effectiveDate nor a publicationDate`;
  return { service: target.service, usage: target.usage, region, sku: target.sku, unit: target.unit, priceUsd: dimensions[0].usd, source, date };
}

/**
 * Maps an AmazonSageMaker `usagetype` (`USE1-Host:ml.g5.xlarge`) to a usage and instance type,
 * or says why it is not one of ours (`USE1-ServerlessInf:Mem-3GB`, `USE1-TrSpt:...`).
 */
export function sagemakerUsageOf(usageType: string): { usage: PriceUsage; instanceType: string } | string {
  const [head, instanceType] = withoutRegionPrefix(usageType).split(':');
  const usage = SAGEMAKER_USAGE_TYPE_COMPONENTS[head];
  if (!usage || !instanceType?.startsWith('ml.')) return `usage type '${usageType}' is not a SageMaker instance usage the price book models`;
  return { usage, instanceType };
}

/** `USE1-Host:ml.g5.xlarge` → `Host:ml.g5.xlarge`; `EU-NatGateway-Hours` → `NatGateway-Hours`; `BoxUsage:g5.xlarge` unchanged. */
export function withoutRegionPrefix(usageType: string): string {
  return usageType.replace(/^[A-Z]{2,4}\d{0,2}-(?=[A-Z])/, '');
}

function queriesFor(region: string, services: RefreshService[], instanceTypes: string[]): ProductQuery[] {
  const regionFilter: Filter = { Type: 'TERM_MATCH', Field: 'regionCode', Value: region };
  const queries: ProductQuery[] = [];
  const mlTypes = new Set(instanceTypes.filter(t => t.startsWith('ml.')));
  const ec2Types = [...new Set(instanceTypes.filter(t => !t.startsWith('ml.')))].sort();
  if (services.includes('sagemaker') && mlTypes.size > 0) {
    // One query for the region's ML instances: a few hundred products, fewer calls than one per type.
    queries.push({
      serviceCode: 'AmazonSageMaker',
      filters: [regionFilter, { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'ML Instance' }],
      map: attributes => {
        const parsed = sagemakerUsageOf(attributes.usagetype ?? '');
        if (typeof parsed === 'string') return parsed;
        if (!mlTypes.has(parsed.instanceType)) return `instance type ${parsed.instanceType} was not asked for`;
        return { service: PriceService.SAGEMAKER, usage: parsed.usage, sku: parsed.instanceType, unit: 'instance-hour' };
      },
    });
  }
  if (services.includes('ec2')) {
    for (const instanceType of ec2Types) {
      queries.push({
        serviceCode: 'AmazonEC2',
        // Linux, shared tenancy, no pre-installed software, capacity actually used: the one
        // on-demand rate per type that the EC2 pricing page lists.
        filters: [
          regionFilter,
          { Type: 'TERM_MATCH', Field: 'instanceType', Value: instanceType },
          { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
          { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
          { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
          { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
        ],
        map: attributes => {
          const usageType = withoutRegionPrefix(attributes.usagetype ?? '');
          if (usageType !== `BoxUsage:${instanceType}`) return `usage type '${attributes.usagetype}' is not BoxUsage:${instanceType}`;
          return { service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, sku: instanceType, unit: 'instance-hour' };
        },
      });
    }
  }
  if (services.includes('nat-gateway')) {
    queries.push({
      serviceCode: 'AmazonEC2',
      filters: [regionFilter, { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'NAT Gateway' }],
      map: attributes => {
        const usageType = withoutRegionPrefix(attributes.usagetype ?? '');
        if (usageType === 'NatGateway-Hours') return { service: PriceService.VPC, usage: PriceUsage.NAT_GATEWAY_HOUR, sku: 'nat-gateway', unit: 'hour' };
        if (usageType === 'NatGateway-Bytes') return { service: PriceService.VPC, usage: PriceUsage.NAT_GATEWAY_DATA, sku: 'nat-gateway', unit: 'GB' };
        return `usage type '${attributes.usagetype}' is not the zonal NAT gateway hour or data charge`;
      },
    });
  }
  if (services.includes('public-ipv4')) {
    // The public IPv4 charge has no product family: it is the AmazonVPC product whose usage
    // type is <region prefix>-PublicIPv4:InUseAddress (idle addresses bill at the same rate).
    queries.push({
      serviceCode: 'AmazonVPC',
      filters: [regionFilter],
      map: attributes => {
        const usageType = withoutRegionPrefix(attributes.usagetype ?? '');
        if (usageType === 'PublicIPv4:InUseAddress') return { service: PriceService.VPC, usage: PriceUsage.PUBLIC_IPV4_HOUR, sku: 'public-ipv4', unit: 'address-hour' };
        return `usage type '${attributes.usagetype}' is not the in-use public IPv4 address charge`;
      },
    });
  }
  if (services.includes('alb')) {
    queries.push({
      serviceCode: 'AWSELB',
      filters: [regionFilter, { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'Load Balancer-Application' }],
      map: attributes => {
        const usageType = withoutRegionPrefix(attributes.usagetype ?? '');
        if (usageType === 'LoadBalancerUsage') return { service: PriceService.ELB, usage: PriceUsage.ALB_HOUR, sku: 'application', unit: 'load-balancer-hour' };
        if (usageType === 'LCUUsage') return { service: PriceService.ELB, usage: PriceUsage.ALB_LCU_HOUR, sku: 'application', unit: 'LCU-hour' };
        return `usage type '${attributes.usagetype}' is not the Application Load Balancer hour or LCU charge`;
      },
    });
  }
  return queries;
}

async function fetchProducts(client: PricingClient, query: ProductQuery): Promise<unknown[]> {
  const input: GetProductsCommandInput = { ServiceCode: query.serviceCode, Filters: query.filters, FormatVersion: 'aws_v1', MaxResults: 100 };
  const products: unknown[] = [];
  try {
    for await (const page of loadPricingSdk().paginateGetProducts({ client, pageSize: 100 }, input)) {
      products.push(...(page.PriceList ?? []));
    }
  } catch (e) {
    const err = e as Error;
    const where = query.filters.map(f => `${f.Field}=${f.Value}`).join(', ');
    throw new Error(`Pricing API GetProducts for ${query.serviceCode} (${where}) failed: ${err.name}: ${err.message}`, { cause: e });
  }
  return products;
}

/**
 * What to do when the Pricing API client is not installed. The package does not depend on it
 * (0.3): synth never loads it, and only `prices refresh --source api` does, so bundling it (a jsii
 * package must bundle its non-jsii dependencies) would add ~16 MB to every language's package.
 */
export const PRICING_SDK_MISSING = '`prices refresh --source api` needs the AWS SDK Pricing client, which cdk-cost-aware-inference ' +
  'does not install (only this command uses it): run `npm install --save-dev @aws-sdk/client-pricing` in your app, ' +
  'or use the default `--source bulk`, which needs no SDK.';

/** The Pricing API client module, loaded on first use (only `--source api` needs it). */
export function loadPricingSdk(): typeof import('@aws-sdk/client-pricing') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@aws-sdk/client-pricing') as typeof import('@aws-sdk/client-pricing');
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes('@aws-sdk/client-pricing')) {
      throw new Error(PRICING_SDK_MISSING, { cause: e });
    }
    throw e;
  }
}

/** Every EC2 and SageMaker instance type of the target matrix or the embedded snapshot, sorted. */
export function defaultInstanceTypes(): string[] {
  const book = PriceBook.snapshot();
  const types = new Set<string>([...book.skus(PriceService.EC2, PriceUsage.ON_DEMAND_LINUX), ...TARGET_EC2_INSTANCE_TYPES, ...TARGET_SAGEMAKER_INSTANCE_TYPES]);
  for (const usage of Object.values(SAGEMAKER_USAGE_TYPE_COMPONENTS)) {
    for (const sku of book.skus(PriceService.SAGEMAKER, usage)) if (sku.startsWith('ml.')) types.add(sku);
  }
  return [...types].sort();
}

function isoDate(value: string | undefined): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return m ? m[1] : undefined;
}

function keyOf(e: PriceEntry): string {
  return `${e.service}|${e.usage}|${e.region}|${e.sku}`;
}

function compareKeys(a: PriceEntry, b: PriceEntry): number {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
