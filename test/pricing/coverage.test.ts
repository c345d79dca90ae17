import * as fs from 'fs';
import * as path from 'path';
import { PriceBook, PriceEntry } from '../../lib';
import { measureCoverage } from '../../lib/pricing/coverage';
import { readExtract } from '../../lib/pricing/build/source-files';
import { TARGET_EC2_INSTANCE_TYPES, TARGET_REGIONS } from '../../lib/pricing/private/coverage-targets';
import { ec2CellsNotOffered } from '../../lib/pricing/private/ec2-offered';

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
        const found = book.lookup({ service: 'EC2', usage: 'on-demand-linux', region, sku: type }).found;
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
      service: 'EC2', usage: 'on-demand-linux', region: 'ap-southeast-1', sku: 'p5.48xlarge', unit: 'instance-hour', priceUsd: 1,
      source: 'test fixture', date: '2026-11-22',
    };
    const ec2 = blockOf(new PriceBook({ schemaVersion: 1, kind: 'cache', date: '2026-11-22', entries: [e] }), 'EC2 on-demand');
    // THEN it is priced and offered
    expect(ec2.priced).toBe(1);
    expect(ec2.pricedOffered).toBe(1);
    expect(ec2.offered).toBe(280 - notOffered.size + 1);
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
