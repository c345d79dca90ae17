/*
 * Maintainer tool: cuts the committed source extracts (`lib/pricing/sources/*.json`) out of the
 * original public files, and writes their manifest. It is run by hand when a source is re-pinned;
 * `npm run prices:build` never runs it and never needs the originals.
 *
 *   npx tsx lib/pricing/build/extract-sources.ts <originals-dir> [<extract file name> ...]
 *
 * With extract names, only those are cut and their manifest records merged in (the others stay).
 * `<originals-dir>` holds each original file at `<owner>+<repo>/<path>`, as `git show
 * <commit>:<path>` wrote it from the pinned commit in `PINS` below (npm packages at
 * `npm+<name with / as +>/<path>`). The extracts keep only the rows of the target matrix
 * (`../private/coverage-targets.ts`), so the package stays small.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  BEDROCK_PROFILE_PREFIXES, TARGET_BEDROCK_MODELS, TARGET_EC2_INSTANCE_TYPES, TARGET_REGIONS, TARGET_SAGEMAKER_INSTANCE_TYPES,
} from '../private/coverage-targets';
import { EXTRACT_FETCH_DATE, SOURCES_DIR, SourceManifest, SourceManifestEntry, readManifest, sha256OfFile, stableJson } from './source-files';

interface Pin {
  readonly extract: string;
  readonly repository: string;
  readonly commit: string;
  readonly path: string;
  readonly published: string;
  readonly license: string;
  readonly what: string;
  readonly cut: (original: string) => unknown;
}

/** lamngockhuong/aws-price names regions by code where it has one, else by a location slug. */
const LAMNGOCKHUONG_REGION_SLUGS: Readonly<Record<string, string>> = { 'asia-pacific-(mumbai)': 'ap-south-1' };

/** The EC2 types the extracts keep: the target list (which includes every type the examples use). */
const EC2_TYPES = [...TARGET_EC2_INSTANCE_TYPES].sort();

