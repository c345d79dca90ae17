/*
 * Builds the embedded price snapshot (`lib/pricing/data/snapshot.json`) from the committed source
 * extracts in `lib/pricing/sources/`, deterministically: the same extracts give the same bytes.
 *
 *   npm run prices:build
 *
 * It lives in `lib/pricing/build/`, beside the extracts it reads and the book it writes, so that
 * the test that checks the committed snapshot equals the build imports the same function, and so
 * that the published package (which ships `lib/`) can rebuild its own book.
 *
 * Rules, one per block (each entry's `source` names the extract and the key it came from):
 * - EC2 on-demand Linux: `ec2-on-demand-linux.json`, the figure as stated.
 * - EC2 Spot: `spot-advisor.json`, fraction = `s` / 100, marked `derived` (the advisor states a
 *   whole-percent average saving, not a price).
 * - Bedrock: `litellm-bedrock.json` per invocation id (base model id, `us.`/`eu.`/`apac.`/`jp.`/`au.`/
 *   `global.` profile id), where @pydantic/genai-prices (`genai-prices-aws.json`) prices the same
 *   invocation and differs by more than 0.5%, its figure is taken and the note says what LiteLLM
 *   states. Batch prices as LiteLLM states them, else `derived` at 50% of on-demand.
 * - SageMaker: `fmbench-pricing.json` (AWS sample code, us-east-1 hosting) where re-confirmed, as
 *   entries older than 18 months need to be; `agentcore-sagemaker-us-west-2.json` (us-west-2
 *   training and batch transform) and `slm-platform-sagemaker-training.json` (us-east-1 training),
 *   both stating the AWS Price List API as their origin, as stated; nothing is derived from EC2.
 * - The basics (Lambda, S3, CloudWatch) from `aws-price-watcher-*.json`, re-confirmed by
 *   `lamngockhuong-*.json`; the rest from `carried-over.json`.
 * - API Gateway (REST, HTTP) and SQS (standard, FIFO) requests and CloudWatch dashboards from
 *   `price-watcher-fork-*.json`, as stated (first pricing tier); the dashboard rate AWS states
 *   once for the location `Any` is entered for every target region.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PriceBookFile } from '../price-book';
import { PriceBookKind, PriceConfirmation, PriceEntry, PriceService, PriceUsage } from '../price-entry';
import {
  TARGET_BEDROCK_MODELS, TARGET_REGIONS, bedrockBaseModelId, bedrockGeographiesOf,
} from '../private/coverage-targets';
import { bedrockOffer } from '../private/offered';
import { EXTRACT_FETCH_DATE, readExtract, readManifest } from './source-files';

/** The file the build writes. */
export const SNAPSHOT_FILE = path.join(__dirname, '..', 'data', 'snapshot.json');

/** Entries whose date is older than this many months need a `confirmed` source. */
export const MAX_ENTRY_AGE_MONTHS = 18;

/** The share by which LiteLLM and genai-prices may differ before genai-prices' figure is taken. */
export const BEDROCK_CROSS_CHECK_TOLERANCE = 0.005;

/** The derived rule of Bedrock batch entries where the source states no batch price. */
export const BEDROCK_BATCH_RULE = 'batch = 50% of on-demand (Bedrock user guide, capacity-limits-cost-optimization.html: '
  + 'batch inference is offered at 50% of the on-demand price)';

/** The derived rule of a geographic profile priced at the in-region figure. */
export const PROFILE_AT_SOURCE_REGION_RULE = 'profile = the in-region price of the source region (Bedrock user guide, '
  + 'cross-region inference: requests are billed at the price of the Region they are made from)';

