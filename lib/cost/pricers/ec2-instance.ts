import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';

/**
 * `AWS::EC2::Instance`: on-demand Linux instance-hours, running all month (an instance has no
 * minimum or maximum: floor = expected = ceiling). The type comes from the instance, or from
 * the launch template it names.
 */
export function priceEc2Instance(ctx: PricingContext): CostLineData[] {
  let value = ctx.props.InstanceType;
  if (value === undefined && ctx.props.LaunchTemplate) {
    const template = ctx.graph.referenced(ctx.props.LaunchTemplate.LaunchTemplateId, ctx.node.stack);
    value = template?.properties.LaunchTemplateData?.InstanceType;
  }
  // CloudFormation's default InstanceType for AWS::EC2::Instance is m1.small; we do not guess.
  const type = ctx.literal(value, 'string', 'InstanceType');
  if (!type.ok) return [ctx.unpriced('EC2 instance', type.reason)];
  const hours = HOURS_PER_MONTH;
  return [ctx.line({
    description: `${type.value} EC2 instance (on-demand)`,
    service: 'EC2',
    usage: 'on-demand-linux',
    sku: type.value,
    quantity: { floor: hours, expected: hours, ceiling: hours },
    assumptions: ['running all month', 'Linux on-demand rate, shared tenancy', 'EBS volumes are not priced'],
  })];
}