const PINS: readonly Pin[] = [
  {
    extract: 'ec2-on-demand-linux.json',
    repository: 'lamngockhuong/aws-price',
    commit: '508fb45296c89efe38772babd7ec766644629267',
    path: 'lib/data/pricing/ec2-transformed.json',
    published: '2025-11-03',
    license: 'MIT',
    what: 'EC2 on-demand Linux (shared tenancy) USD per hour, transformed from AWS\'s public EC2 price files; '
      + 'rows kept: the target EC2 types in the 10 target regions',
    cut: original => {
      const rows = JSON.parse(original) as Array<{ region: string; attributes: { instanceType: string; operatingSystem: string }; pricePerUnit: string; unit: string }>;
      const records: Record<string, unknown> = {};
      for (const row of rows) {
        const region = LAMNGOCKHUONG_REGION_SLUGS[row.region] ?? row.region;
        if (!TARGET_REGIONS.includes(region) || !EC2_TYPES.includes(row.attributes.instanceType)) continue;
        if (row.attributes.operatingSystem !== 'Linux' || row.unit !== 'USD per hour') continue;
        const key = `${region}|${row.attributes.instanceType}`;
        if (records[key]) throw new Error(`two rows for ${key}`);
        records[key] = { region: row.region, instanceType: row.attributes.instanceType, pricePerUnit: row.pricePerUnit, unit: row.unit };
      }
      return records;
    },
  },
  {
    extract: 'spot-advisor.json',
    repository: 'alexei-led/spotinfo',
    commit: '05e933139449b888c78795b28af8e9370429a031',
    path: 'internal/spot/data/spot-advisor-data.json',
    published: '2025-06-28',
    license: 'Apache-2.0',
    what: 'the AWS Spot Instance Advisor feed (spot-advisor-data.json) as vendored by spotinfo: per region, OS and type, '
      + '`s` = savings over on-demand in whole percent and `r` = interruption-frequency band; rows kept: Linux, target EC2 types, target regions',
    cut: original => {
      const data = JSON.parse(original) as { ranges: unknown; spot_advisor: Record<string, { Linux?: Record<string, { s: number; r: number }> }> };
      const records: Record<string, unknown> = { ranges: data.ranges };
      for (const region of TARGET_REGIONS) {
        for (const type of EC2_TYPES) {
          const row = data.spot_advisor[region]?.Linux?.[type];
          if (row) records[`${region}|Linux|${type}`] = row;
        }
      }
      return records;
    },
  },
  {
    extract: 'litellm-bedrock.json',
    repository: 'Prajwalsrinvas/token-tariff',
    commit: 'dc2baf9d80f97138860483855433ff2936886b20',
    path: 'model_prices_and_context_window.json',
    published: '2026-08-01',
    license: 'MIT (token-tariff; the file is LiteLLM\'s model_prices_and_context_window.json, BerriAI/litellm, MIT)',
    what: 'LiteLLM\'s model price list, USD per token; rows kept: the target Bedrock models by base id and every '
      + 'cross-region inference profile id (us., eu., apac., jp., au., global.) of them; fields kept: the per-token '
      + 'prices and the provider',
    cut: original => {
      const data = JSON.parse(original) as Record<string, Record<string, unknown>>;
      const ids = new Set<string>();
      for (const model of TARGET_BEDROCK_MODELS) {
        ids.add(model);
        for (const prefix of BEDROCK_PROFILE_PREFIXES) ids.add(`${prefix}.${model}`);
      }
      const records: Record<string, unknown> = {};
      for (const id of [...ids].sort()) {
        const row = data[id];
        if (!row || !String(row.litellm_provider ?? '').startsWith('bedrock')) continue;
        const kept: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) {
          if (k === 'litellm_provider' || k === 'mode' || (/_cost/.test(k) && !/above_|_1hr|priority|flex/.test(k))) kept[k] = v;
        }
        records[id] = kept;
      }
      return records;
    },
  },
  {
    extract: 'genai-prices-aws.json',
    repository: 'npm:@pydantic/genai-prices@0.1.8 (pydantic/genai-prices)',
    commit: '0.1.8',
    path: 'dist/index.cjs',
    published: '2026-09-23',
    license: 'MIT',
    what: 'the `aws` (Bedrock) provider of @pydantic/genai-prices\' embedded price data, USD per million tokens; '
      + 'models kept: those whose id names a target model (base, regional. or global.)',
    cut: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const genai = require('@pydantic/genai-prices') as { findProvider(o: { providerId: string }): { models: Array<{ id: string; match: unknown; prices: unknown }> } };
      const models: unknown[] = [];
      const bases = TARGET_BEDROCK_MODELS.map(m => m.replace(/-v\d+(:\d+)?$/, '').replace(/-\d{8}$/, ''));
      for (const model of genai.findProvider({ providerId: 'aws' }).models) {
        const id = model.id.replace(/^(regional|global)\./, '');
        if (!bases.some(b => id.startsWith(b))) continue;
        models.push({ id: model.id, match: model.match, prices: model.prices });
      }
      // In the provider's order: the first model whose `match` accepts an id is the one genai-prices uses.
      return { models };
    },
  },
  ...(['lambda', 's3', 'cloudwatch'] as const).map((service): Pin => ({
    extract: `aws-price-watcher-${service}.json`,
    repository: 'iann0036/aws-price-watcher',
    commit: 'd65c44f0cbfbfc8bf647809576a504ecf1587e8d',
    path: `processed/${service}.json`,
    published: '2025-05-24',
    license: 'MIT',
    what: `AWS's meteredUnitMaps ${service} rates by rate name and location, USD; rows kept: the rates the cost report prices, in the target regions`,
    cut: original => {
      const data = JSON.parse(original) as Record<string, Record<string, string>>;
      const keep = BASIC_RATE_NAMES[service];
      const records: Record<string, unknown> = {};
      for (const name of keep) {
        const byLocation = data[name];
        if (!byLocation) throw new Error(`${service}: no rate '${name}'`);
        const kept: Record<string, string> = {};
        for (const [location, region] of Object.entries(LOCATION_REGIONS)) if (byLocation[location] !== undefined) kept[region] = byLocation[location];
        records[name] = kept;
      }
      return records;
    },
  })),
  ...(['lambda', 's3', 'cloudwatch', 'budgets', 'vpc'] as const).map((service): Pin => ({
    extract: `lamngockhuong-${service}.json`,
    repository: 'lamngockhuong/aws-price',
    commit: '508fb45296c89efe38772babd7ec766644629267',
    path: `lib/data/pricing/${service}-transformed.json`,
    published: '2025-11-04',
    license: 'MIT',
    what: `${service} rates transformed from AWS's public price files (attributes abbreviated by the transform); `
      + 'used only to re-confirm the aws-price-watcher rates; rows kept: the target regions, numbered in file order',
    cut: original => {
      const rows = JSON.parse(original) as Array<{ region: string; attributes: Record<string, string>; pricePerUnit: string; unit: string }>;
      const records: Record<string, unknown> = {};
      rows.forEach((row, index) => {
        if ((TARGET_REGIONS.includes(row.region) || row.region === 'any') && CONFIRMING_ROWS[service](row.attributes)) records[`${row.region}|${String(index).padStart(5, '0')}`] = { attributes: row.attributes, pricePerUnit: row.pricePerUnit, unit: row.unit };
      });
      return records;
    },
  })),
  {
    extract: 'fmbench-pricing.json',
    repository: 'aws-samples/foundation-model-benchmarking-tool',
    commit: '39ce6b9c3572bf620a60c288c5b473462c5bc2eb',
    path: 'fmbench/configs/pricing.yml',
    published: '2025-01-26',
    license: 'MIT-0',
    what: 'AWS sample code\'s SageMaker hosting prices (pricing.instance_based, USD per hour, us-east-1); rows kept: the ml. instance types',
    cut: original => {
      const records: Record<string, unknown> = {};
      let inInstanceBased = false;
      for (const line of original.split('\n')) {
        if (/^ {2}instance_based:/.test(line)) { inInstanceBased = true; continue; }
        if (/^ {2}\S/.test(line)) inInstanceBased = false;
        const m = /^ {4}(ml\.[a-z0-9.]+): ([0-9.]+)\s*$/.exec(line);
        if (inInstanceBased && m) records[m[1]] = m[2];
      }
      return records;
    },
  },
  {
    extract: 'agentcore-sagemaker-us-west-2.json',
    repository: 'Boise-State-Development/agentcore-public-stack',
    commit: '7ee608dc6b49a2c8d0aeb26fb7580d02a8433300',
    path: 'backend/src/apis/app_api/fine_tuning/pricing.py',
    // The file names no date; it is absent from the repository's history up to 2026-01-28 (the
    // newest commit of the snapshot fetched here), so it was published no earlier than that day.
    published: '2026-01-28',
    license: 'MIT',
    what: 'SageMaker Training and Batch Transform rates, us-west-2 on-demand USD per hour, which the file states it took from the AWS Price List API '
      + '(aws pricing get-products --service-code AmazonSageMaker, components Training and BatchTransform); rows kept: the target ml. types; '
      + 'published no earlier than 2026-01-28 (the file is absent from the repository up to that day); '
      + 'originalSha256 is of the file as the public code index stores it at that commit (6746 characters)',
    cut: original => ({
      ...pythonRates(original, 'TRAINING_COST_PER_HOUR', 'training'),
      ...pythonRates(original, 'TRANSFORM_COST_PER_HOUR', 'batch-transform'),
    }),
  },
  {
    extract: 'slm-platform-sagemaker-training.json',
    repository: 'aws-samples/sample-slm-finetuning-and-evaluation-platform',
    commit: 'df8e5635381c5ead68b9ba70013c4f0114df9027',
    path: 'backend/app/aws_config.py',
    published: '2026-06-19',
    license: 'MIT-0',
    what: 'AWS sample code\'s SageMaker Training rates, us-east-1 on-demand USD per hour (INSTANCE_HOURLY_USD); rows kept: only those the file marks '
      + '"us-east-1 Training, Pricing API" (verified 2026-06-19), of the target ml. types — its g5 rows, which it calls list-price estimates, are left out; '
      + 'originalSha256 is of the file as the public code index stores it at that commit (14026 characters)',
    cut: original => pythonRates(original, 'INSTANCE_HOURLY_USD', 'training', comment => /Pricing API/.test(comment)),
  },
];

