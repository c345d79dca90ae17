import { CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/**
 * `AWS::KMS::Key`: a customer managed key is billed per month while it exists
 * (https://aws.amazon.com/kms/pricing/); its API requests are billed apart and not priced here.
 */
export function priceKmsKey(ctx: PricingContext): CostLineData[] {
  return [ctx.line({
    description: 'KMS customer managed key',
    service: PriceService.KMS,
    usage: PriceUsage.KEY_MONTH,
    sku: 'customer-managed-key',
    quantity: { floor: 1, expected: 1, ceiling: 1 },
    assumptions: ['one key all month; its API requests are billed apart and not priced here'],
  })];
}
