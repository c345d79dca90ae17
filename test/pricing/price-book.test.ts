import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PriceBook, PriceBookFile, PriceEntry } from '../../lib';
import { PRICE_USAGES_BY_SERVICE, PriceBookKind, PriceService, PriceUsage } from '../../lib/pricing/price-entry';
import { instanceFamily } from '../../lib/pricing/price-book';
import { renderCoverage } from '../../lib/pricing/coverage';

const SNAPSHOT_FILE = path.join(__dirname, '..', '..', 'lib', 'pricing', 'data', 'snapshot.json');
const keyOf = (e: PriceEntry) => `${e.service}|${e.usage}|${e.region}|${e.sku}`;

function bookOf(entries: PriceEntry[], kind: PriceBookKind.SNAPSHOT | PriceBookKind.CACHE = PriceBookKind.SNAPSHOT): PriceBook {
  return new PriceBook({ schemaVersion: 1, kind, date: '2026-11-22', entries });
}

function entry(partial: Partial<PriceEntry>): PriceEntry {
  return {
    service: PriceService.EC2, usage: PriceUsage.SPOT_DISCOUNT, region: 'us-east-1', sku: 'g5.xlarge', unit: 'fraction', priceUsd: 0.5,
    source: 'test fixture', date: '2026-11-22', ...partial,
  };
}

describe('PriceBook lookup', () => {
  test('finds a SageMaker hosting price with its source and date', () => {
    // GIVEN the embedded snapshot
    const book = PriceBook.snapshot();
    // WHEN looking up ml.g5.xlarge real-time hosting in us-east-1
    const found = book.lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlarge' });
    // THEN the entry is the fmbench figure, per instance-hour
    expect(found.found).toBe(true);
    if (!found.entry) return;
    expect(found.entry.priceUsd).toBe(1.4084);
    expect(found.entry.unit).toBe('instance-hour');
    expect(found.entry.source).toContain('foundation-model-benchmarking-tool');
    expect(found.entry.date).toBe('2025-01-26');
  });

  test('an unknown SKU gets a reason and close matches (ml.g5.xlage → ml.g5.xlarge)', () => {
    const book = PriceBook.snapshot();
    const found = book.lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlage' });
    expect(found.found).toBe(false);
    if (found.entry) return;
    expect(found.suggestions![0]).toBe('ml.g5.xlarge');
    expect(found.reason).toContain("did you mean 'ml.g5.xlarge'");
    expect(found.reason).toContain("'ml.g5.xlage'");
    expect(found.pricedInRegions).toEqual([]);
  });

  test('a SKU priced only in other regions says where', () => {
    // GIVEN trn1.2xlarge is in the book for the three US regions AWS offers it in, not eu-west-1
    const book = PriceBook.snapshot();
    const found = book.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'eu-west-1', sku: 'trn1.2xlarge' });
    expect(found.found).toBe(false);
    if (found.entry) return;
    expect(found.pricedInRegions).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(found.reason).toBe("no EC2 on-demand-linux price for 'trn1.2xlarge' in eu-west-1 in the price book (priced in: us-east-1, us-east-2, us-west-2)");
  });

  test('a SageMaker price the book lacks names `cdk-cost prices refresh` as the fix', () => {
    const found = PriceBook.snapshot().lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.NOTEBOOK, region: 'eu-west-1', sku: 'ml.p5.48xlarge' });
    expect(found.found).toBe(false);
    if (found.found) return;
    expect(found.reason).toBe("no SageMaker notebook price for 'ml.p5.48xlarge' in the price book (no citable public figure; " +
      "`cdk-cost prices refresh --region eu-west-1` fetches it from AWS's public price list)");
  });

  test('SageMaker training and batch transform rates come from extracts that cite AWS\'s Price List API, per usage and region', () => {
    // GIVEN the embedded snapshot
    const book = PriceBook.snapshot();
    const at = (usage: PriceUsage, region: string, sku: string) => book.lookup({ service: PriceService.SAGEMAKER, usage, region, sku });
    // WHEN looking up ml.g6.xlarge in us-west-2, whose training and transform rates differ in AWS's price list
    const training = at(PriceUsage.TRAINING, 'us-west-2', 'ml.g6.xlarge');
    const transform = at(PriceUsage.BATCH_TRANSFORM, 'us-west-2', 'ml.g6.xlarge');
    // THEN each usage has its own stated figure and source
    expect(training.found && transform.found).toBe(true);
    if (!training.entry || !transform.entry) return;
    expect(training.entry.priceUsd).toBe(1.127);
    expect(transform.entry.priceUsd).toBe(1.1267);
    expect(training.entry.source).toBe('lib/pricing/sources/agentcore-sagemaker-us-west-2.json#training|ml.g6.xlarge (Boise-State-Development/agentcore-public-stack)');
    expect(training.entry.derived).toBeUndefined();
    // AND us-east-1 training of g6e comes from the AWS sample, dated 2026-06-19
    const g6e = at(PriceUsage.TRAINING, 'us-east-1', 'ml.g6e.xlarge');
    expect(g6e.entry?.priceUsd).toBe(2.61);
    expect(g6e.entry?.date).toBe('2026-06-19');
    // AND no training rate stands in for hosting, and no region for another
    expect(at(PriceUsage.HOSTING, 'us-west-2', 'ml.g6.xlarge').found).toBe(false);
    expect(at(PriceUsage.TRAINING, 'us-east-1', 'ml.g6.xlarge').found).toBe(false);
    // AND the sample's g5 rows, which it calls list-price estimates, are not in the book
    expect(at(PriceUsage.TRAINING, 'us-east-1', 'ml.g5.2xlarge').found).toBe(false);
  });

  test('SageMaker and EC2 prices of the same hardware are different entries', () => {
    const book = PriceBook.snapshot();
    const sm = book.lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlarge' });
    const ec2 = book.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'us-east-1', sku: 'g5.xlarge' });
    expect(sm.found && ec2.found).toBe(true);
    if (!sm.entry || !ec2.entry) return;
    expect(ec2.entry.priceUsd).toBe(1.006);
    expect(sm.entry.priceUsd).not.toBe(ec2.entry.priceUsd);
  });
});

