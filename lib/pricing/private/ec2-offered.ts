import { readExtract } from '../build/source-files';

/**
 * The EC2 cells (region, instance type) of the target matrix that AWS does not offer, by the
 * evidence of two independent AWS-published feeds: a cell is "not offered" when neither AWS's
 * EC2 price files (`ec2-on-demand-linux.json`, from lamngockhuong/aws-price's transform of them)
 * nor the Spot Instance Advisor data (`spot-advisor.json`) lists the type in that region. Both
 * extracts keep every target row their originals hold, so absence from an extract is absence
 * from its original. A cell that cannot be bought cannot be priced; coverage counts these apart.
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
