import { CfnParameter } from 'aws-cdk-lib';
import { testStack } from '../../../helpers';
import { pathsFor } from '../../check-helpers';
import { groupWithTemplate } from './groups';

const RULE = 'CostAware-GPU4';

describe('CostAware-GPU4: accelerated Auto Scaling group MaxSize is known at synth', () => {
  test('flags a g5 group whose MaxSize is a CloudFormation parameter', () => {
    // GIVEN
    const { app, stack } = testStack();
    const max = new CfnParameter(stack, 'MaxSize', { type: 'String', default: '50' });
    groupWithTemplate(stack, 'g5.2xlarge', max.valueAsString);
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Group']);
    expect(pathsFor(app, 'CostAware-GPU5')).toEqual([]);
  });

  test('passes a literal MaxSize', () => {
    // GIVEN
    const { app, stack } = testStack();
    groupWithTemplate(stack, 'g5.2xlarge', '2');
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('does not apply to a CPU group with a parameter MaxSize', () => {
    // GIVEN
    const { app, stack } = testStack();
    const max = new CfnParameter(stack, 'MaxSize', { type: 'String' });
    groupWithTemplate(stack, 'm7i.large', max.valueAsString);
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });
});