describe('PriceBook spot discount', () => {
  test('uses the entry for the instance type when there is one', () => {
    const book = bookOf([entry({ sku: 'g5.xlarge', priceUsd: 0.56 }), entry({ sku: 'g5', priceUsd: 0.4 })]);
    const spot = book.spotDiscount(PriceService.EC2, 'us-east-1', 'g5.xlarge');
    expect(spot.entry?.sku).toBe('g5.xlarge');
    expect(spot.entry?.priceUsd).toBe(0.56);
  });

  test('does not fall back to a family entry (g5, ml.g5) or another size', () => {
    // GIVEN only family entries and another size
    const book = bookOf([
      entry({ sku: 'g5', priceUsd: 0.4 }),
      entry({ sku: 'g5.xlarge', priceUsd: 0.56 }),
      entry({ service: PriceService.SAGEMAKER, sku: 'ml.g5', priceUsd: 0.7 }),
    ]);
    // THEN a type without its own entry has no discount: within a family the figure varies by 20-55 points
    expect(book.spotDiscount(PriceService.EC2, 'us-east-1', 'g5.12xlarge').found).toBe(false);
    expect(book.spotDiscount(PriceService.SAGEMAKER, 'us-east-1', 'ml.g5.2xlarge').found).toBe(false);
    expect(instanceFamily('ml.g5.2xlarge')).toBe('ml.g5');
  });

  test('says so when the type has no discount in the region', () => {
    const spot = PriceBook.snapshot().spotDiscount(PriceService.EC2, 'eu-west-1', 'g6e.xlarge');
    expect(spot.found).toBe(false);
    if (spot.entry) return;
    expect(spot.reason).toBe("no estimated EC2 Spot discount for 'g6e.xlarge' in eu-west-1 in the price book");
  });

  test('the snapshot has the Spot Instance Advisor figure for g5.xlarge in us-east-1, marked derived', () => {
    const spot = PriceBook.snapshot().spotDiscount(PriceService.EC2, 'us-east-1', 'g5.xlarge');
    expect(spot.entry?.priceUsd).toBe(0.59);
    expect(spot.entry?.unit).toBe('fraction');
    expect(spot.entry?.source).toBe('lib/pricing/sources/spot-advisor.json#us-east-1|Linux|g5.xlarge (alexei-led/spotinfo)');
    expect(spot.entry?.derived).toContain('savings over On-Demand');
  });
});

