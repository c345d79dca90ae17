import { IAdvisorContext } from '../../cost/cost-engine';
import { RecommendationData } from '../../cost/report-schema';
import { literalString } from '../rules/rule-context';
import { cents, usd, variantLine } from './advice';
import { stageNameOf, STAGE_CONTEXT_KEY, wordsOf } from './stage';

/** The id of the dev-stage provisioned endpoint recommendation. */
export const DEV_PROVISIONED_ENDPOINT_ADVICE_ID = 'CostAware-Advice-DevProvisionedEndpoint';

/**
 * Instance-backed SageMaker endpoint variants (real-time or async) that keep instances running
 * with no traffic (a floor above $0) in a development stage. Saving = the line's floor: what the
 * variant costs in a month nobody calls it, which serverless inference or scaling to zero avoids.
 */
export function devStageProvisionedEndpoints(devStageNames: readonly string[]): (ctx: IAdvisorContext) => RecommendationData[] {
  return ctx => {
    const out: RecommendationData[] = [];
    for (const config of ctx.graph.ofType('AWS::SageMaker::EndpointConfig')) {
      const stage = stageNameOf(config.stack);
      const dev = wordsOf(stage.name).find(w => devStageNames.includes(w));
      if (!dev) continue;
      const variants: unknown = config.properties.ProductionVariants;
      if (!Array.isArray(variants)) continue;
      for (const variant of variants) {
        const name = literalString(variant?.VariantName);
        if (!name || variant.ServerlessConfig || !literalString(variant.InstanceType)) continue;
        const line = variantLine(ctx.lines, config, name);
        if (!line || !(line.monthlyUsd.floor > 0)) continue;
        const where = stage.source === 'context' ? `context ${STAGE_CONTEXT_KEY}` : stage.source === 'stage' ? 'the CDK stage name' : 'the stack name';
        out.push({
          id: DEV_PROVISIONED_ENDPOINT_ADVICE_ID,
          path: config.path,
          message: `Variant ${name} (${variant.InstanceType}) keeps instances running in a dev stage ('${stage.name}', from ${where}): ` +
            `${usd(line.monthlyUsd.floor)} a month even with no traffic. Use a serverless variant, let it scale to zero (async ` +
            'endpoint with minCapacity 0), or delete it outside working hours.',
          estimatedMonthlySavingUsd: cents(line.monthlyUsd.floor),
        });
      }
    }
    return out;
  };
}
