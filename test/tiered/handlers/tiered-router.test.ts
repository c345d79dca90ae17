import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointAsyncCommand, InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { submit } from '../../../lib/tiered/handlers/async-submitter';
import { decideRoute, RouterConfig, routerConfigFromEnv } from '../../../lib/tiered/handlers/routing';
import { handler, route } from '../../../lib/tiered/handlers/tiered-router';

const s3 = mockClient(S3Client);
const runtime = mockClient(SageMakerRuntimeClient);
const sqs = mockClient(SQSClient);

const config: RouterConfig = {
  routes: { interactive: 'Realtime', standard: 'Async', bulk: 'Batch' },
  prioritySource: 'header',
  priorityName: 'X-Inference-Priority',
  defaultClass: 'standard',
  realtimeEndpointName: 'chat',
  asyncQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/async',
  asyncBucket: 'async-bucket',
  asyncInputPrefix: 'input/',
  asyncStatusPrefix: 'requests/',
  asyncOutputPrefix: 'output/',
  batchBucket: 'batch-bucket',
  batchPrefix: 'nightly/in/',
  batchOutputUri: 's3://batch-bucket/nightly/out/',
};

beforeEach(() => {
  for (const m of [s3, runtime, sqs]) m.reset();
  s3.on(PutObjectCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
});

describe('routing decisions', () => {
  test('reads the class from the header, case-insensitively, and routes it by the table', () => {
    expect(decideRoute(config, { 'x-inference-priority': 'interactive' }, undefined)).toEqual({ ok: true, priorityClass: 'interactive', tier: 'Realtime' });
    expect(decideRoute(config, { 'X-Inference-Priority': 'bulk' }, undefined)).toEqual({ ok: true, priorityClass: 'bulk', tier: 'Batch' });
  });

  test('a request that names no class takes the default class', () => {
    expect(decideRoute(config, {}, undefined)).toEqual({ ok: true, priorityClass: 'standard', tier: 'Async' });
    expect(decideRoute(config, null, undefined)).toEqual({ ok: true, priorityClass: 'standard', tier: 'Async' });
  });

  test('reads the class from a JSON body field when configured so', () => {
    const body = { ...config, prioritySource: 'body' as const, priorityName: 'priority' };
    expect(decideRoute(body, {}, JSON.stringify({ priority: 'interactive', text: 'hi' }))).toEqual({ ok: true, priorityClass: 'interactive', tier: 'Realtime' });
    expect(decideRoute(body, {}, JSON.stringify({ text: 'hi' }))).toEqual({ ok: true, priorityClass: 'standard', tier: 'Async' });
    expect(decideRoute(body, {}, 'not json')).toEqual({ ok: false, message: "the body must be JSON with a 'priority' field naming the priority class (or none, for 'standard')" });
    expect(decideRoute(body, {}, JSON.stringify({ priority: 3 }))).toEqual({ ok: false, message: "'priority' must be a string naming a priority class, got: 3" });
  });

  test('an unknown class is refused, naming the classes there are', () => {
    expect(decideRoute(config, { 'X-Inference-Priority': 'urgent' }, undefined)).toEqual({
      ok: false, message: "unknown priority class 'urgent' in header X-Inference-Priority: expected one of 'interactive', 'standard', 'bulk'",
    });
    // a name on Object.prototype is not a class
    expect(decideRoute(config, { 'X-Inference-Priority': 'constructor' }, undefined).ok).toBe(false);
  });

  test('the routing table and options come from the environment', () => {
    const env = {
      ROUTES: JSON.stringify({ a: 'Realtime' }), PRIORITY_SOURCE: 'body', PRIORITY_NAME: 'tier', DEFAULT_CLASS: 'a', REALTIME_ENDPOINT_NAME: 'ep',
    };
    expect(routerConfigFromEnv(env)).toMatchObject({ routes: { a: 'Realtime' }, prioritySource: 'body', priorityName: 'tier', defaultClass: 'a', realtimeEndpointName: 'ep', asyncQueueUrl: undefined });
  });
});

describe('router', () => {
  test('Realtime: invokes the endpoint with the body and returns the model\'s answer', async () => {
    runtime.on(InvokeEndpointCommand).resolves({ Body: Buffer.from('{"reply":"hello"}') as any, ContentType: 'application/json' });
    const result = await route(config, {
      headers: { 'X-Inference-Priority': 'interactive', 'Content-Type': 'application/json' }, body: '{"text":"hi"}', requestContext: { requestId: 'r1' },
    });
    expect(result.statusCode).toBe(200);
    expect(Buffer.from(result.body, 'base64').toString()).toBe('{"reply":"hello"}');
    expect(result.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-Inference-Tier': 'Realtime' });
    const call = runtime.commandCalls(InvokeEndpointCommand)[0].args[0].input;
    expect(call.EndpointName).toBe('chat');
    expect(call.ContentType).toBe('application/json');
    expect(Buffer.from(call.Body as Uint8Array).toString()).toBe('{"text":"hi"}');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    // a one-model endpoint: no inference component is named
    expect(call).not.toHaveProperty('InferenceComponentName');
  });

  test('Realtime on a ComponentEndpoint: names the inference component in InvokeEndpoint', async () => {
    runtime.on(InvokeEndpointCommand).resolves({ Body: Buffer.from('{"reply":"hi"}') as any, ContentType: 'application/json' });
    const shared = { ...config, realtimeEndpointName: 'shared', realtimeInferenceComponentName: 'support-chat-ic' };
    const result = await route(shared, { headers: { 'X-Inference-Priority': 'interactive' }, body: '{"text":"hi"}', requestContext: { requestId: 'r9' } });
    expect(result.statusCode).toBe(200);
    expect(Buffer.from(result.body, 'base64').toString()).toBe('{"reply":"hi"}');
    expect(runtime.commandCalls(InvokeEndpointCommand)[0].args[0].input).toMatchObject({ EndpointName: 'shared', InferenceComponentName: 'support-chat-ic' });
    // and it is read from the environment the construct sets
    expect(routerConfigFromEnv({ ROUTES: '{}', REALTIME_ENDPOINT_NAME: 'shared', REALTIME_INFERENCE_COMPONENT_NAME: 'support-chat-ic' }))
      .toMatchObject({ realtimeEndpointName: 'shared', realtimeInferenceComponentName: 'support-chat-ic' });
    expect(routerConfigFromEnv({ ROUTES: '{}', REALTIME_ENDPOINT_NAME: 'ep' }).realtimeInferenceComponentName).toBeUndefined();
  });

  test('Async: stores the payload under input/, queues a message, and says where the result will appear', async () => {
    const result = await route(config, { headers: {}, body: '{"doc":"x"}', requestContext: { requestId: 'r2' } });
    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body)).toMatchObject({
      tier: 'Async', priority: 'standard', requestId: 'r2', status: 'queued',
      statusLocation: 's3://async-bucket/requests/r2.json', resultPrefix: 's3://async-bucket/output/',
    });
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ Bucket: 'async-bucket', Key: 'input/r2', ContentType: 'application/json' });
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageBody!);
    expect(message).toEqual({ requestId: 'r2', inputLocation: 's3://async-bucket/input/r2', contentType: 'application/json', statusKey: 'requests/r2.json' });
    expect(runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(0);
  });

  test('Batch: stores the payload under the transform\'s input prefix and names the result the next run writes', async () => {
    const result = await route(config, { headers: { 'x-inference-priority': 'bulk' }, body: 'YQ==', isBase64Encoded: true, requestContext: { requestId: 'r3' } });
    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body)).toMatchObject({
      tier: 'Batch', requestId: 'r3', inputLocation: 's3://batch-bucket/nightly/in/r3', resultLocation: 's3://batch-bucket/nightly/out/r3.out',
    });
    const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({ Bucket: 'batch-bucket', Key: 'nightly/in/r3' });
    expect(Buffer.from(put.Body as Buffer).toString()).toBe('a');
  });

  test('an unknown class is a 400 and calls nothing', async () => {
    const result = await route(config, { headers: { 'X-Inference-Priority': 'vip' }, body: '{}' });
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).message).toContain("unknown priority class 'vip'");
    expect(s3.calls()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
    expect(runtime.calls()).toHaveLength(0);
  });

  test('the entry point reads its table from the environment', async () => {
    process.env.ROUTES = JSON.stringify({ only: 'Batch' });
    process.env.DEFAULT_CLASS = 'only';
    process.env.BATCH_BUCKET = 'b';
    process.env.BATCH_PREFIX = 'p/';
    process.env.BATCH_OUTPUT_URI = 's3://b/o/';
    try {
      const result = await handler({ headers: {}, body: 'x', requestContext: { requestId: 'r4' } });
      expect(JSON.parse(result.body).resultLocation).toBe('s3://b/o/r4.out');
    } finally {
      for (const k of ['ROUTES', 'DEFAULT_CLASS', 'BATCH_BUCKET', 'BATCH_PREFIX', 'BATCH_OUTPUT_URI']) delete process.env[k];
    }
  });
});

