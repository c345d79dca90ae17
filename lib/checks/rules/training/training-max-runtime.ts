import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RuleContext } from '../rule-context';
import { setsStoppingField, trainingJobDefinitionsOf } from './training-job-definitions';

/**
 * CostAware-Train3: every training job definition sets `StoppingCondition.MaxRuntimeInSeconds`,
 * so a job that hangs or loops stops at a known bound.
 */
export function trainingMaxRuntime(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const graphNode = context.graph.nodeOf(node);
  const definitions = graphNode ? trainingJobDefinitionsOf(graphNode) : [];
  if (definitions.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return definitions.every(d => setsStoppingField(d.request, 'MaxRuntimeInSeconds')) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
