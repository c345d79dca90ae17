import { ResourcePricer } from './pricer';
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

const priceHttpApiRequests = usageDependentPricer(() => 'API Gateway HTTP API requests', [
  { service: PriceService.API_GATEWAY, usage: PriceUsage.HTTP_API_REQUESTS, sku: () => 'http-api', label: 'requests (each 512 KB one request)' },
]);

/**
 * `AWS::ApiGatewayV2::Api`: HTTP API requests (first tier, each 512 KB of a request counts as
 * one). A WebSocket API bills messages and connection minutes, which the price book does not
 * hold: its line is unpriced with that reason.
 */
export const priceHttpApi: ResourcePricer = ctx => {
  const protocol = ctx.props.ProtocolType;
  if (protocol === 'WEBSOCKET') {
    return [ctx.unpriced('API Gateway WebSocket API', 'WebSocket APIs bill messages and connection minutes; the price book has no WebSocket rates')];
  }
  if (protocol !== undefined && protocol !== 'HTTP') {
    return [ctx.unpriced('API Gateway v2 API', `ProtocolType is not known at synth time or not HTTP, got: ${JSON.stringify(protocol)}`)];
  }
  return priceHttpApiRequests(ctx);
};
