import type { PriceBookFile } from './price-book';
import { PriceBookKind, PriceEntry, PriceService, PriceUsage } from './price-entry';
import { sagemakerUsageOf, withoutRegionPrefix, ProductTarget } from './price-refresher';
import { fetchJson, streamPriceListCsv } from './private/price-list-csv';

/*
 * Rebuilds prices from AWS's public Price List bulk files, which need no credentials:
 *
 *   <base>/offers/v1.0/aws/<offer>/current/region_index.json
 *     → regions.<region>.currentVersionUrl = /offers/v1.0/aws/<offer>/<version>/<region>/index.json
 *   <base>/offers/v1.0/aws/<offer>/<version>/<region>/index.csv   (the same file as CSV, streamed)
 *
 * Rows are mapped with the same rules as the Price List API path (`price-refresher.ts`); the
 * CSV names the attributes by their display names ("Instance Type", "usageType", ...).
 */

/** AWS's public Price List endpoint. */
export const DEFAULT_PRICE_LIST_BASE_URL = 'https://pricing.us-east-1.amazonaws.com';

/** The environment variable that overrides the base URL (a mirror, or a local server in tests). */
export const PRICE_LIST_BASE_URL_ENV = 'CDK_COST_PRICE_LIST_URL';

/** The offers the bulk path reads and what it maps from each. */
export const BULK_OFFERS = ['AmazonSageMaker', 'AmazonEC2', 'AmazonVPC', 'AWSELB', 'AmazonBedrock', 'AWSLambda', 'AmazonS3', 'AmazonCloudWatch'] as const;

/** One offer code of `BULK_OFFERS`. */
export type BulkOffer = (typeof BULK_OFFERS)[number];

/** Options of `refreshPricesFromBulk`. */
export interface BulkRefreshOptions {
  /** The regions to fetch, e.g. `['us-east-1']`. */
  readonly regions: readonly string[];
  /**
   * EC2 instance types (`g5.xlarge`) and SageMaker instance types (`ml.g5.xlarge`) to keep.
   *
   * @default - every SageMaker instance type in the files, and the EC2 types the embedded snapshot prices
   */
  readonly instanceTypes?: readonly string[];
  /**
   * The offers to read.
   *
   * @default - all of `BULK_OFFERS`
   */
  readonly offers?: readonly BulkOffer[];
  /**
   * Where the price list is served.
   *
   * @default - `$CDK_COST_PRICE_LIST_URL`, else `https://pricing.us-east-1.amazonaws.com`
   */
  readonly baseUrl?: string;
  /** Aborts every download (the caller's overall deadline). */
  readonly signal: AbortSignal;
  /**
   * Gives up on a download when no byte arrives for this long.
   *
   * @default 30000
   */
  readonly idleTimeoutMs?: number;
  /** One line of progress for a person (stderr): which file, how far. @default - dropped */
  readonly onProgress?: (message: string) => void;
  /** The date written as the cache file's `date` (ISO date). @default - today (UTC) */
  readonly today?: string;
}

interface RegionIndex {
  readonly regions?: Record<string, { readonly regionCode?: string; readonly currentVersionUrl?: string }>;
}

/** A CSV row of an offer file, by header name. */
export type PriceListRow = Readonly<Record<string, string>>;

/**
 * What a row of an offer file prices in price-book terms, or why it is not one of ours. Only
 * on-demand rows in USD with a positive price are mapped.
 */
export interface BulkTarget extends ProductTarget {
  /** What the row's `PricePerUnit` is multiplied by to give the book's unit (1000 for a per-1K-tokens row priced per 1M). */
  readonly scale?: number;
}

