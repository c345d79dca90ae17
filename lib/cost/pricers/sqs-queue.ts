import { usageDependentPricer } from './usage-dependent';

/**
 * `AWS::SQS::Queue`: requests (each 64 KB chunk of a send, receive or delete is one), at the
 * standard or FIFO rate. Usage-dependent: recorded by the construct that sends to the queue.
 */
export const priceSqsQueue = usageDependentPricer(
  ctx => `SQS ${isFifo(ctx.props.FifoQueue) ? 'FIFO' : 'standard'} queue requests`,
  [{ service: 'SQS', usage: 'requests', sku: ctx => (isFifo(ctx.props.FifoQueue) ? 'fifo' : 'standard'), label: 'requests' }],
);

function isFifo(value: unknown): boolean {
  return value === true || value === 'true';
}
