import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { nodeOfType } from '../node';
import { literalNumber, RuleContext } from '../rule-context';
import { deployedAcceleratedVariants, maxCapacityOf, isScaled } from './variant-scaling';

/**
 * CostAware-GPU3: no accelerated production variant may scale above the pack's cap
 * (`maxCapacityCap`, 10 by default): its scalable target's `MaxCapacity` is at most the cap.
 */
export function acceleratedVariantMaxCapacityCapped(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const config = nodeOfType(node, 'AWS::SageMaker::EndpointConfig', context);
  if (!config) return NagRuleCompliance.NOT_APPLICABLE;
  const maxima = deployedAcceleratedVariants(config, context.graph)
    .map(d => (isScaled(d) ? literalNumber(maxCapacityOf(d)) : undefined))
    .filter((m): m is number => m !== undefined);
  if (maxima.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return maxima.every(m => m <= context.maxCapacityCap) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
