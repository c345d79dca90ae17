import { ResourcePricer } from './pricer';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/**
 * `AWS::CloudWatch::Dashboard`: one dashboard-month all month (a fixed charge). The first three
 * dashboards of an account are free (CloudWatch pricing, free tier); the report cannot know how
 * many the account already has, so it prices every dashboard and says so.
 */
export const priceDashboard: ResourcePricer = ctx => [ctx.line({
  description: 'CloudWatch dashboard',
  service: PriceService.CLOUDWATCH,
  usage: PriceUsage.DASHBOARD_MONTH,
  sku: 'dashboard',
  quantity: { floor: 1, expected: 1, ceiling: 1 },
  assumptions: ['one dashboard all month; the account\'s three free dashboards are not deducted'],
})];
