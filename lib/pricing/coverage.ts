import { PriceBook } from './price-book';
import { PriceEntry, PriceService, PriceUsage } from './price-entry';
import {
  TARGET_BEDROCK_MODELS, TARGET_BEDROCK_USAGES, TARGET_EC2_INSTANCE_TYPES, TARGET_REGIONS,
  TARGET_SAGEMAKER_INSTANCE_TYPES, TARGET_SAGEMAKER_USAGES, bedrockGeographiesOf,
} from './private/coverage-targets';
import { ec2CellsNotOffered } from './private/ec2-offered';

/** How much of one block of the target matrix a price book prices. */
export interface CoverageBlock {
  /** `SageMaker`, `EC2 on-demand`, `EC2 Spot` or `Bedrock`. */
  readonly block: string;
  /** The matrix in words, e.g. `28 types × 10 regions`. */
  readonly matrix: string;
  /** Cells of the matrix. */
  readonly cells: number;
  /** Cells the book prices. */
  readonly priced: number;
  /**
   * Cells AWS offers, where the block has evidence of what is offered (EC2: listed by AWS's EC2
   * price files or the Spot Instance Advisor in that region); absent when it has none.
   */
  readonly offered?: number;
  /** Of `priced`, the cells AWS offers (absent when `offered` is). */
  readonly pricedOffered?: number;
  /** The oldest entry of the block's service and usages in the book, when it has any. */
  readonly oldest?: PriceEntry;
}

/**
 * The share of the target matrix (`lib/pricing/private/coverage-targets.ts`) a book prices, per
 * block, with the oldest entry of each. A Bedrock cell (model, usage, region) counts as priced
 * when the base model id or a cross-region inference profile id a caller in that region can
 * invoke (its geography's, or `global.`) has the price there.
 */
export function measureCoverage(book: PriceBook): CoverageBlock[] {
  // An exact-key set, as lookup() matches, without the close-match search lookup() runs on a miss.
  const keys = new Set(book.entries.map(e => `${e.service}|${e.usage}|${e.region}|${e.sku}`));
  const has = (service: PriceService, usage: PriceUsage, region: string, sku: string) => keys.has(`${service}|${usage}|${region}|${sku}`);
  const count = (cells: Array<() => boolean>) => cells.filter(c => c()).length;
  const regions = TARGET_REGIONS.length;

  const sm: Array<() => boolean> = [];
  for (const type of TARGET_SAGEMAKER_INSTANCE_TYPES) {
    for (const usage of TARGET_SAGEMAKER_USAGES) for (const region of TARGET_REGIONS) sm.push(() => has('SageMaker', usage, region, type));
  }
  // A cell the book prices counts as offered even when the extracts do not list it (a refreshed cache may).
  const notOffered = ec2CellsNotOffered(TARGET_REGIONS, TARGET_EC2_INSTANCE_TYPES);
  const od: Array<() => boolean> = [];
  const spot: Array<() => boolean> = [];
  const ec2Offered = (usage: PriceUsage, cells: Array<[string, string]>) => {
    const priced = cells.filter(([region, type]) => has('EC2', usage, region, type));
    const offered = cells.filter(([region, type]) => !notOffered.has(`${region}|${type}`) || has('EC2', usage, region, type));
    return { offered: offered.length, pricedOffered: priced.length };
  };
  const ec2Cells: Array<[string, string]> = [];
  for (const type of TARGET_EC2_INSTANCE_TYPES) {
    for (const region of TARGET_REGIONS) {
      ec2Cells.push([region, type]);
      od.push(() => has('EC2', 'on-demand-linux', region, type));
      spot.push(() => has('EC2', 'spot-discount', region, type));
    }
  }
  const br: Array<() => boolean> = [];
  for (const model of TARGET_BEDROCK_MODELS) {
    for (const usage of TARGET_BEDROCK_USAGES) {
      for (const region of TARGET_REGIONS) {
        const ids = [model, ...[...bedrockGeographiesOf(region), 'global'].map(g => `${g}.${model}`)];
        br.push(() => ids.some(id => has('Bedrock', usage, region, id)));
      }
    }
  }
  const oldest = (service: PriceService, usages: readonly PriceUsage[]) => {
    const entries = book.entries.filter(e => e.service === service && usages.includes(e.usage));
    return [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))[0];
  };
  return [
    { block: 'SageMaker', matrix: `${TARGET_SAGEMAKER_INSTANCE_TYPES.length} types × ${TARGET_SAGEMAKER_USAGES.length} usages × ${regions} regions`,
      cells: sm.length, priced: count(sm), oldest: oldest('SageMaker', TARGET_SAGEMAKER_USAGES) },
    { block: 'EC2 on-demand', matrix: `${TARGET_EC2_INSTANCE_TYPES.length} types × ${regions} regions`,
      cells: od.length, priced: count(od), ...ec2Offered('on-demand-linux', ec2Cells), oldest: oldest('EC2', ['on-demand-linux']) },
    { block: 'EC2 Spot', matrix: `${TARGET_EC2_INSTANCE_TYPES.length} types × ${regions} regions`,
      cells: spot.length, priced: count(spot), ...ec2Offered('spot-discount', ec2Cells), oldest: oldest('EC2', ['spot-discount']) },
    { block: 'Bedrock', matrix: `${TARGET_BEDROCK_MODELS.length} models × ${TARGET_BEDROCK_USAGES.length} usages × ${regions} regions`,
      cells: br.length, priced: count(br), oldest: oldest('Bedrock', TARGET_BEDROCK_USAGES) },
  ];
}

/** The coverage as the Markdown table `cdk-cost prices coverage` prints and the pricing README shows. */
export function renderCoverage(book: PriceBook): string {
  const origin = book.origin.source === 'cache' ? `refreshed price cache of ${book.origin.date} over the snapshot` : `embedded price snapshot of ${book.origin.date}`;
  const rows = measureCoverage(book).map(b => {
    const share = b.cells === 0 ? 0 : (100 * b.priced) / b.cells;
    const o = b.oldest;
    const oldest = o ? `${o.date}: ${o.usage} ${o.region} ${o.sku}${o.confirmed ? ` (re-confirmed ${o.confirmed.date})` : ''}` : '–';
    const ofOffered = b.offered === undefined || b.pricedOffered === undefined ? '–'
      : `${b.pricedOffered} of ${b.offered} (${(b.offered === 0 ? 0 : (100 * b.pricedOffered) / b.offered).toFixed(1)}%)`;
    return `| ${b.block} | ${b.matrix} | ${b.priced} of ${b.cells} | ${share.toFixed(1)}% | ${ofOffered} | ${oldest} |`;
  });
  return [
    `Coverage of the target matrix (lib/pricing/private/coverage-targets.ts) by the ${origin}:`,
    '',
    '| block | target matrix | priced | share | priced of offered | oldest entry |',
    '|---|---|---:|---:|---:|---|',
    ...rows,
    '',
    'Offered: a cell that AWS\'s EC2 price files or the Spot Instance Advisor list in that region (lib/pricing/private/ec2-offered.ts); '
      + 'SageMaker and Bedrock have no such evidence in the book, so every cell counts.',
    '',
  ].join('\n');
}
