import { usageDependentPricer } from './usage-dependent';

/**
 * `AWS::ApiGateway::RestApi`: REST API requests (price per request of the first tier, AWS
 * publishes it per million). Usage-dependent: the construct in front records the requests it
 * expects; the stage and usage-plan throttles bound the real month, not the template's ceiling.
 */
export const priceRestApi = usageDependentPricer(() => 'API Gateway REST API requests', [
  { service: 'APIGateway', usage: 'rest-api-requests', sku: () => 'rest-api', label: 'requests' },
]);