/**
 * Bedrock models the AmazonBedrock offer prices in its "legacy" usage types,
 * `<region prefix>-<model token>-<input|output>-tokens[-batch]` (unit `1K tokens`), by model token: a
 * closed list, each token seen in AWS's offer files as published code quotes them (e.g.
 * `USE1-NovaLite-input-tokens`, `USE1-Claude3Haiku-input-tokens`, `USE1-Llama3-1-70B-input-tokens`).
 * A model not listed is not mapped: the offer names models by display name, not by model id, and
 * a guessed id would price the wrong model. Variants (`-latency-optimized`, `-priority`, `-flex`,
 * `-custom-model`, `-cross-region-global`, cache tokens) are other products at other rates and are
 * not mapped either.
 */
export const BEDROCK_USAGE_TYPE_MODELS: Readonly<Record<string, string>> = {
  'NovaMicro': 'amazon.nova-micro-v1:0',
  'NovaLite': 'amazon.nova-lite-v1:0',
  'NovaPro': 'amazon.nova-pro-v1:0',
  'NovaPremier': 'amazon.nova-premier-v1:0',
  'Claude3Haiku': 'anthropic.claude-3-haiku-20240307-v1:0',
  'Llama3-1-70B': 'meta.llama3-1-70b-instruct-v1:0',
  'Llama3-3-70B': 'meta.llama3-3-70b-instruct-v1:0',
};

const BEDROCK_TOKEN_USAGES: ReadonlyArray<[suffix: string, usage: PriceUsage]> = [
  ['-input-tokens', PriceUsage.ON_DEMAND_INPUT_TOKENS],
  ['-output-tokens', PriceUsage.ON_DEMAND_OUTPUT_TOKENS],
  ['-input-tokens-batch', PriceUsage.BATCH_INPUT_TOKENS],
  ['-output-tokens-batch', PriceUsage.BATCH_OUTPUT_TOKENS],
];

function mapBedrockRow(usageType: string, unit: string): BulkTarget | undefined {
  const scale = unit === '1K tokens' ? 1000 : unit === '1M tokens' ? 1 : undefined;
  if (scale === undefined) return undefined;
  for (const [suffix, usage] of BEDROCK_TOKEN_USAGES) {
    if (!usageType.endsWith(suffix)) continue;
    const model = BEDROCK_USAGE_TYPE_MODELS[usageType.slice(0, -suffix.length)];
    if (model) return { service: PriceService.BEDROCK, usage, sku: model, unit: '1M tokens', scale };
  }
  return undefined;
}

