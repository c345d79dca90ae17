import * as fs from 'fs';
import * as path from 'path';
import { BEDROCK_BATCH_RULE, SPOT_ADVISOR_RULE, buildSnapshot, isFresh, monthsBefore, renderSnapshot, SNAPSHOT_FILE } from '../../lib/pricing/build/build-snapshot';
import { SOURCES_DIR, readExtract, readManifest, sha256OfFile } from '../../lib/pricing/build/source-files';
import { PriceBookFile } from '../../lib/pricing/price-book';
import { PriceEntry, PriceService, PriceUsage } from '../../lib/pricing/price-entry';

const committed = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf-8')) as PriceBookFile;
const keyOf = (e: PriceEntry) => `${e.service}|${e.usage}|${e.region}|${e.sku}`;
const find = (service: string, usage: string, region: string, sku: string) =>
  committed.entries.find(e => e.service === service && e.usage === usage && e.region === region && e.sku === sku);

describe('npm run prices:build', () => {
  test('the committed snapshot is what the build writes from the committed extracts', () => {
    // WHEN building from lib/pricing/sources/
    const built = renderSnapshot(buildSnapshot());
    // THEN it is byte for byte the committed file (run `npm run prices:build` after changing an extract)
    expect(built === fs.readFileSync(SNAPSHOT_FILE, 'utf-8')).toBe(true);
  });

  test('is deterministic: two builds give the same bytes', () => {
    expect(renderSnapshot(buildSnapshot())).toBe(renderSnapshot(buildSnapshot()));
  });
});

describe('the source extracts', () => {
  const manifest = readManifest();

  test('every extract is in the manifest with its hash, origin, dates and license, and nothing else is in the folder', () => {
    const files = fs.readdirSync(SOURCES_DIR).filter(f => f !== 'manifest.json').sort();
    expect(manifest.extracts.map(e => e.extract).sort()).toEqual(files);
    for (const e of manifest.extracts) {
      expect(`${e.extract} ${sha256OfFile(path.join(SOURCES_DIR, e.extract))}`).toBe(`${e.extract} ${e.extractSha256}`);
      expect(e.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.fetched).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.license.length).toBeGreaterThan(2);
      expect(e.what.length).toBeGreaterThan(20);
      if (e.originalSha256 !== undefined) expect(e.originalSha256).toMatch(/^[0-9a-f]{64}$/);
      // A repository origin is pinned by its full commit.
      if (/^[\w.-]+\/[\w.-]+@/.test(e.origin)) expect(e.origin).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}:\S+$/);
    }
  });

  test('every pinned extract (one origin file) records the original file\'s hash', () => {
    const pinned = manifest.extracts.filter(e => /^[\w.-]+\/[\w.-]+@|^npm:/.test(e.origin));
    expect(pinned.length).toBeGreaterThanOrEqual(10);
    for (const e of pinned) expect(`${e.extract} ${e.originalSha256 ?? 'none'}`).toMatch(/ [0-9a-f]{64}$/);
  });
});

