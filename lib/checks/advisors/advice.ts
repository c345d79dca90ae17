import { GraphResource } from '../../graph/resource-graph';
import { CostLineData } from '../../cost/report-schema';

/** The report line of one production variant of an endpoint config, when it was priced. */
export function variantLine(lines: readonly CostLineData[], config: GraphResource, variantName: string): CostLineData | undefined {
  // The endpoint-config pricer keys each variant's instance line by the variant's name.
  return lines.find(l => l.path === config.path && l.priced && l.component === variantName);
}

/** USD rounded to cents. */
export function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A USD amount as the report's messages write it. */
export { usd } from '../../cost/private/render';
