import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isAcceleratedInstanceType } from '../../../pricing/instance-types';
import { idleStopperOf } from '../../notebook-coverage';
import { nodeOfType } from '../node';
import { literalString, RuleContext } from '../rule-context';

/**
 * CostAware-Notebook1: an accelerated `AWS::SageMaker::NotebookInstance` has something that can
 * stop it when idle: an idle stopper of this library covering it (`markNotebookCovered`), or a
 * lifecycle configuration (the usual place for an auto-stop script). A GPU notebook left open
 * over a weekend bills every hour of it.
 */
export function acceleratedNotebookStopsWhenIdle(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const notebook = nodeOfType(node, 'AWS::SageMaker::NotebookInstance', context);
  const type = notebook ? literalString(notebook.properties.InstanceType) : undefined;
  if (!notebook || !type || !isAcceleratedInstanceType(type)) return NagRuleCompliance.NOT_APPLICABLE;
  if (idleStopperOf(node)) return NagRuleCompliance.COMPLIANT;
  // A lifecycle config named here counts even when it is defined outside this app.
  const hasLifecycle = context.graph.lifecycleConfigOf(notebook) !== undefined || notebook.properties.LifecycleConfigName !== undefined;
  return hasLifecycle ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
