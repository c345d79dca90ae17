import { aws_sagemaker as sagemaker, Stack } from 'aws-cdk-lib';
import { testStack } from '../../../helpers';
import { pathsFor } from '../../check-helpers';

/** A raw endpoint of inference components: one variant with ManagedInstanceScaling, no scalable target. */
function componentEndpoint(stack: Stack, id: string, scaling: sagemaker.CfnEndpointConfig.ManagedInstanceScalingProperty): void {
  const config = new sagemaker.CfnEndpointConfig(stack, `${id}Config`, {
    productionVariants: [{ variantName: 'AllTraffic', instanceType: 'ml.g5.12xlarge', initialInstanceCount: 1, managedInstanceScaling: scaling }],
  });
  new sagemaker.CfnEndpoint(stack, `${id}Endpoint`, { endpointConfigName: config.attrEndpointConfigName });
}

describe('GPU1-GPU3 on endpoints of inference components (managed instance scaling)', () => {
  test('compliant: min 0 and a max within the cap pass all three', () => {
    const { app, stack } = testStack();
    componentEndpoint(stack, 'Ok', { status: 'ENABLED', minInstanceCount: 0, maxInstanceCount: 4 });
    expect(['CostAware-GPU1', 'CostAware-GPU2', 'CostAware-GPU3'].map(id => pathsFor(app, id))).toEqual([[], [], []]);
  });

  test('non-compliant: a max above the cap is a GPU3 finding', () => {
    const { app, stack } = testStack();
    componentEndpoint(stack, 'Big', { status: 'ENABLED', minInstanceCount: 0, maxInstanceCount: 11 });
    expect(pathsFor(app, 'CostAware-GPU3')).toEqual(['TestStack/BigConfig']);
  });

  test('non-compliant: managed instance scaling without MaxInstanceCount is a GPU2 finding (no stated cap)', () => {
    const { app, stack } = testStack();
    componentEndpoint(stack, 'NoMax', { status: 'ENABLED', minInstanceCount: 0 });
    expect(pathsFor(app, 'CostAware-GPU2')).toEqual(['TestStack/NoMaxConfig']);
    expect(pathsFor(app, 'CostAware-GPU1')).toEqual([]);
  });

  test('non-compliant: managed instance scaling turned off is no scaling (GPU1)', () => {
    const { app, stack } = testStack();
    componentEndpoint(stack, 'Off', { status: 'DISABLED', minInstanceCount: 0, maxInstanceCount: 4 });
    expect(pathsFor(app, 'CostAware-GPU1')).toEqual(['TestStack/OffConfig']);
  });
});
