import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PriceBook, PriceEntry } from '../../lib';
import { measureCoverage } from '../../lib/pricing/coverage';
import { readExtract, readManifest } from '../../lib/pricing/build/source-files';
import { TARGET_BEDROCK_MODELS, TARGET_BEDROCK_USAGES, TARGET_EC2_INSTANCE_TYPES, TARGET_REGIONS } from '../../lib/pricing/private/coverage-targets';
import { BedrockAvailabilityRecord, bedrockCellsNotOffered, bedrockOffer, ec2CellsNotOffered } from '../../lib/pricing/private/offered';
import { PriceBookKind, PriceService, PriceUsage } from '../../lib/pricing/price-entry';

const blockOf = (book: PriceBook, name: string) => measureCoverage(book).find(b => b.block === name)!;

describe('EC2 cells AWS does not offer', () => {
  const notOffered = ec2CellsNotOffered(TARGET_REGIONS, TARGET_EC2_INSTANCE_TYPES);

  test('are the cells neither AWS\'s EC2 price files nor the Spot Instance Advisor list in that region', () => {
    // GIVEN the two extracts
    const onDemand = readExtract<unknown>('ec2-on-demand-linux.json').records;
    const spot = readExtract<unknown>('spot-advisor.json').records;
    // THEN each not-offered cell is in neither, and each other cell is in at least one
    for (const region of TARGET_REGIONS) {
      for (const type of TARGET_EC2_INSTANCE_TYPES) {
        const listed = `${region}|${type}` in onDemand || `${region}|Linux|${type}` in spot;
        expect([`${region}|${type}`, notOffered.has(`${region}|${type}`)]).toEqual([`${region}|${type}`, !listed]);
      }
    }
    // p5 is not sold in Singapore, g5 is sold in us-east-1
    expect(notOffered.has('ap-southeast-1|p5.48xlarge')).toBe(true);
    expect(notOffered.has('us-east-1|g5.xlarge')).toBe(false);
  });

  test('the snapshot prices none of them and every offered on-demand cell', () => {
    const book = PriceBook.snapshot();
    for (const region of TARGET_REGIONS) {
      for (const type of TARGET_EC2_INSTANCE_TYPES) {
        const found = book.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region, sku: type }).found;
        expect([region, type, found]).toEqual([region, type, !notOffered.has(`${region}|${type}`)]);
      }
    }
  });

  test('coverage states priced of offered apart from priced of all cells', () => {
    const ec2 = blockOf(PriceBook.snapshot(), 'EC2 on-demand');
    expect(ec2.cells).toBe(280);
    expect(ec2.offered).toBe(280 - notOffered.size);
    expect(ec2.pricedOffered).toBe(ec2.priced);
    expect(blockOf(PriceBook.snapshot(), 'SageMaker').offered).toBeUndefined();
  });

  test('a cell a refreshed cache prices counts as offered even where the extracts do not list it', () => {
    // GIVEN a book that prices p5.48xlarge in ap-southeast-1 (not listed by either extract) and nothing else
    const e: PriceEntry = {
      service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'ap-southeast-1', sku: 'p5.48xlarge', unit: 'instance-hour', priceUsd: 1,
      source: 'test fixture', date: '2026-11-22',
    };
    const ec2 = blockOf(new PriceBook({ schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-11-22', entries: [e] }), 'EC2 on-demand');
    // THEN it is priced and offered
    expect(ec2.priced).toBe(1);
    expect(ec2.pricedOffered).toBe(1);
    expect(ec2.offered).toBe(280 - notOffered.size + 1);
  });
});

describe('Bedrock cells AWS does not offer', () => {
  const availability = readExtract<BedrockAvailabilityRecord>('bedrock-availability.json').records;
  const notOffered = bedrockCellsNotOffered(TARGET_REGIONS, TARGET_BEDROCK_MODELS);
  const entry = (region: string, sku: string, usage: PriceEntry['usage'] = PriceUsage.ON_DEMAND_INPUT_TOKENS): PriceEntry => ({
    service: PriceService.BEDROCK, usage, region, sku, unit: '1M tokens', priceUsd: 1, source: 'test fixture', date: '2026-11-22',
  });
  const cache = (entries: PriceEntry[]) => new PriceBook({ schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-11-22', entries });

  test('the extract states every target model, and each status follows from the regions it quotes', () => {
    expect(Object.keys(availability).sort()).toEqual([...TARGET_BEDROCK_MODELS].sort());
    for (const [model, record] of Object.entries(availability)) {
      for (const id of Object.keys(record.profiles)) expect(id.endsWith(`.${model}`)).toBe(true);
      if (record.listed === undefined) {
        expect([model, record.regions]).toEqual([model, undefined]);
        continue;
      }
      const listed = record.listed.split(' ');
      const viaProfile = (region: string) => Object.values(record.profiles).some(sources => sources.includes(region));
      for (const region of TARGET_REGIONS) {
        const status = record.regions![region];
        // in-region: the table lists it; through a profile: a profile's source regions include it; not offered: neither page lists it
        const consistent = status === 'in-region' ? listed.includes(region)
          : status === 'cross-region-profile' ? viaProfile(region)
            : status === 'not-offered' && !listed.includes(region) && !viaProfile(region);
        expect([model, region, status, consistent]).toEqual([model, region, status, true]);
      }
    }
  });

  test('the manifest records the sha256 of the quoted text', () => {
    const lines: string[] = [];
    for (const model of Object.keys(availability).sort()) {
      const record = availability[model];
      if (record.listed !== undefined) lines.push(`${model}: ${record.listed}`);
      for (const id of Object.keys(record.profiles).sort()) lines.push(`${id}: ${record.profiles[id].join(' ')}`);
    }
    const m = readManifest().extracts.find(e => e.extract === 'bedrock-availability.json')!;
    expect(m.originalSha256).toBe(crypto.createHash('sha256').update(lines.join('\n')).digest('hex'));
    expect(m.license).toBe('AWS documentation, quoted facts');
    expect(m.url).toContain('https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html');
  });

  test('are the cells the extract marks not offered: Llama, Cohere and Nova Premier outside the US, Mistral Small outside us-east-1', () => {
    for (const region of TARGET_REGIONS) {
      for (const model of TARGET_BEDROCK_MODELS) {
        expect([region, model, notOffered.has(`${region}|${model}`)]).toEqual([region, model, bedrockOffer(model, region) === 'not-offered']);
      }
    }
    expect(notOffered.has('eu-west-1|meta.llama3-3-70b-instruct-v1:0')).toBe(true);
    expect(notOffered.has('ap-south-1|cohere.command-r-v1:0')).toBe(true);
    expect(notOffered.has('eu-central-1|amazon.nova-premier-v1:0')).toBe(true);
    expect(notOffered.has('us-west-2|mistral.mistral-small-2402-v1:0')).toBe(true);
    expect(bedrockOffer('cohere.command-r-v1:0', 'us-east-1')).toBe('in-region');
    expect(bedrockOffer('amazon.nova-premier-v1:0', 'us-east-1')).toBe('cross-region-profile');
    expect(bedrockOffer('anthropic.claude-sonnet-4-5-20250929-v1:0', 'ap-south-1')).toBe('cross-region-profile');
    // a model the table does not list gives no evidence: its cells count as offered
    expect(bedrockOffer('anthropic.claude-3-7-sonnet-20250219-v1:0', 'ap-south-1')).toBe('not-listed');
    expect(notOffered.size).toBe(105);
  });

  test('coverage states priced of offered apart from priced of all cells', () => {
    const bedrock = blockOf(PriceBook.snapshot(), 'Bedrock');
    expect(bedrock.cells).toBe(1040);
    expect(bedrock.priced).toBe(588);
    // 105 model-region pairs not offered (the snapshot prices none of them, below), × 4 usages
    expect(bedrock.offered).toBe(1040 - 4 * 105);
    expect(bedrock.pricedOffered).toBe(588);
  });

  test('the snapshot prices no model in a region the user guide serves it in neither in-region nor through a profile', () => {
    const book = PriceBook.snapshot();
    const pricedAnyway = [...notOffered].filter(key => {
      const [region, model] = key.split('|');
      return TARGET_BEDROCK_USAGES.some(usage => [model, ...['us', 'eu', 'apac', 'jp', 'au', 'global'].map(g => `${g}.${model}`)]
        .some(sku => book.lookup({ service: PriceService.BEDROCK, usage, region, sku }).found));
    }).sort();
    expect(notOffered.size).toBe(105);
    expect(pricedAnyway).toEqual([]);
  });

  test('a cell offered only through a cross-region profile is priced by the profile id, not by the base id', () => {
    // GIVEN Nova Premier, which us-east-1 serves only through the us. profile
    const baseOnly = blockOf(cache([entry('us-east-1', 'amazon.nova-premier-v1:0')]), 'Bedrock');
    const profile = blockOf(cache([entry('us-east-1', 'us.amazon.nova-premier-v1:0')]), 'Bedrock');
    // THEN the base id's price prices nothing there, the profile id's prices the cell
    expect(baseOnly.priced).toBe(0);
    expect(profile.priced).toBe(1);
    // and where the base id is served in-region (Cohere Command R in us-east-1) the base id's price counts
    expect(blockOf(cache([entry('us-east-1', 'cohere.command-r-v1:0')]), 'Bedrock').priced).toBe(1);
  });

  test('a cell a book prices counts as offered even where the user guide does not list it', () => {
    // GIVEN a book that prices Llama 3.3 70B in eu-west-1 (not offered there by the extract) and nothing else
    const bedrock = blockOf(cache([entry('eu-west-1', 'meta.llama3-3-70b-instruct-v1:0')]), 'Bedrock');
    // THEN it is priced and offered
    expect(bedrock.priced).toBe(1);
    expect(bedrock.pricedOffered).toBe(1);
    expect(bedrock.offered).toBe(1040 - 4 * notOffered.size + 1);
  });
});

describe('the main README', () => {
  test('shows the snapshot\'s coverage per block, as `cdk-cost prices coverage` measures it', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
    for (const b of measureCoverage(PriceBook.snapshot())) {
      const offered = b.offered === undefined ? '–' : `${b.pricedOffered} of ${b.offered} (${pct(b.pricedOffered!, b.offered)})`;
      expect(readme).toContain(`  | ${b.block} | ${b.matrix} | ${b.priced} of ${b.cells} (${pct(b.priced, b.cells)}) | ${offered} |`);
    }
  });
});
