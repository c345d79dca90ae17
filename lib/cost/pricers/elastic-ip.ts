import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/**
 * `AWS::EC2::EIP`: AWS charges every public IPv4 address by the hour, attached or idle, since
 * 2024-02-01 (the price book's `public-ipv4-hour` entry cites the announcement). An address
 * from a bring-your-own-IP pool (`PublicIpv4Pool` other than Amazon's) is not charged.
 */
export function priceElasticIp(ctx: PricingContext): CostLineData[] {
  const pool = ctx.props.PublicIpv4Pool;
  const byoip = typeof pool === 'string' && pool !== 'amazon';
  const hours = byoip ? 0 : HOURS_PER_MONTH;
  return [ctx.line({
    description: 'Elastic IP, public IPv4 address',
    service: PriceService.VPC,
    usage: PriceUsage.PUBLIC_IPV4_HOUR,
    sku: 'public-ipv4',
    quantity: { floor: hours, expected: hours, ceiling: hours },
    assumptions: byoip
      ? [`from the bring-your-own-IP pool ${pool}: no public IPv4 charge`]
      : ['allocated all month: the hourly charge applies whether or not the address is attached'],
  })];
}
