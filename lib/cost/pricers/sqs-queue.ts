import { usageDependentPricer } from './usage-dependent';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/**
 * `AWS::SQS::Queue`: requests (each 64 KB chunk of a send, receive or delete is one), at the
 * standard or FIFO rate. Usage-dependent: recorded by the construct that sends to the queue.
 */
export const priceSqsQueue = usageDependentPricer(
  ctx => `SQS ${isFifo(ctx.props.FifoQueue) ? 'FIFO' : 'standard'} queue requests`,
  [{ service: PriceService.SQS, usage: PriceUsage.REQUESTS, sku: ctx => (isFifo(ctx.props.FifoQueue) ? 'fifo' : 'standard'), label: 'requests' }],
);

function isFifo(value: unknown): boolean {
  return value === true || value === 'true';
}