describe('the embedded snapshot', () => {
  const file: PriceBookFile = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf-8'));

  test('is a schemaVersion 1 snapshot dated 2026-12-01', () => {
    expect(file.schemaVersion).toBe(1);
    expect(file.kind).toBe('snapshot');
    expect(file.date).toBe('2026-12-01');
  });

  test('every entry has a source, a date, a positive price and a known service and usage', () => {
    const problems: string[] = [];
    for (const e of file.entries) {
      const k = keyOf(e);
      if (!e.source || e.source.trim().length < 10) problems.push(`${k}: no source`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date)) problems.push(`${k}: date '${e.date}' is not YYYY-MM-DD`);
      if (!(typeof e.priceUsd === 'number' && Number.isFinite(e.priceUsd) && e.priceUsd > 0)) problems.push(`${k}: price ${e.priceUsd}`);
      if (!e.unit) problems.push(`${k}: no unit`);
      const usages = PRICE_USAGES_BY_SERVICE[e.service];
      if (!usages) problems.push(`${k}: unknown service`);
      else if (!usages.includes(e.usage)) problems.push(`${k}: usage ${e.usage} is not one of ${e.service}'s`);
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(e.region)) problems.push(`${k}: region '${e.region}'`);
    }
    expect(problems).toEqual([]);
  });

  test('units follow the conventions: instance-hour for instances, GB-month for EBS storage, 1M tokens for Bedrock, a fraction for discounts', () => {
    for (const e of file.entries) {
      if (e.usage.startsWith('ebs-')) {
        expect(`${keyOf(e)} ${e.unit}`).toBe(`${keyOf(e)} GB-month`);
        expect(`${e.usage}`).toBe(`ebs-${e.sku}-gb-month`);
      } else if (e.usage === PriceUsage.SPOT_DISCOUNT) {
        expect(`${keyOf(e)} ${e.unit}`).toBe(`${keyOf(e)} fraction`);
        expect(e.priceUsd).toBeLessThan(1);
      } else if (e.service === PriceService.BEDROCK) {
        expect(`${keyOf(e)} ${e.unit}`).toBe(`${keyOf(e)} 1M tokens`);
      } else if (e.service === PriceService.EC2 || (e.service === PriceService.SAGEMAKER && !e.usage.startsWith('serverless'))) {
        expect(`${keyOf(e)} ${e.unit}`).toBe(`${keyOf(e)} instance-hour`);
      }
    }
  });

  test('has no duplicate keys and is sorted by service|usage|region|sku', () => {
    const keys = file.entries.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort());
  });

  test('has no P4d/P5 price from before the June 2025 price cut', () => {
    // The cut took effect in June 2025; pre-cut on-demand figures were EC2 p4d.24xlarge $32.7726,
    // p5.48xlarge $98.32 and SageMaker ml.p4d.24xlarge $37.688, ml.p5.48xlarge $113.068 (us-east-1).
    const preCut: Record<string, number> = {
      'p4d.24xlarge': 32.7726, 'p5.48xlarge': 98.32, 'ml.p4d.24xlarge': 37.688, 'ml.p5.48xlarge': 113.068,
    };
    const pFamilies = file.entries.filter(e => /^(ml\.)?p(4d|4de|5|5e|5en)\./.test(e.sku) && e.usage !== PriceUsage.SPOT_DISCOUNT);
    expect(pFamilies.length).toBeGreaterThan(0);
    for (const e of pFamilies) {
      expect(`${keyOf(e)} ${e.date.slice(0, 7) >= '2025-06'}`).toBe(`${keyOf(e)} true`);
      if (preCut[e.sku] !== undefined) expect(e.priceUsd).toBeLessThan(preCut[e.sku]);
    }
  });

  test('covers us-east-1, us-west-2 and eu-west-1', () => {
    const book = PriceBook.snapshot();
    expect(book.regions).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-west-1']));
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      expect(book.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region, sku: 'g5.xlarge' }).found).toBe(true);
      expect(book.lookup({ service: PriceService.ELB, usage: PriceUsage.ALB_HOUR, region, sku: 'application' }).found).toBe(true);
      expect(book.lookup({ service: PriceService.KMS, usage: PriceUsage.KEY_MONTH, region, sku: 'customer-managed-key' }).found).toBe(true);
    }
  });
});

