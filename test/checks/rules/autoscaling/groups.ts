import { Stack, aws_autoscaling as autoscaling, aws_ec2 as ec2 } from 'aws-cdk-lib';

/** A raw L1 launch template + Auto Scaling group. */
export function groupWithTemplate(stack: Stack, instanceType: string, maxSize: string, extra: Partial<autoscaling.CfnAutoScalingGroupProps> = {}):
autoscaling.CfnAutoScalingGroup {
  const template = new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { instanceType } });
  return new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
    minSize: '0', maxSize,
    launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
    availabilityZones: ['us-east-1a'],
    ...extra,
  });
}
