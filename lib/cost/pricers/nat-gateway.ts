import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/** `AWS::EC2::NatGateway`: the hourly charge all month, plus data processed when recorded. */
export function priceNatGateway(ctx: PricingContext): CostLineData[] {
  const privateNat = ctx.props.ConnectivityType === 'private';
  const lines = [ctx.line({
    description: `NAT gateway${privateNat ? ' (private)' : ''}, hourly charge`,
    service: PriceService.VPC,
    usage: PriceUsage.NAT_GATEWAY_HOUR,
    sku: 'nat-gateway',
    quantity: { floor: HOURS_PER_MONTH, expected: HOURS_PER_MONTH, ceiling: HOURS_PER_MONTH },
    assumptions: ['running all month', 'its Elastic IP\'s public IPv4 charge is on the AWS::EC2::EIP line, when the app creates it'],
  })];
  const recorded = ctx.meteredUsage;
  const gb = recorded?.quantities?.['nat-gateway-data'];
  lines.push(ctx.line({
    description: 'NAT gateway, data processed',
    component: 'data-processed',
    service: PriceService.VPC,
    usage: PriceUsage.NAT_GATEWAY_DATA,
    sku: 'nat-gateway',
    quantity: { floor: 0, expected: gb ?? 0, ceiling: gb ?? 0 },
    assumptions: gb !== undefined ? recorded!.assumptions : ['no data volume recorded: expected assumes none; the ceiling is not bounded by the template'],
    usageDependent: true,
  }));
  return lines;
}