/**
 * The request rates of the tiered inference path (API Gateway, SQS) and the dashboard charge,
 * from `v0rts/aws-price-watcher`: a fork of iann0036/aws-price-watcher whose history continues
 * the same bot's "Update data" commits past the 2025-05-24 pin above (that pin is an ancestor of
 * this commit), so its figures are younger than the price book's 18-month limit. `published` is
 * the date of the commit that last changed each file.
 */
const PRICE_WATCHER_FORK = { repository: 'v0rts/aws-price-watcher', commit: 'c4a0470f63402104fb3793bb114a39e488eb04ec' };

/** The rate names kept per file; the dashboard rate has the location `Any` (one price everywhere). */
const REQUEST_RATE_NAMES: Readonly<Record<'apigateway' | 'queueservice' | 'cloudwatch', { published: string; rates: readonly string[] }>> = {
  apigateway: { published: '2025-10-20', rates: ['API Calls Number of up to 333 million', 'ApiGatewayHttpApi First 300 million'] },
  queueservice: { published: '2025-08-28', rates: ['Standard per Requests', 'FIFO first-in first-out per Requests'] },
  cloudwatch: { published: '2025-11-06', rates: ['Dashboard Basic Dashboard'] },
};

const REQUEST_RATE_PINS: readonly Pin[] = (['apigateway', 'queueservice', 'cloudwatch'] as const).map((service): Pin => ({
  extract: `price-watcher-fork-${service}.json`,
  repository: PRICE_WATCHER_FORK.repository,
  commit: PRICE_WATCHER_FORK.commit,
  path: `processed/${service}.json`,
  published: REQUEST_RATE_NAMES[service].published,
  license: 'MIT',
  what: `AWS's meteredUnitMaps ${service} rates by rate name and location, USD (aws-price-watcher's bot, continued in the fork); `
    + `rows kept: ${REQUEST_RATE_NAMES[service].rates.map(r => `'${r}'`).join(', ')} in the target regions (and the location 'Any')`,
  cut: original => {
    const data = JSON.parse(original) as Record<string, Record<string, string>>;
    const records: Record<string, unknown> = {};
    for (const name of REQUEST_RATE_NAMES[service].rates) {
      const byLocation = data[name];
      if (!byLocation) throw new Error(`${service}: no rate '${name}'`);
      const kept: Record<string, string> = {};
      for (const [location, region] of Object.entries({ ...LOCATION_REGIONS, Any: 'Any' })) if (byLocation[location] !== undefined) kept[region] = byLocation[location];
      records[name] = kept;
    }
    return records;
  },
}));

