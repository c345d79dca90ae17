import { PriceBook } from './price-book';
import { PriceBookKind, PriceEntry, PriceService, PriceUsage } from './price-entry';
import {
  TARGET_BEDROCK_MODELS, TARGET_BEDROCK_USAGES, TARGET_EC2_INSTANCE_TYPES, TARGET_REGIONS,
  TARGET_SAGEMAKER_INSTANCE_TYPES, TARGET_SAGEMAKER_USAGES, bedrockGeographiesOf,
} from './private/coverage-targets';

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
  const has = (service: PriceService, usage: PriceUsage, region: string, sku: string) => book.lookup({ service, usage, region, sku }).found;
  const count = (cells: Array<() => boolean>) => cells.filter(c => c()).length;
  const regions = TARGET_REGIONS.length;

  const sm: Array<() => boolean> = [];
  for (const type of TARGET_SAGEMAKER_INSTANCE_TYPES) {
    for (const usage of TARGET_SAGEMAKER_USAGES) for (const region of TARGET_REGIONS) sm.push(() => has(PriceService.SAGEMAKER, usage, region, type));
  }
  const od: Array<() => boolean> = [];
  const spot: Array<() => boolean> = [];
  for (const type of TARGET_EC2_INSTANCE_TYPES) {
    for (const region of TARGET_REGIONS) {
      od.push(() => has(PriceService.EC2, PriceUsage.ON_DEMAND_LINUX, region, type));
      spot.push(() => has(PriceService.EC2, PriceUsage.SPOT_DISCOUNT, region, type));
    }
  }
  const br: Array<() => boolean> = [];
  for (const model of TARGET_BEDROCK_MODELS) {
    for (const usage of TARGET_BEDROCK_USAGES) {
      for (const region of TARGET_REGIONS) {
        const ids = [model, ...[...bedrockGeographiesOf(region), 'global'].map(g => `${g}.${model}`)];
        br.push(() => ids.some(id => has(PriceService.BEDROCK, usage, region, id)));
      }
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
      cells: od.length, priced: count(od), oldest: oldest(PriceService.EC2, [PriceUsage.ON_DEMAND_LINUX]) },
    { block: 'EC2 Spot', matrix: `${TARGET_EC2_INSTANCE_TYPES.length} types × ${regions} regions`,
      cells: spot.length, priced: count(spot), oldest: oldest(PriceService.EC2, [PriceUsage.SPOT_DISCOUNT]) },
    { block: 'Bedrock', matrix: `${TARGET_BEDROCK_MODELS.length} models × ${TARGET_BEDROCK_USAGES.length} usages × ${regions} regions`,
      cells: br.length, priced: count(br), oldest: oldest(PriceService.BEDROCK, TARGET_BEDROCK_USAGES) },
  ];
}

/** The coverage as the Markdown table `cdk-cost prices coverage` prints and the pricing README shows. */
export function renderCoverage(book: PriceBook): string {
  const origin = book.origin.source === PriceBookKind.CACHE ? `refreshed price cache of ${book.origin.date} over the snapshot` : `embedded price snapshot of ${book.origin.date}`;
  const rows = measureCoverage(book).map(b => {
    const share = b.cells === 0 ? 0 : (100 * b.priced) / b.cells;
    const o = b.oldest;
    const oldest = o ? `${o.date}: ${o.usage} ${o.region} ${o.sku}${o.confirmed ? ` (re-confirmed ${o.confirmed.date})` : ''}` : '–';
    return `| ${b.block} | ${b.matrix} | ${b.priced} of ${b.cells} | ${share.toFixed(1)}% | ${oldest} |`;
  });
  return [
    `Coverage of the target matrix (lib/pricing/private/coverage-targets.ts) by the ${origin}:`,
    '',
    '| block | target matrix | priced | share | oldest entry |',
    '|---|---|---:|---:|---|',
    ...rows,
    '',
  ].join('\n');
}
