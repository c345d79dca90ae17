import { aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { markNotebookCovered } from '../../../../lib';
import { testStack } from '../../../helpers';
import { pathsFor } from '../../check-helpers';

const RULE = 'CostAware-Notebook1';
const ROLE = 'arn:aws:iam::123456789012:role/notebook';

describe('CostAware-Notebook1: accelerated notebook has something that stops it when idle', () => {
  test('flags a GPU notebook with no lifecycle configuration and no idle stopper', () => {
    // GIVEN
    const { app, stack } = testStack();
    new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.g5.xlarge', roleArn: ROLE });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Notebook']);
  });

  test('passes a GPU notebook with a lifecycle configuration of the app', () => {
    // GIVEN
    const { app, stack } = testStack();
    const lifecycle = new sagemaker.CfnNotebookInstanceLifecycleConfig(stack, 'Lifecycle', { onStart: [{ content: 'IyEvYmluL2Jhc2g=' }] });
    new sagemaker.CfnNotebookInstance(stack, 'Notebook', {
      instanceType: 'ml.g5.xlarge', roleArn: ROLE, lifecycleConfigName: lifecycle.attrNotebookInstanceLifecycleConfigName,
    });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('passes a GPU notebook that names a lifecycle configuration defined outside the app', () => {
    // GIVEN
    const { app, stack } = testStack();
    new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.p3.2xlarge', roleArn: ROLE, lifecycleConfigName: 'auto-stop' });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('passes a GPU notebook an idle stopper marked as covered', () => {
    // GIVEN
    const { app, stack } = testStack();
    const notebook = new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.g5.xlarge', roleArn: ROLE });
    // WHEN
    markNotebookCovered(notebook, new Construct(stack, 'Stopper'));
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('does not apply to a CPU notebook', () => {
    // GIVEN
    const { app, stack } = testStack();
    new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.t3.medium', roleArn: ROLE });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('fails when markNotebookCovered is given something other than a notebook instance', () => {
    // GIVEN
    const { stack } = testStack();
    const lifecycle = new sagemaker.CfnNotebookInstanceLifecycleConfig(stack, 'Lifecycle', {});
    // THEN
    expect(() => markNotebookCovered(lifecycle as any, stack)).toThrow(
      'markNotebookCovered expects an AWS::SageMaker::NotebookInstance, got: AWS::SageMaker::NotebookInstanceLifecycleConfig at TestStack/Lifecycle');
  });
});