/**
 * The `"ml.<type>": <rate>,` lines of a Python dict literal `<name>: ... = {`, keyed `<usage>|<type>`,
 * for the target SageMaker types. With `keep`, only the lines under a comment block that passes it.
 */
function pythonRates(original: string, name: string, usage: string, keep?: (comment: string) => boolean): Record<string, string> {
  const records: Record<string, string> = {};
  let inDict = false;
  let comment = '';
  let commentDone = true;
  for (const line of original.split('\n')) {
    if (!inDict) { inDict = line.startsWith(`${name}:`) && line.trimEnd().endsWith('{'); continue; }
    if (line.startsWith('}')) break;
    const c = /^\s*#(.*)$/.exec(line);
    if (c) { comment = commentDone ? c[1] : `${comment} ${c[1]}`; commentDone = false; continue; }
    commentDone = true;
    const m = /^\s*"(ml\.[a-z0-9.]+)": ([0-9.]+),\s*$/.exec(line);
    if (m && TARGET_SAGEMAKER_INSTANCE_TYPES.includes(m[1]) && (!keep || keep(comment))) records[`${usage}|${m[1]}`] = m[2];
  }
  if (Object.keys(records).length === 0) throw new Error(`no rates found in ${name}`);
  return records;
}

/** The meteredUnitMaps rate names the basics of the report use. */
const BASIC_RATE_NAMES: Readonly<Record<'lambda' | 's3' | 'cloudwatch', readonly string[]>> = {
  lambda: ['Lambda Duration', 'Lambda Duration-ARM', 'Lambda Requests'],
  s3: ['Standard Storage First 50 TB per GB Mo', 'PUT COPY/POST or LIST requests per Requests', 'GET and all other requests per Requests'],
  cloudwatch: ['Alarm Standard', 'Metric for the first 10000', 'Logs Collected Data Ingestion', 'Stored Data'],
};

/** The rows of lamngockhuong's lossy transforms that can re-confirm a basic rate: the same kind of charge. */
const CONFIRMING_ROWS: Readonly<Record<'lambda' | 's3' | 'cloudwatch' | 'budgets' | 'vpc', (a: Record<string, string>) => boolean>> = {
  budgets: a => a.feature === 'Budget',
  vpc: a => a.usageType === 'Compute' && a.feature === 'Hourly',
  lambda: a => a.usageType === 'Compute' || a.usageType === 'Requests',
  s3: a => (a.storageClass === 'Standard' && a.usageType === 'Storage') || (!a.storageClass && (a.requestType === 'PUT' || a.requestType === 'GET')),
  cloudwatch: a => ['Alarm', 'Metric', 'Logs', 'Stored'].includes(a.feature),
};