describe('PriceBook.load with a cache file', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'price-cache-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  test('layers the cache over the snapshot and says the origin is the cache', () => {
    // GIVEN a cache that reprices ml.g5.xlarge hosting in us-east-1 and adds a us-west-2 price
    const cacheFile = path.join(dir, 'prices.json');
    const cache: PriceBookFile = {
      schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-12-01', entries: [
        { service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlarge', unit: 'instance-hour', priceUsd: 1.5,
          source: 'AWS Price List API GetProducts AmazonSageMaker sku TESTSKU1', date: '2026-12-01' },
        { service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-west-2', sku: 'ml.g5.xlarge', unit: 'instance-hour', priceUsd: 1.6,
          source: 'AWS Price List API GetProducts AmazonSageMaker sku TESTSKU2', date: '2026-12-01' },
      ],
    };
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
    // WHEN loading the book
    const book = PriceBook.load(cacheFile);
    // THEN cache entries win, snapshot entries remain, and the origin names the cache
    expect(book.origin.source).toBe('cache');
    expect(book.origin.date).toBe('2026-12-01');
    expect(book.origin.cacheFile).toBe(path.relative(process.cwd(), cacheFile));
    const use1 = book.lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlarge' });
    expect(use1.entry?.priceUsd).toBe(1.5);
    const usw2 = book.lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-west-2', sku: 'ml.g5.xlarge' });
    expect(usw2.entry?.source).toBe('AWS Price List API GetProducts AmazonSageMaker sku TESTSKU2');
    const ec2 = book.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'us-east-1', sku: 'g5.xlarge' });
    expect(ec2.entry?.priceUsd).toBe(1.006);
    expect(book.entries.length).toBe(PriceBook.snapshot().entries.length + 1);
  });

  test('without a cache file the book is the snapshot', () => {
    const book = PriceBook.load(path.join(dir, 'missing.json'));
    expect(book).toBe(PriceBook.snapshot());
    expect(book.origin).toEqual({ source: PriceBookKind.SNAPSHOT, date: '2026-12-01' });
  });

  test('fails when the cache file is not of kind cache', () => {
    const cacheFile = path.join(dir, 'prices.json');
    fs.writeFileSync(cacheFile, JSON.stringify({ schemaVersion: 1, kind: PriceBookKind.SNAPSHOT, date: '2026-12-01', entries: [] }));
    expect(() => PriceBook.load(cacheFile)).toThrow(`Price cache ${cacheFile} has kind 'snapshot', expected 'cache'`);
  });

  test('fails when the cache file is not JSON', () => {
    const cacheFile = path.join(dir, 'prices.json');
    fs.writeFileSync(cacheFile, 'not json');
    expect(() => PriceBook.load(cacheFile)).toThrow(`Cannot read price book file ${cacheFile}`);
  });
});

