import { PriceBook } from './price-book';
import { PriceBookKind, PriceEntry, PriceService, PriceUsage } from './price-entry';
import {
  TARGET_BEDROCK_MODELS, TARGET_BEDROCK_USAGES, TARGET_EC2_INSTANCE_TYPES, TARGET_REGIONS,
  TARGET_SAGEMAKER_INSTANCE_TYPES, TARGET_SAGEMAKER_USAGES, bedrockGeographiesOf,
} from './private/coverage-targets';
import { bedrockCellsNotOffered, bedrockOffer, ec2CellsNotOffered } from './private/offered';

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
   * price files or the Spot Instance Advisor in that region; Bedrock: served in that region, in-region
   * or through a cross-region inference profile, by the Bedrock user guide); absent when it has none.
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
 * when an id a caller in that region can invoke has the price there: a cross-region inference
 * profile id of its geography or `global.`, or the base model id, except where Bedrock serves the
 * model in that region only through a profile (`bedrock-availability.json`): there the base id
 * cannot be invoked on demand, so only a profile id's price prices the cell.
 */
export function measureCoverage(book: PriceBook): CoverageBlock[] {
  // An exact-key set, as lookup() matches, without the close-match search lookup() runs on a miss.
  const keys = new Set(book.entries.map(e => `${e.service}|${e.usage}|${e.region}|${e.sku}`));
  const has = (service: PriceService, usage: PriceUsage, region: string, sku: string) => keys.has(`${service}|${usage}|${region}|${sku}`);
  const count = (cells: Cell[]) => cells.filter(c => c.priced()).length;
  const regions = TARGET_REGIONS.length;

  const sm: Cell[] = [];
  for (const type of TARGET_SAGEMAKER_INSTANCE_TYPES) {
    for (const usage of TARGET_SAGEMAKER_USAGES) for (const region of TARGET_REGIONS) sm.push({ key: `${region}|${type}`, priced: () => has(PriceService.SAGEMAKER, usage, region, type) });
  }
  const ec2NotOffered = ec2CellsNotOffered(TARGET_REGIONS, TARGET_EC2_INSTANCE_TYPES);
  const od: Cell[] = [];
  const spot: Cell[] = [];
  for (const type of TARGET_EC2_INSTANCE_TYPES) {
    for (const region of TARGET_REGIONS) {
      od.push({ key: `${region}|${type}`, priced: () => has(PriceService.EC2, PriceUsage.ON_DEMAND_LINUX, region, type) });
      spot.push({ key: `${region}|${type}`, priced: () => has(PriceService.EC2, PriceUsage.SPOT_DISCOUNT, region, type) });
    }
  }
  const bedrockNotOffered = bedrockCellsNotOffered(TARGET_REGIONS, TARGET_BEDROCK_MODELS);
  const br: Cell[] = [];
  for (const model of TARGET_BEDROCK_MODELS) {
    for (const region of TARGET_REGIONS) {
      const profiles = [...bedrockGeographiesOf(region), 'global'].map(g => `${g}.${model}`);
      const ids = bedrockOffer(model, region) === 'cross-region-profile' ? profiles : [model, ...profiles];
      for (const usage of TARGET_BEDROCK_USAGES) br.push({ key: `${region}|${model}`, priced: () => ids.some(id => has(PriceService.BEDROCK, usage, region, id)) });
    }
  }
  const oldest = (service: PriceService, usages: readonly PriceUsage[]) => {
    const entries = book.entries.filter(e => e.service === service && usages.includes(e.usage));
    return [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))[0];
  };
  return [
    { block: 'SageMaker', matrix: `${TARGET_SAGEMAKER_INSTANCE_TYPES.length} types × ${TARGET_SAGEMAKER_USAGES.length} usages × ${regions} regions`,
      cells: sm.length, priced: count(sm), oldest: oldest(PriceService.SAGEMAKER, TARGET_SAGEMAKER_USAGES) },
    { block: 'EC2 on-demand', matrix: `${TARGET_EC2_INSTANCE_TYPES.length} types × ${regions} regions`,
      cells: od.length, priced: count(od), ...offeredShare(od, ec2NotOffered), oldest: oldest(PriceService.EC2, [PriceUsage.ON_DEMAND_LINUX]) },
    { block: 'EC2 Spot', matrix: `${TARGET_EC2_INSTANCE_TYPES.length} types × ${regions} regions`,
      cells: spot.length, priced: count(spot), ...offeredShare(spot, ec2NotOffered), oldest: oldest(PriceService.EC2, [PriceUsage.SPOT_DISCOUNT]) },
    { block: 'Bedrock', matrix: `${TARGET_BEDROCK_MODELS.length} models × ${TARGET_BEDROCK_USAGES.length} usages × ${regions} regions`,
      cells: br.length, priced: count(br), ...offeredShare(br, bedrockNotOffered), oldest: oldest(PriceService.BEDROCK, TARGET_BEDROCK_USAGES) },
  ];
}

/** One cell of the matrix (per usage): the offer key it belongs to (`<region>|<sku>`) and whether the book prices it. */
interface Cell {
  readonly key: string;
  readonly priced: () => boolean;
}

/**
 * The cells AWS offers and, of them, the priced ones. A cell whose key is in `notOffered` is not
 * offered, unless the book prices it anyway: the evidence of what is offered is a dated extract, and
 * a later source (a refreshed cache, a newer price file) may price what the extract does not list.
 */
function offeredShare(cells: readonly Cell[], notOffered: ReadonlySet<string>): { offered: number; pricedOffered: number } {
  let offered = 0;
  let pricedOffered = 0;
  for (const cell of cells) {
    const priced = cell.priced();
    if (priced) pricedOffered++;
    if (priced || !notOffered.has(cell.key)) offered++;
  }
  return { offered, pricedOffered };
}

/** The coverage as the Markdown table `cdk-cost prices coverage` prints and the pricing README shows. */
export function renderCoverage(book: PriceBook): string {
  const origin = book.origin.source === PriceBookKind.CACHE ? `refreshed price cache of ${book.origin.date} over the snapshot` : `embedded price snapshot of ${book.origin.date}`;
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
    'Offered (lib/pricing/private/offered.ts): EC2, a cell that AWS\'s EC2 price files or the Spot Instance Advisor list in that region; '
      + 'Bedrock, a cell where the Bedrock user guide serves the model in that region, in-region or through a cross-region inference profile '
      + 'whose source regions include it (there only the profile id\'s price counts); a cell the book prices counts as offered. '
      + 'SageMaker has no such evidence in the book, so every cell counts.',
    '',
  ].join('\n');
}