describe('the embedded snapshot', () => {
  test('every entry names an extract of the package and a key that exists in it', () => {
    const problems: string[] = [];
    for (const e of committed.entries) {
      const m = /^lib\/pricing\/sources\/([\w.-]+\.json)#(.+?) \(/.exec(e.source);
      if (!m) { problems.push(`${keyOf(e)}: source does not name an extract: ${e.source}`); continue; }
      const [, file, key] = m;
      const records = readExtract<Record<string, unknown>>(file).records as Record<string, unknown>;
      const genai = /^models\[id=(.+)\]\.prices\.(\w+)$/.exec(key);
      const ok = genai
        ? (records.models as Array<{ id: string }>).some(model => model.id === genai[1])
        : records[key] !== undefined
          || (() => {
            // `<id>.<field>` (LiteLLM) and `<rate>.<region>` (meteredUnitMaps) name a field of a record.
            const dot = key.lastIndexOf('.');
            const record = records[key.slice(0, dot)] as Record<string, unknown> | undefined;
            return record !== undefined && record[key.slice(dot + 1)] !== undefined;
          })();
      if (!ok) problems.push(`${keyOf(e)}: ${file} has no key '${key}'`);
    }
    expect(problems).toEqual([]);
  });

  test('no entry cites a file outside the package or an identifier a reader cannot open', () => {
    const bad = committed.entries.filter(e => /reference-prices\.csv|search index|find_string|index id/i.test(`${e.source} ${e.note ?? ''} ${e.confirmed?.source ?? ''}`));
    expect(bad.map(keyOf)).toEqual([]);
  });

  test('every date is a full ISO date', () => {
    for (const e of committed.entries) {
      expect(`${keyOf(e)} ${e.date}`).toMatch(/ \d{4}-\d{2}-\d{2}$/);
      if (e.confirmed) expect(`${keyOf(e)} ${e.confirmed.date}`).toMatch(/ \d{4}-\d{2}-\d{2}$/);
    }
    expect(committed.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('fails when an entry is older than 18 months, unless it is re-confirmed by a later source', () => {
    // GIVEN the limit: 18 months before the snapshot's date
    const limit = monthsBefore(committed.date, 18);
    // THEN every entry is younger, or carries a confirmation younger than the limit, with its source
    const stale = committed.entries.filter(e => !isFresh(e, committed.date)).map(e => `${keyOf(e)} ${e.date}`);
    expect({ limit, stale }).toEqual({ limit, stale: [] });
    for (const e of committed.entries.filter(x => x.date < limit)) expect(e.confirmed?.source.length).toBeGreaterThan(10);
  });

  test('the age rule counts months: 18 months before 2026-12-01 is 2025-06-01', () => {
    expect(monthsBefore('2026-12-01', 18)).toBe('2025-06-01');
    expect(isFresh({ date: '2025-05-31' }, '2026-12-01')).toBe(false);
    expect(isFresh({ date: '2025-05-31', confirmed: { date: '2025-11-04', source: 'x' } }, '2026-12-01')).toBe(true);
    expect(isFresh({ date: '2025-06-01' }, '2026-12-01')).toBe(true);
  });

  test('Spot entries are per instance type and region, marked derived with the advisor rule; no family entries', () => {
    const spot = committed.entries.filter(e => e.usage === PriceUsage.SPOT_DISCOUNT);
    expect(spot.length).toBeGreaterThan(200);
    for (const e of spot) {
      expect(e.derived).toBe(SPOT_ADVISOR_RULE);
      expect(`${e.sku}`).toMatch(/^[a-z0-9-]+\.[a-z0-9]+$/);
      expect(e.priceUsd).toBeGreaterThan(0);
      expect(e.priceUsd).toBeLessThan(1);
    }
    // The advisor's figure varies within a family: g5.xlarge and g5.12xlarge in us-east-1 differ.
    expect(find('EC2', 'spot-discount', 'us-east-1', 'g5.xlarge')?.priceUsd).not.toBe(find('EC2', 'spot-discount', 'us-east-1', 'g5.12xlarge')?.priceUsd);
  });

  test('Llama 3.1 70B on demand is $0.72 per 1M tokens, base id and us. profile', () => {
    for (const sku of ['meta.llama3-1-70b-instruct-v1:0', 'us.meta.llama3-1-70b-instruct-v1:0']) {
      for (const usage of ['on-demand-input-tokens', 'on-demand-output-tokens']) {
        expect(`${sku} ${usage} ${find('Bedrock', usage, 'us-east-1', sku)?.priceUsd}`).toBe(`${sku} ${usage} 0.72`);
      }
    }
  });

  test('Bedrock batch entries are stated by the source or marked derived at 50% of on-demand', () => {
    const batch = committed.entries.filter(e => e.service === PriceService.BEDROCK && e.usage.startsWith('batch-'));
    expect(batch.length).toBeGreaterThan(0);
    for (const e of batch) {
      const onDemand = find('Bedrock', e.usage.replace('batch-', 'on-demand-'), e.region, e.sku)!;
      if (e.source.includes('_batches')) {
        expect(e.derived ?? '').not.toContain('batch = 50%');
      } else {
        expect(`${keyOf(e)} ${e.derived}`).toContain(BEDROCK_BATCH_RULE);
        expect(e.priceUsd).toBeCloseTo(onDemand.priceUsd / 2, 10);
      }
    }
  });

  test('Bedrock is keyed by what users invoke: base ids and us./eu./apac./global. profile ids, with cache prices', () => {
    expect(find('Bedrock', 'on-demand-input-tokens', 'us-east-1', 'anthropic.claude-sonnet-4-5-20250929-v1:0')).toBeDefined();
    expect(find('Bedrock', 'on-demand-input-tokens', 'us-east-1', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBeDefined();
    expect(find('Bedrock', 'on-demand-input-tokens', 'eu-central-1', 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBeDefined();
    expect(find('Bedrock', 'on-demand-input-tokens', 'ap-southeast-1', 'apac.amazon.nova-pro-v1:0')).toBeDefined();
    // A global profile is priced on its own: Claude Sonnet 4.5 costs less through global. than in-region.
    const global = find('Bedrock', 'on-demand-input-tokens', 'us-east-1', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0')!;
    const regional = find('Bedrock', 'on-demand-input-tokens', 'us-east-1', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')!;
    expect(global.priceUsd).toBeLessThan(regional.priceUsd);
    expect(find('Bedrock', 'on-demand-cache-read-tokens', 'us-east-1', 'anthropic.claude-sonnet-4-5-20250929-v1:0')?.priceUsd).toBeGreaterThan(0);
    expect(find('Bedrock', 'on-demand-cache-write-tokens', 'us-east-1', 'anthropic.claude-sonnet-4-5-20250929-v1:0')?.priceUsd).toBeGreaterThan(0);
    // A geography's profile is not offered outside it.
    expect(committed.entries.some(e => e.sku.startsWith('eu.') && !e.region.startsWith('eu-'))).toBe(false);
  });

  test('no SageMaker price comes from an EC2 source, and none is derived', () => {
    for (const e of committed.entries.filter(x => x.service === PriceService.SAGEMAKER)) {
      expect(e.source).not.toMatch(/ec2|spot-advisor/i);
      expect(e.derived).toBeUndefined();
    }
  });

  test('EC2 on-demand prices match an independent sample (vantage ec2instances data in tsaol/aws-gpu@7412fd2, 2025-11-30)', () => {
    // Cross-check recorded when the extract was cut: the same figure from a second transform of AWS's files.
    const sample: Array<[string, string, number]> = [
      ['us-east-1', 'g5.xlarge', 1.006], ['eu-central-1', 'g5.xlarge', 1.258], ['us-east-1', 'g6e.2xlarge', 2.24208],
      ['us-east-1', 'p5.48xlarge', 55.04], ['us-east-1', 'inf2.xlarge', 0.7582], ['ap-northeast-1', 'g5.xlarge', 1.459],
    ];
    for (const [region, sku, price] of sample) expect(`${region} ${sku} ${find('EC2', 'on-demand-linux', region, sku)?.priceUsd}`).toBe(`${region} ${sku} ${price}`);
  });
});
