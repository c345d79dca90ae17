import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RuleContext } from '../rule-context';
import { mayUseManagedSpot, sets, trainingJobDefinitionsOf } from './training-job-definitions';

/**
 * CostAware-Train2: a training job definition that uses managed Spot sets a `CheckpointConfig`
 * (an S3 URI), so an interrupted job resumes from its last checkpoint instead of starting over.
 */
export function spotTrainingCheckpoint(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const graphNode = context.graph.nodeOf(node);
  const spot = graphNode ? trainingJobDefinitionsOf(graphNode).filter(d => mayUseManagedSpot(d.request)) : [];
  if (spot.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const checkpointed = (r: Record<string, any>): boolean => r['CheckpointConfig.$'] !== undefined || sets(r.CheckpointConfig, 'S3Uri');
  return spot.every(d => checkpointed(d.request)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
