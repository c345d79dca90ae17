import { aws_applicationautoscaling as appscaling, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { testStack } from '../../../helpers';
import { endpoint, pathsFor } from '../../check-helpers';

const RULE = 'CostAware-GPU1';

describe('CostAware-GPU1: accelerated endpoint variant has a scalable target', () => {
  test('flags an ml.g5 variant with no scalable target', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu');
    // WHEN
    const paths = pathsFor(app, RULE);
    // THEN
    expect(paths).toEqual(['TestStack/GpuConfig']);
  });

  test('flags an Inferentia variant whose config no endpoint of the app deploys', () => {
    // GIVEN
    const { app, stack } = testStack();
    new sagemaker.CfnEndpointConfig(stack, 'Config', {
      productionVariants: [{ variantName: 'A', modelName: 'm', instanceType: 'ml.inf2.xlarge', initialInstanceCount: 1 }],
    });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Config']);
  });

  test('flags a config when one of the two endpoints deploying it has no target', () => {
    // GIVEN
    const { app, stack } = testStack();
    const { config } = endpoint(stack, 'Gpu', { scaling: { min: 1, max: 2 } });
    new sagemaker.CfnEndpoint(stack, 'Second', { endpointConfigName: config.attrEndpointConfigName });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/GpuConfig']);
  });

  test('passes an accelerated variant scaled by a target found through a Fn::Join resource id', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 4 } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('passes a target that names the endpoint by a literal EndpointName', () => {
    // GIVEN
    const { app, stack } = testStack();
    const config = new sagemaker.CfnEndpointConfig(stack, 'Config', {
      productionVariants: [{ variantName: 'A', modelName: 'm', instanceType: 'ml.p4d.24xlarge', initialInstanceCount: 1 }],
    });
    new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointName: 'llm', endpointConfigName: config.attrEndpointConfigName });
    new appscaling.CfnScalableTarget(stack, 'Target', {
      serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      resourceId: 'endpoint/llm/variant/A', minCapacity: 1, maxCapacity: 2,
    });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('does not apply to CPU variants or serverless variants', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpoint(stack, 'Cpu', { instanceType: 'ml.m5.large' });
    new sagemaker.CfnEndpointConfig(stack, 'Serverless', {
      productionVariants: [{ variantName: 'S', modelName: 'm', serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 5 } }],
    });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });
});
