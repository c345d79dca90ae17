import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isAcceleratedAutoScalingGroup } from '../accelerated';
import { nodeOfType } from '../node';
import { literalNumber, RuleContext } from '../rule-context';

/**
 * CostAware-GPU5: an Auto Scaling group that launches accelerated instances has a `MaxSize` of
 * at most the pack's cap (`maxCapacityCap`, 10 by default).
 */
export function acceleratedGroupMaxSizeCapped(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const group = nodeOfType(node, 'AWS::AutoScaling::AutoScalingGroup', context);
  if (!group || !isAcceleratedAutoScalingGroup(group, context.graph)) return NagRuleCompliance.NOT_APPLICABLE;
  const max = literalNumber(group.properties.MaxSize);
  if (max === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  return max <= context.maxCapacityCap ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
