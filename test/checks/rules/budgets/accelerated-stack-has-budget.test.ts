import { Stack, aws_budgets as budgets, aws_ec2 as ec2, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { SAFE_SPOT_REQUEST, trainingStateMachine } from '../training/definitions';
import { testApp, testStack } from '../../../helpers';
import { endpoint, pathsFor } from '../../check-helpers';

const RULE = 'CostAware-Budget1';

function budget(stack: Stack, budgetType = 'COST'): budgets.CfnBudget {
  return new budgets.CfnBudget(stack, 'Budget', {
    budget: { budgetType, timeUnit: 'MONTHLY', budgetLimit: { amount: 1000, unit: 'USD' } },
  });
}

describe('CostAware-Budget1: a stack with accelerated resources has a cost budget', () => {
  test('flags every accelerated resource of a stack when the app has no budget', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 2 } });
    new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.g5.xlarge', roleArn: 'arn:aws:iam::123456789012:role/n' });
    endpoint(stack, 'Cpu', { instanceType: 'ml.m5.large' });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/GpuConfig', 'TestStack/Notebook']);
  });

  test('flags accelerated EC2 instances and GPU training state machines too', () => {
    // GIVEN
    const { app, stack } = testStack();
    new ec2.CfnInstance(stack, 'Instance', { instanceType: 'g6.xlarge', imageId: 'ami-12345678' });
    trainingStateMachine(stack, SAFE_SPOT_REQUEST);
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Instance', 'TestStack/Pipeline/Resource']);
  });

  test('passes when a COST budget of the same account is in another stack of the app', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 2 } });
    budget(new Stack(app, 'Guards', { env: { region: 'us-east-1', account: '123456789012' } }));
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('flags when the only budget watches another account', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 2 } });
    budget(new Stack(app, 'Guards', { env: { region: 'us-east-1', account: '210987654321' } }));
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/GpuConfig']);
  });

  test('flags when the only budget is a USAGE budget', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 2 } });
    budget(stack, 'USAGE');
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/GpuConfig']);
  });

  test('passes an environment-agnostic stack with a budget of its own', () => {
    // GIVEN
    const app = testApp();
    const stack = new Stack(app, 'Agnostic');
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 2 } });
    budget(stack);
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('does not run when requireBudget is false', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 2 } });
    // THEN
    expect(pathsFor(app, RULE, { requireBudget: false })).toEqual([]);
  });

  test('does not apply to a stack of CPU resources only', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Cpu', { instanceType: 'ml.c6i.xlarge' });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });
});
