import { readExtract } from '../build/source-files';

/**
 * Which cells of the target matrix AWS offers: the evidence that lets coverage count apart the
 * cells nobody can buy (a cell that cannot be bought cannot be priced). One home for both blocks
 * that have such evidence, EC2 and Bedrock; `coverage.ts` counts them with one rule.
 */

/**
 * The EC2 cells (region, instance type) of the target matrix that AWS does not offer, by the
 * evidence of two independent AWS-published feeds: a cell is "not offered" when neither AWS's
 * EC2 price files (`ec2-on-demand-linux.json`, from lamngockhuong/aws-price's transform of them)
 * nor the Spot Instance Advisor data (`spot-advisor.json`) lists the type in that region. Both
 * extracts keep every target row their originals hold, so absence from an extract is absence
 * from its original.
 *
 * Keys are `<region>|<instance type>`.
 */
export function ec2CellsNotOffered(regions: readonly string[], types: readonly string[]): Set<string> {
  const onDemand = readExtract<unknown>('ec2-on-demand-linux.json').records;
  const spot = readExtract<unknown>('spot-advisor.json').records;
  const out = new Set<string>();
  for (const region of regions) {
    for (const type of types) {
      if (!(`${region}|${type}` in onDemand) && !(`${region}|Linux|${type}` in spot)) out.add(`${region}|${type}`);
    }
  }
  return out;
}

/**
 * How Bedrock serves a model in a region, as the Bedrock user guide states it
 * (`sources/bedrock-availability.json`):
 * - `in-region`: the base model id can be invoked on demand in the region (its profiles may be too);
 * - `cross-region-profile`: only a cross-region inference profile id (`us.`, `eu.`, `apac.`, `jp.`,
 *   `au.`, `global.`) whose source regions include the region can be invoked there;
 * - `not-offered`: neither;
 * - `not-listed`: the page does not list the model, so there is no evidence either way.
 */
export type BedrockOffer = 'in-region' | 'cross-region-profile' | 'not-offered' | 'not-listed';

/** One model's record in `bedrock-availability.json`. */
export interface BedrockAvailabilityRecord {
  /** The regions the models-supported table lists for the model (both columns, as the page reads). */
  readonly listed?: string;
  /** Per target region, how the model is offered there (absent when the table does not list the model). */
  readonly regions?: Record<string, BedrockOffer>;
  /** Per cross-region inference profile id, its source regions as the inference-profiles page lists them. */
  readonly profiles: Record<string, string[]>;
  /** How the page's two columns were told apart for this model. */
  readonly split?: string;
}

/** How Bedrock offers `model` in `region`; `not-listed` for a model or region the extract does not state. */
export function bedrockOffer(model: string, region: string): BedrockOffer {
  bedrockRecords ??= readExtract<BedrockAvailabilityRecord>('bedrock-availability.json').records;
  return bedrockRecords[model]?.regions?.[region] ?? 'not-listed';
}

let bedrockRecords: Record<string, BedrockAvailabilityRecord> | undefined;

/**
 * The Bedrock cells (region, model) of the target matrix that Bedrock does not serve at all:
 * neither the base model id in-region nor any cross-region inference profile whose source regions
 * include the region. Keys are `<region>|<model id>`, as `ec2CellsNotOffered`'s.
 */
export function bedrockCellsNotOffered(regions: readonly string[], models: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const region of regions) {
    for (const model of models) if (bedrockOffer(model, region) === 'not-offered') out.add(`${region}|${model}`);
  }
  return out;
}
