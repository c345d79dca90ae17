import { testStack } from '../../../helpers';
import { endpoint, pathsFor } from '../../check-helpers';

const RULE = 'CostAware-GPU3';

describe('CostAware-GPU3: accelerated variant MaxCapacity within the cap', () => {
  test('flags MaxCapacity 11 against the default cap of 10', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 11 } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/GpuConfig']);
  });

  test('passes MaxCapacity 10, the default cap', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 10 } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('checks against the maxCapacityCap prop', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { instanceType: 'ml.trn1.2xlarge', scaling: { min: 1, max: 4 } });
    // THEN
    expect(pathsFor(app, RULE, { maxCapacityCap: 3 })).toEqual(['TestStack/GpuConfig']);
    expect(pathsFor(app, RULE, { maxCapacityCap: 4 })).toEqual([]);
  });

  test('does not apply to a CPU variant above the cap', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Cpu', { instanceType: 'ml.m5.large', scaling: { min: 1, max: 50 } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });
});
