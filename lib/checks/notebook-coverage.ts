import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

// A global symbol, so the mark is seen even when two copies of this library are loaded.
const COVERED_BY = Symbol.for('cdk-cost-aware-inference.notebook-idle-stopper');

/**
 * Records that an idle stopper (such as `IdleNotebookStopper`) stops this notebook instance when
 * it sits idle. The CostAware-Notebook1 check then counts the notebook as covered.
 *
 * @param notebook an `AWS::SageMaker::NotebookInstance` (`CfnNotebookInstance` or a raw `CfnResource`)
 * @param by the construct that stops it
 */
export function markNotebookCovered(notebook: CfnResource, by: IConstruct): void {
  if (notebook.cfnResourceType !== 'AWS::SageMaker::NotebookInstance') {
    throw new Error(`markNotebookCovered expects an AWS::SageMaker::NotebookInstance, got: ${notebook.cfnResourceType} at ${notebook.node.path}`);
  }
  (notebook as any)[COVERED_BY] = by;
}

/** The idle stopper recorded for a notebook instance with `markNotebookCovered`, if any. */
export function idleStopperOf(notebook: CfnResource): IConstruct | undefined {
  return (notebook as any)[COVERED_BY];
}
