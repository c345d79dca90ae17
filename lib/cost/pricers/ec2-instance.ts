import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';
import { ebsVolumeLines } from './ebs-volumes';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/**
 * `AWS::EC2::Instance`: on-demand Linux instance-hours, running all month (an instance has no
 * minimum or maximum: floor = expected = ceiling). The type comes from the instance, or from
 * the launch template it names.
 *
 * Its EBS volumes, from the instance's block device mappings (else its launch template's), are
 * priced per GB-month, all month.
 */
export function priceEc2Instance(ctx: PricingContext): CostLineData[] {
  const template = ctx.props.LaunchTemplate ? ctx.graph.referenced(ctx.props.LaunchTemplate.LaunchTemplateId, ctx.node.stack) : undefined;
  let value = ctx.props.InstanceType;
  if (value === undefined) value = template?.properties.LaunchTemplateData?.InstanceType;

  const fromInstance = ctx.props.BlockDeviceMappings !== undefined;
  const mappings = fromInstance ? ctx.props.BlockDeviceMappings : template?.properties.LaunchTemplateData?.BlockDeviceMappings;
  const from = fromInstance ? 'the instance' : 'its launch template';
  const volumes = ebsVolumeLines(ctx, mappings, {
    from,
    instanceMonths: { floor: 1, expected: 1, ceiling: 1 },
    assumptions: ['the instance exists all month: its volumes bill whether it runs or is stopped'],
  });
  const instanceAssumptions = ['running all month', 'Linux on-demand rate, shared tenancy'];
  if (volumes.length === 0) {
    // Without EBS mappings the instance launches with the AMI's own volumes, whose size only the AMI knows.
    instanceAssumptions.push(mappings === undefined && ctx.props.LaunchTemplate && !template
      ? 'its launch template is not in this app: the EBS volumes the instance launches with are billed per GB-month and not priced'
      : `${mappings === undefined ? 'no BlockDeviceMappings' : `no EBS volume in ${from}'s BlockDeviceMappings`}: ` +
        "the AMI's own volumes (at least its root volume) are billed per GB-month and not priced, their size being the AMI's");
  }

  // CloudFormation's default InstanceType for AWS::EC2::Instance is m1.small; we do not guess.
  const type = ctx.literal(value, 'string', 'InstanceType');
  const hours = HOURS_PER_MONTH;
  const instance = type.ok
    ? ctx.line({
      description: `${type.value} EC2 instance (on-demand)`,
      service: PriceService.EC2,
      usage: PriceUsage.ON_DEMAND_LINUX,
      sku: type.value,
      quantity: { floor: hours, expected: hours, ceiling: hours },
      assumptions: instanceAssumptions,
    })
    : ctx.unpriced('EC2 instance', type.reason);
  return [instance, ...volumes];
}
