import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isAcceleratedAutoScalingGroup } from '../accelerated';
import { nodeOfType } from '../node';
import { literalNumber, RuleContext } from '../rule-context';

/**
 * CostAware-GPU4: an Auto Scaling group that launches accelerated instances (through its launch
 * template, launch configuration or mixed-instances overrides) states its `MaxSize` as a number
 * at synth. A parameter or other deploy-time value cannot be checked against the cap.
 */
export function acceleratedGroupMaxSizeKnown(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const group = nodeOfType(node, 'AWS::AutoScaling::AutoScalingGroup', context);
  if (!group || !isAcceleratedAutoScalingGroup(group, context.graph)) return NagRuleCompliance.NOT_APPLICABLE;
  return literalNumber(group.properties.MaxSize) !== undefined ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