describe('async submitter', () => {
  const message = (id: string) => JSON.stringify({ requestId: id, inputLocation: `s3://async-bucket/input/${id}`, contentType: 'application/json', statusKey: `requests/${id}.json` });

  test('submits InvokeEndpointAsync for each message and writes the result location to the status object', async () => {
    runtime.on(InvokeEndpointAsyncCommand).resolves({ InferenceId: 'r2', OutputLocation: 's3://async-bucket/output/abc.out', FailureLocation: 's3://async-bucket/failure/abc-error.out' });
    const result = await submit({ endpointName: 'docs', bucket: 'async-bucket' }, { Records: [{ messageId: 'm1', body: message('r2') }] });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(runtime.commandCalls(InvokeEndpointAsyncCommand)[0].args[0].input).toEqual({
      EndpointName: 'docs', InputLocation: 's3://async-bucket/input/r2', ContentType: 'application/json', InferenceId: 'r2',
    });
    const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({ Bucket: 'async-bucket', Key: 'requests/r2.json' });
    expect(JSON.parse(put.Body as string)).toEqual({
      requestId: 'r2', status: 'submitted', inferenceId: 'r2', outputLocation: 's3://async-bucket/output/abc.out', failureLocation: 's3://async-bucket/failure/abc-error.out',
    });
  });

  test('a message that fails is returned for retry (then the dead-letter queue); the others go through', async () => {
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    runtime.on(InvokeEndpointAsyncCommand, { InferenceId: 'bad' }).rejects(new Error('ValidationError'));
    runtime.on(InvokeEndpointAsyncCommand, { InferenceId: 'good' }).resolves({ OutputLocation: 's3://async-bucket/output/g.out' });
    const result = await submit({ endpointName: 'docs', bucket: 'async-bucket' }, {
      Records: [{ messageId: 'm1', body: message('bad') }, { messageId: 'm2', body: message('good') }, { messageId: 'm3', body: 'not json' }],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }] });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
    expect(err).toHaveBeenCalledTimes(2);
    err.mockRestore();
  });
});