export function mapBulkRow(offer: BulkOffer, row: PriceListRow, keepInstanceType: (type: string) => boolean): BulkTarget | undefined {
  if (row.TermType !== 'OnDemand' || row.Currency !== 'USD') return undefined;
  const usageType = withoutRegionPrefix(row.usageType ?? '');
  switch (offer) {
    case 'AmazonSageMaker': {
      if (row['Product Family'] !== 'ML Instance') return undefined;
      const parsed = sagemakerUsageOf(row.usageType ?? '');
      if (typeof parsed === 'string' || !keepInstanceType(parsed.instanceType)) return undefined;
      return { service: PriceService.SAGEMAKER, usage: parsed.usage, sku: parsed.instanceType, unit: 'instance-hour' };
    }
    case 'AmazonEC2': {
      if (usageType === 'NatGateway-Hours') return { service: PriceService.VPC, usage: PriceUsage.NAT_GATEWAY_HOUR, sku: 'nat-gateway', unit: 'hour' };
      if (usageType === 'NatGateway-Bytes') return { service: PriceService.VPC, usage: PriceUsage.NAT_GATEWAY_DATA, sku: 'nat-gateway', unit: 'GB' };
      if (usageType === 'EBS:VolumeUsage.gp3') return { service: PriceService.EC2, usage: PriceUsage.EBS_GP3_GB_MONTH, sku: 'gp3', unit: 'GB-month' };
      if (usageType === 'EBS:VolumeUsage.gp2') return { service: PriceService.EC2, usage: PriceUsage.EBS_GP2_GB_MONTH, sku: 'gp2', unit: 'GB-month' };
      const type = row['Instance Type'];
      // Linux, shared tenancy, no pre-installed software, capacity actually used: the one
      // on-demand rate per type that the EC2 pricing page lists (as the API path filters).
      if (row['Product Family'] !== 'Compute Instance' || !type || usageType !== `BoxUsage:${type}`) return undefined;
      if (row['Operating System'] !== 'Linux' || row.Tenancy !== 'Shared' || row['Pre Installed S/W'] !== 'NA' || row.CapacityStatus !== 'Used') return undefined;
      if (!keepInstanceType(type)) return undefined;
      return { service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, sku: type, unit: 'instance-hour' };
    }
    case 'AmazonVPC':
      return usageType === 'PublicIPv4:InUseAddress' ? { service: PriceService.VPC, usage: PriceUsage.PUBLIC_IPV4_HOUR, sku: 'public-ipv4', unit: 'address-hour' } : undefined;
    case 'AWSELB':
      if (row['Product Family'] !== 'Load Balancer-Application') return undefined;
      if (usageType === 'LoadBalancerUsage') return { service: PriceService.ELB, usage: PriceUsage.ALB_HOUR, sku: 'application', unit: 'load-balancer-hour' };
      if (usageType === 'LCUUsage') return { service: PriceService.ELB, usage: PriceUsage.ALB_LCU_HOUR, sku: 'application', unit: 'LCU-hour' };
      return undefined;
    case 'AmazonBedrock':
      return mapBedrockRow(usageType, row.Unit ?? '');
    // The basics, by usage type (after the region prefix, which us-east-1 rows do not carry); of a
    // tiered rate the first paid tier is kept, as for every offer.
    case 'AWSLambda':
      if (usageType === 'Request') return { service: PriceService.LAMBDA, usage: PriceUsage.REQUESTS, sku: 'requests', unit: 'request' };
      if (usageType === 'Lambda-GB-Second') return { service: PriceService.LAMBDA, usage: PriceUsage.DURATION, sku: 'x86', unit: 'GB-second' };
      if (usageType === 'Lambda-GB-Second-ARM') return { service: PriceService.LAMBDA, usage: PriceUsage.DURATION, sku: 'arm64', unit: 'GB-second' };
      return undefined;
    case 'AmazonS3':
      if (usageType === 'TimedStorage-ByteHrs') return { service: PriceService.S3, usage: PriceUsage.STORAGE_STANDARD, sku: 'Standard', unit: 'GB-month' };
      if (usageType === 'Requests-Tier1') return { service: PriceService.S3, usage: PriceUsage.PUT_REQUESTS, sku: 'Standard', unit: 'request' };
      if (usageType === 'Requests-Tier2') return { service: PriceService.S3, usage: PriceUsage.GET_REQUESTS, sku: 'Standard', unit: 'request' };
      return undefined;
    case 'AmazonCloudWatch':
      if (usageType === 'CW:AlarmMonitorUsage') return { service: PriceService.CLOUDWATCH, usage: PriceUsage.ALARM_STANDARD, sku: 'alarm-standard', unit: 'alarm-month' };
      if (usageType === 'CW:MetricMonitorUsage') return { service: PriceService.CLOUDWATCH, usage: PriceUsage.CUSTOM_METRIC, sku: 'custom-metric', unit: 'metric-month' };
      if (usageType === 'DataProcessing-Bytes') return { service: PriceService.CLOUDWATCH, usage: PriceUsage.LOGS_INGESTION, sku: 'logs-ingestion', unit: 'GB' };
      if (usageType === 'TimedStorage-ByteHrs') return { service: PriceService.CLOUDWATCH, usage: PriceUsage.LOGS_STORAGE, sku: 'logs-storage', unit: 'GB-month' };
      return undefined;
  }
}

/**
 * Fetches the asked regions' offer files and returns their prices as a cache book. Rejects on
 * the first failed download (HTTP error, cut connection, deadline), so that the caller writes
 * nothing: a failed refresh never replaces a good cache.
 */