/** AWS pricing location names of the target regions. */
export const LOCATION_REGIONS: Readonly<Record<string, string>> = {
  'US East (N. Virginia)': 'us-east-1',
  'US East (Ohio)': 'us-east-2',
  'US West (Oregon)': 'us-west-2',
  'EU (Ireland)': 'eu-west-1',
  'EU (Frankfurt)': 'eu-central-1',
  'EU (London)': 'eu-west-2',
  'Asia Pacific (Tokyo)': 'ap-northeast-1',
  'Asia Pacific (Singapore)': 'ap-southeast-1',
  'Asia Pacific (Sydney)': 'ap-southeast-2',
  'Asia Pacific (Mumbai)': 'ap-south-1',
};

/** Extracts kept by hand, whose records each name their own origin; the tool only refreshes their hash. */
const HAND_EXTRACTS: ReadonlyArray<Omit<SourceManifestEntry, 'extractSha256'>> = [
  {
    extract: 'carried-over.json',
    origin: 'the hand-typed entries of lib/pricing/data/snapshot.json before issue 14 whose own source is a file at a commit or a dated AWS page; each record names that origin',
    url: 'each record\'s origin',
    published: '2026-11-22',
    fetched: EXTRACT_FETCH_DATE,
    license: 'facts quoted from each origin (AWS price files, AWS News Blog, infracost Apache-2.0, aws-price-watcher MIT)',
    what: 'ELB, KMS, SNS, Step Functions, Budgets, public IPv4, NAT gateway (us-east-1, eu-west-1) and EBS gp2/gp3 (us-east-1) rates; '
      + 'originals not re-fetched here, so no original hash; the commits of aws-price-watcher are abbreviated as the old book cited them',
  },
  {
    extract: 'confirmations.json',
    origin: 'dated public pages that state a figure of an entry older than 18 months; each record names its page',
    url: 'each record\'s source',
    published: '2025-10-01',
    fetched: EXTRACT_FETCH_DATE,
    license: 'facts quoted from each page',
    what: 'one record per re-confirmed entry (service|usage|region|sku): date, page, quote and how close it is',
  },
];

/**
 * Cuts the extracts named in `only` (every pinned extract when empty) and merges their records
 * into the manifest, leaving the other records as they are.
 */
function main(originals: string, only: readonly string[]): void {
  const entries: SourceManifestEntry[] = [];
  for (const pin of [...PINS, ...REQUEST_RATE_PINS].filter(p => only.length === 0 || only.includes(p.extract))) {
    const dir = pin.repository.startsWith('npm:') ? 'npm+@pydantic+genai-prices' : pin.repository.replace('/', '+');
    const originalFile = path.join(originals, dir, pin.path);
    const original = fs.readFileSync(originalFile, 'utf-8');
    const extractFile = path.join(SOURCES_DIR, pin.extract);
    fs.writeFileSync(extractFile, stableJson({ extract: pin.extract, records: pin.cut(original) }));
    const origin = pin.repository.startsWith('npm:') ? `${pin.repository}:${pin.path}` : `${pin.repository}@${pin.commit}:${pin.path}`;
    entries.push({
      extract: pin.extract,
      origin,
      url: pin.repository.startsWith('npm:')
        ? 'https://www.npmjs.com/package/@pydantic/genai-prices/v/0.1.8'
        : `https://github.com/${pin.repository}/blob/${pin.commit}/${pin.path}`,
      published: pin.published,
      fetched: EXTRACT_FETCH_DATE,
      originalSha256: crypto.createHash('sha256').update(fs.readFileSync(originalFile)).digest('hex'),
      extractSha256: sha256OfFile(extractFile),
      license: pin.license,
      what: pin.what,
    });
  }
  const handWithHash = only.length === 0 ? HAND_EXTRACTS.map(e => ({ ...e, extractSha256: sha256OfFile(path.join(SOURCES_DIR, e.extract)) })) : [];
  const cut = new Set([...entries, ...handWithHash].map(e => e.extract));
  const kept = only.length === 0 ? [] : readManifest().extracts.filter(e => !cut.has(e.extract));
  const manifest: SourceManifest = { extracts: [...kept, ...entries, ...handWithHash].sort((a, b) => (a.extract < b.extract ? -1 : 1)) };
  fs.writeFileSync(path.join(SOURCES_DIR, 'manifest.json'), stableJson(manifest));
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npx tsx lib/pricing/build/extract-sources.ts <originals-dir> [<extract file name> ...]\n');
    process.exit(2);
  }
  main(dir, process.argv.slice(3));
}
