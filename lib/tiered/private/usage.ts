import { Duration, Token, aws_apigateway as apigw, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { CostReport } from '../../cost/cost-report';
import { figure } from '../../cost/private/render';
import { HOURS_PER_MONTH } from '../../cost/report-schema';
import type { TieredInferenceApi, TieredTrafficOptions } from '../tiered-inference-api';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/** Memory of the router Lambda, in MB. */
export const ROUTER_MEMORY_MB = 256;
/** Memory of the async submitter Lambda, in MB. */
export const SUBMITTER_MEMORY_MB = 256;
/** How long the submitter runs per message (one InvokeEndpointAsync, one S3 PUT). */
const SUBMITTER_DURATION_MS = 200;
/**
 * Lambda's SQS event source long-polls with five parallel connections while the queue is empty
 * (Lambda developer guide, "Using Lambda with Amazon SQS": it starts polling with five
 * connections), each poll waiting up to 20 s: 5 × 3 ReceiveMessage requests a minute.
 */
const IDLE_RECEIVES_PER_MONTH = 5 * 3 * 60 * HOURS_PER_MONTH;
/** A message costs one SendMessage, one ReceiveMessage and one DeleteMessage (each per 64 KB chunk). */
const REQUESTS_PER_MESSAGE = 3;

/**
 * What the tiered API records for the cost report, in one place: requests through API
 * Gateway, the router's invocations and GB-seconds, the queue's requests, the submitter's
 * invocations and GB-seconds, and the S3 PUTs of deferred requests (a usage line).
 */
export function recordTieredUsage(api: TieredInferenceApi, traffic: TieredTrafficOptions | undefined): void {
  const report = CostReport.of(api);
  const rt = traffic?.realtimeRequestsPerMonth ?? 0;
  const as = api.queue ? traffic?.asyncRequestsPerMonth ?? 0 : 0;
  const bt = traffic?.batchRequestsPerMonth ?? 0;
  if ([rt, as, bt].some(v => Token.isUnresolved(v))) {
    report.recordMeteredUsage(api.api.node.defaultChild as apigw.CfnRestApi, { quantities: {}, assumptions: ['traffic is not known at synth time (an unresolved token): requests not recorded'] });
    return;
  }
  const total = rt + as + bt;
  const split = `${figure(rt)} real-time + ${figure(as)} async + ${figure(bt)} batch requests a month`;
  const rtMs = (traffic?.realtimeRouterDuration ?? Duration.millis(500)).toMilliseconds();
  const deferredMs = (traffic?.deferredRouterDuration ?? Duration.millis(100)).toMilliseconds();

  report.recordMeteredUsage(api.api.node.defaultChild as apigw.CfnRestApi, {
    quantities: { 'rest-api-requests': total },
    assumptions: [split, 'every request passes API Gateway once (REST API, first pricing tier)'],
  });

  const routerGbSeconds = (rt * rtMs + (as + bt) * deferredMs) / 1000 * (ROUTER_MEMORY_MB / 1024);
  report.recordMeteredUsage(api.router.node.defaultChild as lambda.CfnFunction, {
    quantities: { requests: total, duration: routerGbSeconds },
    assumptions: [split, `router: ${figure(rtMs)} ms per real-time request (it waits for the model), ${figure(deferredMs)} ms per deferred one, ` +
      `${ROUTER_MEMORY_MB} MB: ${figure(routerGbSeconds)} GB-seconds`],
  });

  if (api.queue && api.submitter) {
    const queueRequests = as * REQUESTS_PER_MESSAGE + IDLE_RECEIVES_PER_MONTH;
    report.recordMeteredUsage(api.queue.node.defaultChild as sqs.CfnQueue, {
      quantities: { requests: queueRequests },
      assumptions: [`${figure(as)} async requests a month × ${REQUESTS_PER_MESSAGE} (send, receive, delete; payloads under 64 KB: the payload itself is in S3)`,
        `+ ${figure(IDLE_RECEIVES_PER_MONTH)} long-poll receives of the Lambda event source (5 pollers × 3 a minute × 730 h) whether or not messages arrive`,
        'the SQS free tier (1M requests a month per account) is not deducted'],
    });
    const submitterGbSeconds = as * SUBMITTER_DURATION_MS / 1000 * (SUBMITTER_MEMORY_MB / 1024);
    report.recordMeteredUsage(api.submitter.node.defaultChild as lambda.CfnFunction, {
      quantities: { requests: as, duration: submitterGbSeconds },
      assumptions: [`one invocation per async request (batches of one at low traffic: an upper estimate), ${SUBMITTER_DURATION_MS} ms at ${SUBMITTER_MEMORY_MB} MB: ${figure(submitterGbSeconds)} GB-seconds`],
    });
  }

  const puts = as * 2 + bt;
  if (puts > 0) {
    report.addUsageLine(api, {
      description: 'S3 PUT requests of deferred requests (router payloads, submitter status objects)',
      service: PriceService.S3, usage: PriceUsage.PUT_REQUESTS, sku: 'Standard',
      quantity: { floor: 0, expected: puts, ceiling: puts },
      assumptions: [`${figure(as)} async requests × 2 (payload, status) + ${figure(bt)} batch requests × 1 (payload)`,
        'storage of the payloads is on the buckets\' own lines'],
      resourceType: 'Usage::S3',
    });
  }
}
