import { CfnResource } from 'aws-cdk-lib';
import { GraphResource } from '../../graph/resource-graph';
import { RuleContext } from './rule-context';

/** The graph node of the resource a rule checks, when it has the CloudFormation type the rule is for. */
export function nodeOfType(node: CfnResource, type: string, context: RuleContext): GraphResource | undefined {
  if (node.cfnResourceType !== type) return undefined;
  return context.graph.nodeOf(node);
}