export async function refreshPricesFromBulk(options: BulkRefreshOptions): Promise<PriceBookFile> {
  const base = (options.baseUrl ?? process.env[PRICE_LIST_BASE_URL_ENV] ?? DEFAULT_PRICE_LIST_BASE_URL).replace(/\/+$/, '');
  const idleTimeoutMs = options.idleTimeoutMs ?? 30000;
  const progress = options.onProgress ?? (() => undefined);
  const types = options.instanceTypes ? new Set(options.instanceTypes) : undefined;
  const keepInstanceType = (type: string) => !types || types.has(type);
  const byKey = new Map<string, { entry: PriceEntry; begin: number }>();

  for (const offer of options.offers ?? BULK_OFFERS) {
    const indexUrl = `${base}/offers/v1.0/aws/${offer}/current/region_index.json`;
    progress(`${offer}: reading ${indexUrl}`);
    const index = await fetchJson<RegionIndex>(indexUrl, { signal: options.signal, idleTimeoutMs });
    for (const region of options.regions) {
      const current = index.regions?.[region]?.currentVersionUrl;
      if (!current) {
        progress(`${offer}: no offer file for ${region} (the region index does not list it)`);
        continue;
      }
      const csvUrl = `${base}${current.replace(/\.json$/, '.csv')}`;
      const versionPath = current.replace(/^\/offers\/v1\.0\/aws\//, '').replace(/\/index\.json$/, '');
      let kept = 0;
      const preamble = await streamPriceListCsv(csvUrl, {
        signal: options.signal,
        idleTimeoutMs,
        onProgress: (bytes, rows) => progress(`${offer} ${region}: ${(bytes / 1048576).toFixed(1)} MiB, ${rows} rows read, ${kept} prices kept`),
      }, row => {
        if ((row['Region Code'] ?? region) !== region) return;
        const target = mapBulkRow(offer, row, keepInstanceType);
        // Per-1K-token rows are scaled to the book's per-1M unit (12 significant digits drop the float noise of × 1000).
        const priceUsd = target ? Number((Number(row.PricePerUnit) * (target.scale ?? 1)).toPrecision(12)) : NaN;
        if (!target || !Number.isFinite(priceUsd) || priceUsd <= 0) return;
        const begin = Number(row.StartingRange || '0');
        const key = `${target.service}|${target.usage}|${region}|${target.sku}`;
        const previous = byKey.get(key);
        // Of several tiers the first paid one; of several products for one key the first read.
        if (previous && !(previous.entry.source.includes(` SKU ${row.SKU} `) && begin < previous.begin)) return;
        const date = /^\d{4}-\d{2}-\d{2}/.exec(row.EffectiveDate ?? '')?.[0];
        byKey.set(key, {
          begin,
          entry: {
            service: target.service, usage: target.usage, region, sku: target.sku, unit: target.unit, priceUsd,
            source: `AWS Price List bulk file ${versionPath}/index.csv SKU ${row.SKU} rate code ${row.RateCode}`,
            date: date ?? '',
          },
        });
        if (!previous) kept++;
      });
      const published = /^\d{4}-\d{2}-\d{2}/.exec(preamble.publicationDate ?? '')?.[0];
      for (const { entry } of byKey.values()) {
        if (entry.region === region && entry.date === '' && published) (entry as { date: string }).date = published;
      }
      progress(`${offer} ${region}: done, ${kept} prices (version ${preamble.version ?? '?'})`);
    }
  }
  const entries = [...byKey.values()].map(v => v.entry).filter(e => e.date !== '');
  entries.sort((a, b) => {
    const ka = `${a.service}|${a.usage}|${a.region}|${a.sku}`;
    const kb = `${b.service}|${b.usage}|${b.region}|${b.sku}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { schemaVersion: 1, kind: PriceBookKind.CACHE, date: options.today ?? new Date().toISOString().slice(0, 10), entries };
}
