import { aws_autoscaling as autoscaling, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { testStack } from '../../../helpers';
import { pathsFor } from '../../check-helpers';
import { groupWithTemplate } from './groups';

const RULE = 'CostAware-GPU5';

describe('CostAware-GPU5: accelerated Auto Scaling group MaxSize within the cap', () => {
  test('flags a g5 launch template group with MaxSize 20', () => {
    // GIVEN
    const { app, stack } = testStack();
    groupWithTemplate(stack, 'g5.xlarge', '20');
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Group']);
  });

  test('passes a g5 launch template group with MaxSize 10', () => {
    // GIVEN
    const { app, stack } = testStack();
    groupWithTemplate(stack, 'g5.xlarge', '10');
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('flags a launch configuration group on p3 above the cap', () => {
    // GIVEN
    const { app, stack } = testStack();
    const lc = new autoscaling.CfnLaunchConfiguration(stack, 'LaunchConfig', { imageId: 'ami-12345678', instanceType: 'p3.2xlarge' });
    new autoscaling.CfnAutoScalingGroup(stack, 'Group', { minSize: '0', maxSize: '12', launchConfigurationName: lc.ref, availabilityZones: ['us-east-1a'] });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Group']);
  });

  test('flags a CPU template whose mixed-instances overrides add inf2', () => {
    // GIVEN
    const { app, stack } = testStack();
    const template = new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { instanceType: 'm5.large' } });
    new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
      minSize: '0', maxSize: '16', availabilityZones: ['us-east-1a'],
      mixedInstancesPolicy: {
        launchTemplate: {
          launchTemplateSpecification: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
          overrides: [{ instanceType: 'm5.large' }, { instanceType: 'inf2.xlarge' }],
        },
      },
    });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Group']);
  });

  test('flags attribute-based selection that asks for at least one accelerator', () => {
    // GIVEN
    const { app, stack } = testStack();
    const template = new ec2.CfnLaunchTemplate(stack, 'Template', {
      launchTemplateData: { instanceRequirements: { vCpuCount: { min: 4 }, memoryMiB: { min: 16384 }, acceleratorCount: { min: 1 } } },
    });
    new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
      minSize: '0', maxSize: '30', availabilityZones: ['us-east-1a'],
      mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber } } },
    });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Group']);
  });

  test('checks a group built with the aws-autoscaling L2 against the maxCapacityCap prop', () => {
    // GIVEN
    const { app, stack } = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    new autoscaling.AutoScalingGroup(stack, 'Fleet', {
      vpc,
      launchTemplate: new ec2.LaunchTemplate(stack, 'Template', {
        instanceType: new ec2.InstanceType('g6.xlarge'), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      }),
      minCapacity: 0, maxCapacity: 6,
    });
    // THEN
    expect(pathsFor(app, RULE, { maxCapacityCap: 5 })).toEqual(['TestStack/Fleet/ASG']);
    expect(pathsFor(app, RULE, { maxCapacityCap: 6 })).toEqual([]);
  });

  test('does not apply to a CPU group with MaxSize 100', () => {
    // GIVEN
    const { app, stack } = testStack();
    groupWithTemplate(stack, 'c6i.large', '100');
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });
});