/** Builds the snapshot from the committed extracts. */
export function buildSnapshot(): PriceBookFile {
  const manifest = readManifest();
  const published = new Map(manifest.extracts.map(e => [e.extract, e]));
  const cite = (extract: string, key: string): string => {
    const m = published.get(extract);
    if (!m) throw new Error(`extract ${extract} is not in lib/pricing/sources/manifest.json`);
    // The extract and key; the origin's repository or package for the reader (the manifest has the commit).
    return `lib/pricing/sources/${extract}#${key} (${m.origin.replace(/[@:].*$/, '')})`;
  };
  const dateOf = (extract: string): string => published.get(extract)!.published;

  const entries: PriceEntry[] = [
    ...ec2OnDemand(cite, dateOf),
    ...ec2Spot(cite, dateOf),
    ...bedrock(cite, dateOf),
    ...sageMaker(cite, dateOf),
    ...basics(cite, dateOf),
    ...requestRates(cite, dateOf),
    ...carriedOver(cite),
  ];
  const byKey = new Map<string, PriceEntry>();
  for (const e of entries) {
    const key = keyOf(e);
    if (byKey.has(key)) throw new Error(`two entries for ${key}: ${byKey.get(key)!.source} and ${e.source}`);
    byKey.set(key, e);
  }
  const sorted = [...byKey.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  return { schemaVersion: 1, kind: PriceBookKind.SNAPSHOT, date: EXTRACT_FETCH_DATE, entries: sorted };
}

/** The snapshot as the file's bytes. */
export function renderSnapshot(file: PriceBookFile): string {
  // Entries keep their field order (service, usage, region, sku, ...) so the file reads as a table.
  return JSON.stringify(file, null, 1) + '\n';
}

type Cite = (extract: string, key: string) => string;
type DateOf = (extract: string) => string;

function ec2OnDemand(cite: Cite, dateOf: DateOf): PriceEntry[] {
  const extract = readExtract<{ instanceType: string; pricePerUnit: string }>('ec2-on-demand-linux.json');
  return Object.entries(extract.records).map(([key, row]) => ({
    service: PriceService.EC2 as const,
    usage: PriceUsage.ON_DEMAND_LINUX as const,
    region: key.split('|')[0],
    sku: row.instanceType,
    unit: 'instance-hour',
    priceUsd: Number(row.pricePerUnit),
    source: cite(extract.extract, key),
    date: dateOf(extract.extract),
  }));
}

/** What the Spot entries take from the advisor, word for word in each entry. */
export const SPOT_ADVISOR_RULE = 'fraction = s / 100: the Spot Instance Advisor\'s "savings over On-Demand" for the type and region, '
  + 'a whole-percent average AWS computes over the past 30 days, not a point price';

function ec2Spot(cite: Cite, dateOf: DateOf): PriceEntry[] {
  const extract = readExtract<{ s: number; r: number }>('spot-advisor.json');
  const out: PriceEntry[] = [];
  for (const [key, row] of Object.entries(extract.records)) {
    if (key === 'ranges') continue;
    const [region, , type] = key.split('|');
    out.push({
      service: PriceService.EC2, usage: PriceUsage.SPOT_DISCOUNT, region, sku: type, unit: 'fraction', priceUsd: row.s / 100,
      source: cite(extract.extract, key), date: dateOf(extract.extract), derived: SPOT_ADVISOR_RULE,
    });
  }
  return out;
}

// ---- Bedrock ----

interface LiteLlmRow {
  readonly input_cost_per_token?: number;
  readonly output_cost_per_token?: number;
  readonly cache_read_input_token_cost?: number;
  readonly cache_creation_input_token_cost?: number;
  readonly input_cost_per_token_batches?: number;
  readonly output_cost_per_token_batches?: number;
}

type GenaiMatch = { equals?: string; starts_with?: string; ends_with?: string; contains?: string; regex?: string; or?: GenaiMatch[]; and?: GenaiMatch[] };
type GenaiValue = number | { base: number };
type GenaiPrices = Record<string, GenaiValue | undefined>;
interface GenaiModel {
  readonly id: string;
  readonly match: GenaiMatch;
  readonly prices: GenaiPrices | Array<{ constraint?: { start_date?: string }; prices: GenaiPrices }>;
}

/** The genai-prices key of each Bedrock usage priced from LiteLLM, and LiteLLM's field for it. */
const BEDROCK_FIELDS: ReadonlyArray<{ usage: PriceUsage; litellm: keyof LiteLlmRow; genai: string }> = [
  { usage: PriceUsage.ON_DEMAND_INPUT_TOKENS, litellm: 'input_cost_per_token', genai: 'input_mtok' },
  { usage: PriceUsage.ON_DEMAND_OUTPUT_TOKENS, litellm: 'output_cost_per_token', genai: 'output_mtok' },
  { usage: PriceUsage.ON_DEMAND_CACHE_READ_TOKENS, litellm: 'cache_read_input_token_cost', genai: 'cache_read_mtok' },
  { usage: PriceUsage.ON_DEMAND_CACHE_WRITE_TOKENS, litellm: 'cache_creation_input_token_cost', genai: 'cache_write_mtok' },
];

/** Does a genai-prices match rule accept the id? (The rule language of @pydantic/genai-prices.) */
export function genaiMatches(rule: GenaiMatch, id: string): boolean {
  if (rule.equals !== undefined) return id === rule.equals;
  if (rule.starts_with !== undefined) return id.startsWith(rule.starts_with);
  if (rule.ends_with !== undefined) return id.endsWith(rule.ends_with);
  if (rule.contains !== undefined) return id.includes(rule.contains);
  if (rule.regex !== undefined) return new RegExp(rule.regex).test(id);
  if (rule.or) return rule.or.some(r => genaiMatches(r, id));
  if (rule.and) return rule.and.every(r => genaiMatches(r, id));
  return false;
}

/**
 * True when the genai-prices model a lookup of `modelId` lands on prices the same invocation:
 * the same id, its `regional.` entry (base id and geographic profiles), or its `global.` entry.
 * A base-model entry reached for a profile id (genai-prices' `contains` rules fall through to it)
 * is not the same invocation: profiles can be priced differently.
 */
export function sameBedrockInvocation(modelId: string, genaiModelId: string): boolean {
  const isProfile = bedrockBaseModelId(modelId) !== modelId;
  if (modelId.startsWith('global.')) return genaiModelId.startsWith('global.');
  if (genaiModelId.startsWith('global.')) return false;
  if (genaiModelId.startsWith('regional.')) return true;
  return !isProfile || genaiModelId === modelId;
}

function genaiPricesAt(model: GenaiModel, date: string): GenaiPrices {
  if (!Array.isArray(model.prices)) return model.prices;
  let chosen = model.prices[0].prices;
  for (const p of model.prices) if (!p.constraint?.start_date || p.constraint.start_date <= date) chosen = p.prices;
  return chosen;
}

function genaiPerMillion(value: GenaiValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : value.base;
}

/** Prices in USD per 1M tokens, rounded to float noise: 3e-6 × 1e6 = 3.0000000000000004 → 3. */
function perMillion(perToken: number): number {
  return Number((perToken * 1e6).toPrecision(12));
}

function bedrock(cite: Cite, dateOf: DateOf): PriceEntry[] {
  const litellm = readExtract<LiteLlmRow>('litellm-bedrock.json');
  const genai = readExtract<GenaiModel[]>('genai-prices-aws.json');
  const genaiModels = genai.records.models;
  const litellmDate = dateOf(litellm.extract);
  const genaiDate = dateOf(genai.extract);
  const out: PriceEntry[] = [];

  /** On-demand (and cache) entries of one invocation id in one region, with the rule that put it there. */
  const priceId = (modelId: string, region: string, litellmId: string, derived: string | undefined): void => {
    const row = litellm.records[litellmId];
    if (!row) return;
    const inRegion = (usage: PriceUsage) => out.find(e => e.usage === usage && e.region === region && e.sku === bedrockBaseModelId(modelId));
    // Cross-checked on the id whose price LiteLLM states: genai-prices has no regions, so its
    // figures compare with LiteLLM's figure for the same id, not with a profile's stand-in.
    const genaiModel = genaiModels.find(m => genaiMatches(m.match, litellmId));
    const genaiHere = genaiModel && sameBedrockInvocation(litellmId, genaiModel.id) ? genaiPricesAt(genaiModel, EXTRACT_FETCH_DATE) : undefined;
    const onDemand: Partial<Record<PriceUsage, number>> = {};
    for (const field of BEDROCK_FIELDS) {
      const perToken = row[field.litellm];
      if (perToken === undefined || !(perToken > 0)) continue;
      const fromLitellm = perMillion(perToken);
      const fromGenai = genaiHere ? genaiPerMillion(genaiHere[field.genai]) : undefined;
      const disagree = fromGenai !== undefined && Math.abs(fromGenai - fromLitellm) > BEDROCK_CROSS_CHECK_TOLERANCE * Math.max(fromGenai, fromLitellm);
      // A geographic profile costs what the source region's in-region call costs (Bedrock bills
      // cross-region inference at the source region's price). Where LiteLLM's profile figure
      // disagrees with the in-region figure kept above, and genai-prices has no entry of the
      // profile's own to settle it, the in-region figure is taken.
      const base = modelId.startsWith('us.') && !genaiHere ? inRegion(field.usage) : undefined;
      if (base && Math.abs(base.priceUsd - fromLitellm) > BEDROCK_CROSS_CHECK_TOLERANCE * Math.max(base.priceUsd, fromLitellm)) {
        onDemand[field.usage] = base.priceUsd;
        out.push({
          service: PriceService.BEDROCK, usage: field.usage, region, sku: modelId, unit: '1M tokens', priceUsd: base.priceUsd, source: base.source, date: base.date,
          note: `LiteLLM (${cite(litellm.extract, `${litellmId}.${field.litellm}`)}) states $${fromLitellm} for the profile`,
          derived: PROFILE_AT_SOURCE_REGION_RULE,
        });
        continue;
      }
      const priceUsd = disagree ? fromGenai! : fromLitellm;
      onDemand[field.usage] = priceUsd;
      out.push({
        service: PriceService.BEDROCK, usage: field.usage, region, sku: modelId, unit: '1M tokens', priceUsd,
        source: disagree ? cite(genai.extract, `models[id=${genaiModel!.id}].prices.${field.genai}`) : cite(litellm.extract, `${litellmId}.${field.litellm}`),
        date: disagree ? genaiDate : litellmDate,
        ...(disagree ? { note: `LiteLLM (${cite(litellm.extract, `${litellmId}.${field.litellm}`)}) states $${fromLitellm}; genai-prices' figure is taken` } : {}),
        ...(derived ? { derived } : {}),
      });
    }
    for (const [usage, onDemandUsage, field] of [
      [PriceUsage.BATCH_INPUT_TOKENS, PriceUsage.ON_DEMAND_INPUT_TOKENS, 'input_cost_per_token_batches'],
      [PriceUsage.BATCH_OUTPUT_TOKENS, PriceUsage.ON_DEMAND_OUTPUT_TOKENS, 'output_cost_per_token_batches'],
    ] as const) {
      const stated = row[field];
      if (stated !== undefined && stated > 0) {
        out.push({ service: PriceService.BEDROCK, usage, region, sku: modelId, unit: '1M tokens', priceUsd: perMillion(stated),
          source: cite(litellm.extract, `${litellmId}.${field}`), date: litellmDate, ...(derived ? { derived } : {}) });
      } else if (onDemand[onDemandUsage] !== undefined) {
        const base = out.find(e => e.usage === onDemandUsage && e.region === region && e.sku === modelId)!;
        out.push({ service: PriceService.BEDROCK, usage, region, sku: modelId, unit: '1M tokens', priceUsd: Number((onDemand[onDemandUsage]! / 2).toPrecision(12)),
          source: base.source, date: base.date, derived: derived ? `${BEDROCK_BATCH_RULE}; on-demand: ${derived}` : BEDROCK_BATCH_RULE });
      }
    }
  };

  for (const model of TARGET_BEDROCK_MODELS) {
    for (const region of TARGET_REGIONS) {
      // What the Bedrock user guide says is served here (sources/bedrock-availability.json): no entry
      // for a model it serves in this region neither in-region nor through a cross-region profile — a
      // price copied into a region that cannot buy the model would price a line that cannot run. Base
      // ids stay where only a profile serves on demand: batch inference and lookups by base id use them.
      if (bedrockOffer(model, region) === 'not-offered') continue;
      const geographies = bedrockGeographiesOf(region);
      // The base model id: LiteLLM's figure is the US price (the AWS pricing page's default region).
      if (region === 'us-east-1') {
        priceId(model, region, model, undefined);
      } else if (geographies.includes('us')) {
        priceId(model, region, model, 'LiteLLM states one price per base model id, the US price; taken for every US region');
      } else {
        // Outside the US: the price of the geography's profile, which Bedrock bills at the source region's rate.
        const geo = geographies.find(g => litellm.records[`${g}.${model}`]);
        if (geo) {
          priceId(model, region, `${geo}.${model}`, `in-region price taken from the ${geo}. profile's: Bedrock bills cross-region `
            + 'inference at the price of the source region (Bedrock user guide, cross-region inference)');
        }
      }
      // The cross-region inference profiles a caller in this region can invoke, each at its own price.
      for (const geo of [...geographies, 'global']) priceId(`${geo}.${model}`, region, `${geo}.${model}`, undefined);
    }
  }
  return out;
}

// ---- SageMaker ----

/** P4d and P5 prices fell in June 2025: a figure published before it is no longer the price. */
const P4D_P5_PRICE_CUT = '2025-06-01';

function sageMaker(cite: Cite, dateOf: DateOf): PriceEntry[] {
  const extract = readExtract<string>('fmbench-pricing.json');
  const confirmations = readExtract<{ date: string; source: string; quote: string; agreement: string }>('confirmations.json');
  const date = dateOf(extract.extract);
  const out: PriceEntry[] = [];
  for (const [type, price] of Object.entries(extract.records)) {
    if (/^ml\.(p4d|p5)\./.test(type) && date < P4D_P5_PRICE_CUT) continue;
    const key = `SageMaker|hosting|us-east-1|${type}`;
    const confirmation = confirmations.records[key];
    const entry: PriceEntry = {
      service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: type, unit: 'instance-hour', priceUsd: Number(price),
      source: cite(extract.extract, type), date,
      ...(confirmation ? {
        confirmed: { date: confirmation.date, source: `lib/pricing/sources/confirmations.json#${key} (${confirmation.source}: '${confirmation.quote}'; ${confirmation.agreement})` },
      } : {}),
    };
    // Only what passes the age rule goes in: an unconfirmed old figure stays out, and the line is unpriced.
    if (isFresh(entry, EXTRACT_FETCH_DATE)) out.push(entry);
  }
  out.push(...sageMakerPriceListRates('agentcore-sagemaker-us-west-2.json', 'us-west-2', cite, dateOf));
  out.push(...sageMakerPriceListRates('slm-platform-sagemaker-training.json', 'us-east-1', cite, dateOf));
  return out;
}

/** The SageMaker usages an extract keyed `<usage>|<type>` may state. */
const SAGEMAKER_EXTRACT_USAGES: readonly PriceUsage[] = [PriceUsage.TRAINING, PriceUsage.BATCH_TRANSFORM];

/**
 * Rates the origin states it read from AWS's Price List API for one region, keyed `<usage>|<type>`:
 * as stated, per usage (a training rate never stands in for hosting, nor an EC2 price for either).
 */
function sageMakerPriceListRates(extractName: string, region: string, cite: Cite, dateOf: DateOf): PriceEntry[] {
  const extract = readExtract<string>(extractName);
  return Object.entries(extract.records).map(([key, price]) => {
    const [usage, type] = key.split('|') as [PriceUsage, string];
    if (!SAGEMAKER_EXTRACT_USAGES.includes(usage)) throw new Error(`${extractName}: unknown usage in key ${key}`);
    return {
      service: PriceService.SAGEMAKER as const, usage, region, sku: type, unit: 'instance-hour', priceUsd: Number(price),
      source: cite(extract.extract, key), date: dateOf(extract.extract),
    };
  });
}

// ---- Lambda, S3, CloudWatch ----

/** One rate of a meteredUnitMaps extract (aws-price-watcher or its fork) and the entry it becomes. */
interface MeteredRate {
  readonly service: PriceService;
  readonly usage: PriceUsage;
  readonly sku: string;
  readonly unit: string;
  readonly extract: string;
  readonly rate: string;
}

interface BasicRate extends MeteredRate {
  /** The lamngockhuong extract and a test on its row that marks the same kind of charge. */
  readonly confirmIn: string;
  readonly confirms: (attributes: Record<string, string>) => boolean;
}

const BASIC_RATES: readonly BasicRate[] = [
  { service: PriceService.LAMBDA, usage: PriceUsage.DURATION, sku: 'x86', unit: 'GB-second', extract: 'aws-price-watcher-lambda.json', rate: 'Lambda Duration',
    confirmIn: 'lamngockhuong-lambda.json', confirms: a => a.usageType === 'Compute' },
  { service: PriceService.LAMBDA, usage: PriceUsage.DURATION, sku: 'arm64', unit: 'GB-second', extract: 'aws-price-watcher-lambda.json', rate: 'Lambda Duration-ARM',
    confirmIn: 'lamngockhuong-lambda.json', confirms: a => a.usageType === 'Compute' },
  { service: PriceService.LAMBDA, usage: PriceUsage.REQUESTS, sku: 'requests', unit: 'request', extract: 'aws-price-watcher-lambda.json', rate: 'Lambda Requests',
    confirmIn: 'lamngockhuong-lambda.json', confirms: a => a.usageType === 'Requests' },
  { service: PriceService.S3, usage: PriceUsage.STORAGE_STANDARD, sku: 'Standard', unit: 'GB-month', extract: 'aws-price-watcher-s3.json', rate: 'Standard Storage First 50 TB per GB Mo',
    confirmIn: 'lamngockhuong-s3.json', confirms: a => a.storageClass === 'Standard' && a.usageType === 'Storage' },
  { service: PriceService.S3, usage: PriceUsage.PUT_REQUESTS, sku: 'Standard', unit: 'request', extract: 'aws-price-watcher-s3.json', rate: 'PUT COPY/POST or LIST requests per Requests',
    confirmIn: 'lamngockhuong-s3.json', confirms: a => a.requestType === 'PUT' },
  { service: PriceService.S3, usage: PriceUsage.GET_REQUESTS, sku: 'Standard', unit: 'request', extract: 'aws-price-watcher-s3.json', rate: 'GET and all other requests per Requests',
    confirmIn: 'lamngockhuong-s3.json', confirms: a => a.requestType === 'GET' },
  { service: PriceService.CLOUDWATCH, usage: PriceUsage.ALARM_STANDARD, sku: 'alarm-standard', unit: 'alarm-month', extract: 'aws-price-watcher-cloudwatch.json', rate: 'Alarm Standard',
    confirmIn: 'lamngockhuong-cloudwatch.json', confirms: a => a.feature === 'Alarm' },
  { service: PriceService.CLOUDWATCH, usage: PriceUsage.CUSTOM_METRIC, sku: 'custom-metric', unit: 'metric-month', extract: 'aws-price-watcher-cloudwatch.json', rate: 'Metric for the first 10000',
    confirmIn: 'lamngockhuong-cloudwatch.json', confirms: a => a.feature === 'Metric' },
  { service: PriceService.CLOUDWATCH, usage: PriceUsage.LOGS_INGESTION, sku: 'logs-ingestion', unit: 'GB', extract: 'aws-price-watcher-cloudwatch.json', rate: 'Logs Collected Data Ingestion',
    confirmIn: 'lamngockhuong-cloudwatch.json', confirms: a => a.feature === 'Logs' },
  { service: PriceService.CLOUDWATCH, usage: PriceUsage.LOGS_STORAGE, sku: 'logs-storage', unit: 'GB-month', extract: 'aws-price-watcher-cloudwatch.json', rate: 'Stored Data',
    confirmIn: 'lamngockhuong-cloudwatch.json', confirms: a => a.feature === 'Stored' },
];

function basics(cite: Cite, dateOf: DateOf): PriceEntry[] {
  const out: PriceEntry[] = [];
  for (const rate of BASIC_RATES) {
    const extract = readExtract<Record<string, string>>(rate.extract);
    const confirming = readExtract<{ attributes: Record<string, string>; pricePerUnit: string }>(rate.confirmIn);
    for (const [region, price] of Object.entries(extract.records[rate.rate])) {
      const priceUsd = Number(price);
      const confirmKey = Object.keys(confirming.records).sort().find(k => k.startsWith(`${region}|`)
        && rate.confirms(confirming.records[k].attributes) && Number(confirming.records[k].pricePerUnit) === priceUsd);
      const entry: PriceEntry = {
        service: rate.service, usage: rate.usage, region, sku: rate.sku, unit: rate.unit, priceUsd,
        source: cite(rate.extract, `${rate.rate}.${region}`), date: dateOf(rate.extract),
        ...(confirmKey ? { confirmed: { date: dateOf(rate.confirmIn), source: cite(rate.confirmIn, confirmKey) } } : {}),
      };
      if (isFresh(entry, EXTRACT_FETCH_DATE)) out.push(entry);
    }
  }
  return out;
}

// ---- API Gateway, SQS, CloudWatch dashboards ----

interface RequestRate extends MeteredRate {
  readonly note?: string;
}

const REQUEST_RATES: readonly RequestRate[] = [
  { service: PriceService.API_GATEWAY, usage: PriceUsage.REST_API_REQUESTS, sku: 'rest-api', unit: 'request', extract: 'price-watcher-fork-apigateway.json',
    rate: 'API Calls Number of up to 333 million', note: 'first tier: the first 333 million requests a month; more cost less per request' },
  { service: PriceService.API_GATEWAY, usage: PriceUsage.HTTP_API_REQUESTS, sku: 'http-api', unit: 'request', extract: 'price-watcher-fork-apigateway.json',
    rate: 'ApiGatewayHttpApi First 300 million', note: 'first tier: the first 300 million requests a month, each 512 KB of a request one request' },
  { service: PriceService.SQS, usage: PriceUsage.REQUESTS, sku: 'standard', unit: 'request', extract: 'price-watcher-fork-queueservice.json',
    rate: 'Standard per Requests', note: 'first paid tier (after the 1 million free a month per account, up to 100 billion); each 64 KB chunk of a request one request' },
  { service: PriceService.SQS, usage: PriceUsage.REQUESTS, sku: 'fifo', unit: 'request', extract: 'price-watcher-fork-queueservice.json',
    rate: 'FIFO first-in first-out per Requests', note: 'first paid tier (after the 1 million free a month per account, up to 100 billion); each 64 KB chunk of a request one request' },
  { service: PriceService.CLOUDWATCH, usage: PriceUsage.DASHBOARD_MONTH, sku: 'dashboard', unit: 'dashboard-month', extract: 'price-watcher-fork-cloudwatch.json',
    rate: 'Dashboard Basic Dashboard', note: 'AWS states one price for the location \'Any\'; the first 3 dashboards of an account are free (\'Dashboard Basic Free upto 3\')' },
];

function requestRates(cite: Cite, dateOf: DateOf): PriceEntry[] {
  const out: PriceEntry[] = [];
  for (const rate of REQUEST_RATES) {
    const extract = readExtract<Record<string, string>>(rate.extract);
    const byRegion = extract.records[rate.rate];
    if (!byRegion) throw new Error(`${rate.extract} has no rate '${rate.rate}'`);
    const regions = byRegion.Any !== undefined ? TARGET_REGIONS.map(region => [region, 'Any'] as const) : Object.keys(byRegion).map(region => [region, region] as const);
    for (const [region, key] of regions) {
      out.push({
        service: rate.service, usage: rate.usage, region, sku: rate.sku, unit: rate.unit, priceUsd: Number(byRegion[key]),
        source: cite(rate.extract, `${rate.rate}.${key}`), date: dateOf(rate.extract), ...(rate.note ? { note: rate.note } : {}),
      });
    }
  }
  return out;
}

// ---- carried over from the hand-typed book ----

interface CarriedOver {
  readonly unit: string;
  readonly priceUsd: number;
  readonly date: string;
  readonly origin: string;
  readonly note?: string;
  readonly confirmed?: PriceConfirmation;
}

function carriedOver(cite: Cite): PriceEntry[] {
  const extract = readExtract<CarriedOver>('carried-over.json');
  return Object.entries(extract.records).map(([key, row]) => {
    const [service, usage, region, sku] = key.split('|');
    if (row.confirmed) {
      // The confirming record must state the same figure.
      const [file, confirmKey] = row.confirmed.source.split('#');
      const confirming = readExtract<{ pricePerUnit: string }>(file).records[confirmKey];
      if (!confirming || Number(confirming.pricePerUnit) !== row.priceUsd) {
        throw new Error(`carried-over.json#${key}: ${row.confirmed.source} does not state ${row.priceUsd}`);
      }
    }
    return {
      service: service as PriceService, usage: usage as PriceUsage, region, sku, unit: row.unit, priceUsd: row.priceUsd,
      source: `${cite(extract.extract, key).replace(/ \(.*\)$/, '')} (${row.origin})`, date: row.date,
      ...(row.note ? { note: row.note } : {}),
      ...(row.confirmed ? { confirmed: { date: row.confirmed.date, source: cite(...splitCitation(row.confirmed.source)) } } : {}),
    };
  });
}

function splitCitation(citation: string): [string, string] {
  const [file, key] = citation.split('#');
  return [file, key];
}

/** True when the entry's date, or its confirmation's, is within `MAX_ENTRY_AGE_MONTHS` of `asOf`. */
export function isFresh(entry: Pick<PriceEntry, 'date' | 'confirmed'>, asOf: string): boolean {
  const limit = monthsBefore(asOf, MAX_ENTRY_AGE_MONTHS);
  return entry.date >= limit || (entry.confirmed !== undefined && entry.confirmed.date >= limit);
}

/** `2026-12-01` minus 18 months = `2025-06-01`. */
export function monthsBefore(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function keyOf(e: PriceEntry): string {
  return `${e.service}|${e.usage}|${e.region}|${e.sku}`;
}

if (require.main === module) {
  fs.writeFileSync(SNAPSHOT_FILE, renderSnapshot(buildSnapshot()));
  process.stdout.write(`wrote ${path.relative(process.cwd(), SNAPSHOT_FILE)}\n`);
}
