import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { nodeOfType } from '../node';
import { literalNumber, RuleContext } from '../rule-context';
import { deployedAcceleratedVariants, maxCapacityOf, isScaled } from './variant-scaling';

/**
 * CostAware-GPU2: the scalable target of every accelerated production variant states its
 * `MaxCapacity` as a number at synth. A parameter, an import or any other deploy-time value
 * cannot be checked against the cap, so it counts as no cap.
 */
export function acceleratedVariantMaxCapacityKnown(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const config = nodeOfType(node, 'AWS::SageMaker::EndpointConfig', context);
  if (!config) return NagRuleCompliance.NOT_APPLICABLE;
  const scaled = deployedAcceleratedVariants(config, context.graph).filter(isScaled);
  if (scaled.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return scaled.every(d => literalNumber(maxCapacityOf(d)) !== undefined)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
