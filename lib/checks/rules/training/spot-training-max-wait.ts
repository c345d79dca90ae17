import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RuleContext } from '../rule-context';
import { mayUseManagedSpot, setsStoppingField, trainingJobDefinitionsOf } from './training-job-definitions';

/**
 * CostAware-Train1: a training job definition that uses managed Spot sets
 * `StoppingCondition.MaxWaitTimeInSeconds`, the bound on waiting for Spot capacity plus training.
 */
export function spotTrainingMaxWait(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const graphNode = context.graph.nodeOf(node);
  const spot = graphNode ? trainingJobDefinitionsOf(graphNode).filter(d => mayUseManagedSpot(d.request)) : [];
  if (spot.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return spot.every(d => setsStoppingField(d.request, 'MaxWaitTimeInSeconds')) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
