import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { nodeOfType } from '../node';
import { RuleContext } from '../rule-context';
import { deployedAcceleratedVariants, isScaled } from './variant-scaling';

/**
 * CostAware-GPU1: every accelerated production variant of an `AWS::SageMaker::EndpointConfig`
 * has an Application Auto Scaling target on each endpoint that deploys it. Without one the
 * variant runs its `InitialInstanceCount` all month, busy or not, and nothing states its bound.
 */
export function acceleratedVariantAutoscaled(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const config = nodeOfType(node, 'AWS::SageMaker::EndpointConfig', context);
  if (!config) return NagRuleCompliance.NOT_APPLICABLE;
  const deployed = deployedAcceleratedVariants(config, context.graph);
  if (deployed.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return deployed.every(isScaled) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
