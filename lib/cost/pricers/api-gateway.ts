import { usageDependentPricer } from './usage-dependent';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/**
 * `AWS::ApiGateway::RestApi`: REST API requests (price per request of the first tier, AWS
 * publishes it per million). Usage-dependent: the construct in front records the requests it
 * expects; the stage and usage-plan throttles bound the real month, not the template's ceiling.
 */
export const priceRestApi = usageDependentPricer(() => 'API Gateway REST API requests', [
  { service: PriceService.API_GATEWAY, usage: PriceUsage.REST_API_REQUESTS, sku: () => 'rest-api', label: 'requests' },
]);