describe('reading a price cache', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'price-cache-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const good = (partial: Record<string, unknown> = {}) => ({
    service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'us-east-1', sku: 'g5.xlarge', unit: 'instance-hour', priceUsd: 1.006,
    source: 'AWS Price List bulk file AmazonEC2/20261201000000/us-east-1/index.csv SKU TEST rate code TEST.JRTCKXETXF.6YS6EN2CT7', date: '2026-12-01', ...partial,
  });
  const write = (entries: unknown[]) => {
    const file = path.join(dir, 'prices.json');
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-12-01', entries }));
    return file;
  };

  test('fails when an entry has no finite priceUsd, naming the file and the entry', () => {
    // GIVEN a cache whose second entry has a null price (the kind of entry that used to price a line "priced: true" at null)
    const file = write([good(), good({ sku: 'g5.2xlarge', priceUsd: null })]);
    // WHEN / THEN
    expect(() => PriceBook.load(file)).toThrow(`Price book file ${file} has 1 unusable entry`);
    expect(() => PriceBook.load(file)).toThrow('entry 1 (EC2|on-demand-linux|us-east-1|g5.2xlarge): priceUsd must be a finite number of at least 0, got: null');
  });

  test('fails on an unknown usage, an unknown service and a bad date, listing every bad entry', () => {
    const file = write([
      good({ usage: PriceUsage.HOSTING }),
      good({ service: 'Nope' }),
      good({ date: '2026' }),
      good({ date: '2026-02-30' }),
      good(),
    ]);
    let message = '';
    try { PriceBook.load(file); } catch (e) { message = (e as Error).message; }
    expect(message).toContain('has 4 unusable entries');
    expect(message).toContain("entry 0 (EC2|hosting|us-east-1|g5.xlarge): usage must be one of EC2's (");
    expect(message).toContain('entry 1 (Nope|on-demand-linux|us-east-1|g5.xlarge): service must be one of SageMaker, EC2');
    expect(message).toContain('entry 2 (EC2|on-demand-linux|us-east-1|g5.xlarge): date must be an ISO date (YYYY-MM-DD), got: "2026"');
    expect(message).toContain('entry 3 (EC2|on-demand-linux|us-east-1|g5.xlarge): date must be an ISO date (YYYY-MM-DD), got: "2026-02-30"');
    expect(message).not.toContain('entry 4');
  });

  test('fails on a Spot discount of 1 or more, and on an unknown unit for it', () => {
    const file = write([good({ usage: PriceUsage.SPOT_DISCOUNT, unit: 'fraction', priceUsd: 1.2 }), good({ usage: PriceUsage.SPOT_DISCOUNT, unit: 'percent', priceUsd: 0.5, sku: 'g6.xlarge' })]);
    expect(() => PriceBook.load(file)).toThrow('priceUsd of a spot-discount is the fraction saved and must be below 1, got: 1.2');
    expect(() => PriceBook.load(file)).toThrow("unit of a spot-discount must be 'fraction', got: \"percent\"");
  });

  test('reads a cache whose entries are all usable', () => {
    const file = write([good({ derived: 'a rule', confirmed: { date: '2026-11-30', source: 'a page' } })]);
    expect(PriceBook.load(file).lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'us-east-1', sku: 'g5.xlarge' }).found).toBe(true);
  });
});

describe('lib/pricing/README.md', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'pricing', 'README.md'), 'utf-8');

  test('shows the coverage table `cdk-cost prices coverage` prints for the snapshot', () => {
    expect(readme).toContain(renderCoverage(PriceBook.snapshot()));
  });

  test('its entries table counts the snapshot\'s entries per service and usage', () => {
    const snapshot = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf-8')) as PriceBookFile;
    const rows = readme.split('\n').filter(l => /^\| [A-Z][A-Za-z0-9]* \| [a-z0-9-]+ \| \d+ \| \d+ \|$/.test(l));
    const count = new Map<string, { entries: number; regions: Set<string> }>();
    for (const e of snapshot.entries) {
      const k = `${e.service} | ${e.usage}`;
      if (!count.has(k)) count.set(k, { entries: 0, regions: new Set() });
      count.get(k)!.entries++;
      count.get(k)!.regions.add(e.region);
    }
    const expected = [...count.keys()].sort().map(k => `| ${k} | ${count.get(k)!.entries} | ${count.get(k)!.regions.size} |`);
    expect(rows).toEqual(expected);
    expect(readme).toContain(`(${snapshot.date}, ${snapshot.entries.length} entries)`);
  });
});
