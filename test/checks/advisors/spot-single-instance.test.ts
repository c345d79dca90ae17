import { aws_autoscaling as autoscaling, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { CostAwareChecks } from '../../../lib';
import { reportOf, testStack } from '../../helpers';

const ID = 'CostAware-Advice-SpotSingleInstance';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/0123456789abcdef';

function group(stack: any, props: Partial<autoscaling.CfnAutoScalingGroupProps>, spotTemplate = false): void {
  const template = new ec2.CfnLaunchTemplate(stack, 'Template', {
    launchTemplateData: { instanceType: 'g5.xlarge', ...(spotTemplate ? { instanceMarketOptions: { marketType: 'spot' } } : {}) },
  });
  const spec = { launchTemplateId: template.ref, version: template.attrLatestVersionNumber };
  new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
    minSize: '1', maxSize: '1', availabilityZones: ['us-east-1a'],
    ...(props.mixedInstancesPolicy ? {} : { launchTemplate: spec }),
    ...props,
  });
}

describe('CostAware-Advice-SpotSingleInstance', () => {
  test('advises an on-demand base for a one-instance group behind a target group that is all Spot', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    const template = new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { instanceType: 'g5.xlarge' } });
    new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
      minSize: '1', maxSize: '1', availabilityZones: ['us-east-1a'], targetGroupArns: [TARGET_GROUP],
      mixedInstancesPolicy: {
        launchTemplate: { launchTemplateSpecification: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber } },
        instancesDistribution: { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0 },
      },
    });
    // THEN
    const advice = reportOf(app).recommendations.filter(r => r.id === ID);
    expect(advice.map(a => [a.path, a.estimatedMonthlySavingUsd])).toEqual([['TestStack/Group', undefined]]);
    expect(advice[0].message).toContain('OnDemandBaseCapacity: 1');
  });

  test('advises it for a Spot launch template too', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    group(stack, { targetGroupArns: [TARGET_GROUP] }, true);
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID).map(a => a.path)).toEqual(['TestStack/Group']);
  });

  test('gives no advice for an on-demand single instance, a Spot group of two, or a Spot worker with no load balancer', () => {
    const cases: Array<[Partial<autoscaling.CfnAutoScalingGroupProps>, boolean]> = [
      [{ targetGroupArns: [TARGET_GROUP] }, false],
      [{ targetGroupArns: [TARGET_GROUP], maxSize: '2' }, true],
      [{}, true],
    ];
    for (const [props, spot] of cases) {
      // GIVEN
      const { app, stack } = testStack();
      new CostAwareChecks(app);
      group(stack, props, spot);
      // THEN
      expect(reportOf(app).recommendations.filter(r => r.id === ID)).toEqual([]);
    }
  });
});
