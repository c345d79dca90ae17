import { CfnParameter } from 'aws-cdk-lib';
import { testStack } from '../../../helpers';
import { endpoint, pathsFor } from '../../check-helpers';

const RULE = 'CostAware-GPU2';

describe('CostAware-GPU2: accelerated variant MaxCapacity is known at synth', () => {
  test('flags a scalable target whose MaxCapacity is a CloudFormation parameter', () => {
    // GIVEN
    const { app, stack } = testStack();
    const max = new CfnParameter(stack, 'MaxInstances', { type: 'Number', default: 50 });
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: max.valueAsNumber } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/GpuConfig']);
  });

  test('passes a literal MaxCapacity', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { scaling: { min: 0, max: 3 } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('does not apply to a variant with no scalable target (CostAware-GPU1 reports it)', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu');
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('does not apply to a CPU variant with a parameter MaxCapacity', () => {
    // GIVEN
    const { app, stack } = testStack();
    const max = new CfnParameter(stack, 'MaxInstances', { type: 'Number' });
    endpoint(stack, 'Cpu', { instanceType: 'ml.c5.xlarge', scaling: { min: 1, max: max.valueAsNumber } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });
});
