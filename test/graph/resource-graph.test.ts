import { aws_applicationautoscaling as appscaling, aws_autoscaling as autoscaling, aws_ec2 as ec2, aws_sagemaker as sagemaker, Fn } from 'aws-cdk-lib';
import { ResourceGraph } from '../../lib';
import { testStack } from '../helpers';

describe('ResourceGraph', () => {
  test('links a scalable target to the endpoint config variant it scales, through the endpoint', () => {
    // GIVEN
    const { stack } = testStack();
    const cfg = new sagemaker.CfnEndpointConfig(stack, 'Config', { productionVariants: [{ variantName: 'Blue', modelName: 'm', instanceType: 'ml.g5.xlarge', initialInstanceCount: 1 }] });
    const endpoint = new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: cfg.attrEndpointConfigName });
    const target = new appscaling.CfnScalableTarget(stack, 'Target', {
      serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      resourceId: Fn.join('', ['endpoint/', endpoint.attrEndpointName, '/variant/Blue']), minCapacity: 1, maxCapacity: 2,
    });
    new appscaling.CfnScalingPolicy(stack, 'Policy', { policyName: 'p', policyType: 'TargetTrackingScaling', scalingTargetId: target.ref });
    // WHEN
    const graph = ResourceGraph.of(stack);
    const node = graph.nodeOf(cfg)!;
    // THEN
    expect(graph.endpointsOf(node).map(e => e.path)).toEqual(['TestStack/Endpoint']);
    const scaling = graph.scalingOfVariant(node, 'Blue');
    expect(scaling?.target.path).toBe('TestStack/Target');
    expect(scaling?.policies.map(p => p.path)).toEqual(['TestStack/Policy']);
    expect(graph.scalingOfVariant(node, 'Green')).toBeUndefined();
  });

  test('a scalable target for another service is not linked', () => {
    const { stack } = testStack();
    const cfg = new sagemaker.CfnEndpointConfig(stack, 'Config', { productionVariants: [{ variantName: 'V', modelName: 'm', instanceType: 'ml.g5.xlarge' }] });
    new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: cfg.attrEndpointConfigName, endpointName: 'ep' });
    new appscaling.CfnScalableTarget(stack, 'Target', {
      serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: 'endpoint/ep/variant/V', minCapacity: 1, maxCapacity: 2,
    });
    const graph = ResourceGraph.of(stack);
    expect(graph.variantScalingOf(graph.nodeOf(cfg)!)).toEqual([]);
  });

  test('finds the launch template of a group, directly or through its mixed-instances policy', () => {
    const { stack } = testStack();
    const template = new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { instanceType: 'g5.xlarge' } });
    const direct = new autoscaling.CfnAutoScalingGroup(stack, 'Direct', { minSize: '0', maxSize: '1', launchTemplate: { launchTemplateId: template.ref, version: '1' } });
    const mixed = new autoscaling.CfnAutoScalingGroup(stack, 'Mixed', {
      minSize: '0', maxSize: '1',
      mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateId: template.ref, version: '1' } } },
    });
    const graph = ResourceGraph.of(stack);
    expect(graph.launchSourceOf(graph.nodeOf(direct)!)?.path).toBe('TestStack/Template');
    expect(graph.launchSourceOf(graph.nodeOf(mixed)!)?.path).toBe('TestStack/Template');
  });

  test('finds a notebook lifecycle configuration by reference or by name', () => {
    const { stack } = testStack();
    const lc = new sagemaker.CfnNotebookInstanceLifecycleConfig(stack, 'Lifecycle', { notebookInstanceLifecycleConfigName: 'auto-stop' });
    const byRef = new sagemaker.CfnNotebookInstance(stack, 'ByRef', { instanceType: 'ml.g5.xlarge', roleArn: 'r', lifecycleConfigName: lc.attrNotebookInstanceLifecycleConfigName });
    const byName = new sagemaker.CfnNotebookInstance(stack, 'ByName', { instanceType: 'ml.g5.xlarge', roleArn: 'r', lifecycleConfigName: 'auto-stop' });
    const none = new sagemaker.CfnNotebookInstance(stack, 'None', { instanceType: 'ml.g5.xlarge', roleArn: 'r' });
    const graph = ResourceGraph.of(stack);
    expect(graph.lifecycleConfigOf(graph.nodeOf(byRef)!)?.path).toBe('TestStack/Lifecycle');
    expect(graph.lifecycleConfigOf(graph.nodeOf(byName)!)?.path).toBe('TestStack/Lifecycle');
    expect(graph.lifecycleConfigOf(graph.nodeOf(none)!)).toBeUndefined();
  });
});
