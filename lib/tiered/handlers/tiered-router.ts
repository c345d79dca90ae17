// The TieredInferenceApi router: API Gateway (REST, Lambda proxy) → this function, which reads
// the request's priority class and sends it down its path:
//   Realtime → InvokeEndpoint on the real-time endpoint (naming the inference component when
//              the path is one model of a ComponentEndpoint), the model's answer returned as is;
//   Async    → the payload written to the async endpoint's bucket (input/<id>), a message on
//              the queue (the submitter calls InvokeEndpointAsync), 202 with where the result appears;
//   Batch    → the payload written under the batch transform's input prefix, 202 with where the
//              next run writes its result.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { decideRoute, RouterConfig, routerConfigFromEnv, s3Uri } from './routing';

/** The part of an API Gateway proxy event the router reads. */
export interface ProxyEvent {
  readonly headers?: { [name: string]: string | undefined } | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: { readonly requestId?: string };
}

/** An API Gateway proxy result. */
export interface ProxyResult {
  readonly statusCode: number;
  readonly headers: { [name: string]: string };
  readonly body: string;
  readonly isBase64Encoded?: boolean;
}

/** What the async submitter reads from each queue message. */
export interface AsyncRequestMessage {
  readonly requestId: string;
  readonly inputLocation: string;
  readonly contentType: string;
  readonly statusKey: string;
}

const s3 = new S3Client({});
const runtime = new SageMakerRuntimeClient({});
const sqs = new SQSClient({});

/** Routes one request. */
export async function route(config: RouterConfig, event: ProxyEvent): Promise<ProxyResult> {
  const bodyText = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : undefined;
  const payload = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  const contentType = header(event.headers, 'content-type') ?? 'application/json';
  const decision = decideRoute(config, event.headers, config.prioritySource === 'body' ? bodyText : undefined);
  if (!decision.ok) return json(400, { message: decision.message });
  const requestId = event.requestContext?.requestId ?? `req-${Date.now()}`;
  const tierHeaders = { 'X-Inference-Tier': decision.tier, 'X-Inference-Priority': decision.priorityClass };

  switch (decision.tier) {
    case 'Realtime': {
      const out = await runtime.send(new InvokeEndpointCommand({
        EndpointName: config.realtimeEndpointName, ContentType: contentType, Body: payload,
        ...(config.realtimeInferenceComponentName ? { InferenceComponentName: config.realtimeInferenceComponentName } : {}),
      }));
      return {
        statusCode: 200,
        headers: { 'Content-Type': out.ContentType ?? 'application/octet-stream', ...tierHeaders },
        body: Buffer.from(out.Body ?? new Uint8Array()).toString('base64'),
        isBase64Encoded: true,
      };
    }
    case 'Async': {
      const inputKey = `${config.asyncInputPrefix}${requestId}`;
      const statusKey = `${config.asyncStatusPrefix}${requestId}.json`;
      await s3.send(new PutObjectCommand({ Bucket: config.asyncBucket, Key: inputKey, Body: payload, ContentType: contentType }));
      const message: AsyncRequestMessage = { requestId, inputLocation: s3Uri(config.asyncBucket!, inputKey), contentType, statusKey };
      await sqs.send(new SendMessageCommand({ QueueUrl: config.asyncQueueUrl, MessageBody: JSON.stringify(message) }));
      return json(202, {
        tier: 'Async', priority: decision.priorityClass, requestId, status: 'queued',
        statusLocation: s3Uri(config.asyncBucket!, statusKey),
        resultPrefix: s3Uri(config.asyncBucket!, config.asyncOutputPrefix!),
        message: `queued for the asynchronous endpoint: once submitted, ${s3Uri(config.asyncBucket!, statusKey)} names the result's location under ${s3Uri(config.asyncBucket!, config.asyncOutputPrefix!)}`,
      }, tierHeaders);
    }
    case 'Batch': {
      const key = `${config.batchPrefix}${requestId}`;
      await s3.send(new PutObjectCommand({ Bucket: config.batchBucket, Key: key, Body: payload, ContentType: contentType }));
      // Batch transform writes <output prefix><input key relative to the input prefix>.out.
      const result = `${config.batchOutputUri}${requestId}.out`;
      return json(202, {
        tier: 'Batch', priority: decision.priorityClass, requestId, status: 'stored',
        inputLocation: s3Uri(config.batchBucket!, key), resultLocation: result,
        message: `stored for the next batch transform run, which writes ${result}`,
      }, tierHeaders);
    }
  }
}

/** The Lambda entry point. */
export async function handler(event: ProxyEvent): Promise<ProxyResult> {
  return route(routerConfigFromEnv(), event);
}

function header(headers: ProxyEvent['headers'], name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find(k => k.toLowerCase() === name);
  return key ? headers![key] ?? undefined : undefined;
}

function json(statusCode: number, body: unknown, headers: { [name: string]: string } = {}): ProxyResult {
  return { statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
