import { App, Stack, Validations, aws_iam as iam } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  AsyncEndpoint, BatchTransformPipeline, ComponentEndpoint, CostAwareChecks, InferenceTier, ModelImage, PrioritySource, RealtimeEndpoint,
  TieredInferenceApi, TieredInferenceApiProps,
} from '../../lib';
import { linesAt, lineAt, reportOf, rolePermissions, testStack } from '../helpers';
import { dataBucket } from '../../examples/shared/buckets';
import { PriceUsage } from '../../lib/pricing/price-entry';

const IMAGE = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310';

function paths(stack: Stack): { realtime: RealtimeEndpoint; async: AsyncEndpoint; batch: BatchTransformPipeline } {
  const realtime = new RealtimeEndpoint(stack, 'Chat', { model: { image: ModelImage.fromImageUri(IMAGE) }, instanceType: 'ml.g5.xlarge', maxCapacity: 2, maxRequestsPerSecondPerInstance: 10 });
  const async = new AsyncEndpoint(stack, 'Docs', { model: { image: ModelImage.fromImageUri(IMAGE) }, instanceType: 'ml.g6e.2xlarge', maxCapacity: 2 });
  const data = dataBucket(stack, 'Data', 'data/');
  const role = new iam.Role(stack, 'BatchModelRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const batch = new BatchTransformPipeline(stack, 'Nightly', {
    modelName: 'summaries', modelExecutionRole: role, instanceType: 'ml.m5.xlarge',
    input: { bucket: data, prefix: 'summaries/in/' }, output: { bucket: data, prefix: 'summaries/out/' },
  });
  return { realtime, async, batch };
}

function tiered(stack: Stack, props: Partial<TieredInferenceApiProps> = {}): TieredInferenceApi {
  return new TieredInferenceApi(stack, 'Api', { ...paths(stack), throttle: { rateLimitPerSecond: 50, burstLimit: 100 }, ...props });
}

function envOf(stack: Stack, api: TieredInferenceApi): Record<string, any> {
  const fn = Template.fromStack(stack).findResources('AWS::Lambda::Function')[stack.getLogicalId(api.router.node.defaultChild as any)];
  return fn.Properties.Environment.Variables;
}

describe('TieredInferenceApi', () => {
  describe('template', () => {
    test('a REST API throttled at the stage and by a usage plan with an API key; POST /infer, IAM-authorized, proxied to the router', () => {
      const { stack } = testStack();
      const api = tiered(stack, { throttle: { rateLimitPerSecond: 50, burstLimit: 100, monthlyQuota: 2000000 } });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: 'v1',
        MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, LoggingLevel: 'ERROR', HttpMethod: '*', ResourcePath: '/*' })],
        AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      });
      template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        Throttle: { RateLimit: 50, BurstLimit: 100 },
        Quota: { Limit: 2000000, Period: 'MONTH' },
      });
      template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
      template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'POST', AuthorizationType: 'AWS_IAM', ApiKeyRequired: true,
        Integration: Match.objectLike({ Type: 'AWS_PROXY' }),
      });
      template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'infer' });
      expect(api.tiers).toEqual(['Realtime', 'Async', 'Batch']);
    });

    test('the routing table is data in the router\'s environment, with the default classes', () => {
      const { stack } = testStack();
      const api = tiered(stack);
      const env = envOf(stack, api);
      expect(JSON.parse(env.ROUTES)).toEqual({ interactive: 'Realtime', standard: 'Async', bulk: 'Batch' });
      expect(env).toMatchObject({ PRIORITY_SOURCE: 'header', PRIORITY_NAME: 'X-Inference-Priority', DEFAULT_CLASS: 'standard', ASYNC_INPUT_PREFIX: 'input/', BATCH_PREFIX: 'summaries/in/' });
      expect(env.BATCH_OUTPUT_URI['Fn::Join'][1].slice(-1)[0]).toBe('/summaries/out/');
    });

    test('a JSON body field and custom classes when asked', () => {
      const { stack } = testStack();
      const api = tiered(stack, {
        priority: {
          source: PrioritySource.BODY_FIELD, name: 'tier', defaultClass: 'chat',
          classes: [{ name: 'chat', tier: InferenceTier.REALTIME }, { name: 'docs', tier: InferenceTier.ASYNC }, { name: 'report', tier: InferenceTier.BATCH }, { name: 'later', tier: InferenceTier.BATCH }],
        },
      });
      const env = envOf(stack, api);
      expect(JSON.parse(env.ROUTES)).toEqual({ chat: 'Realtime', docs: 'Async', report: 'Batch', later: 'Batch' });
      expect(env).toMatchObject({ PRIORITY_SOURCE: 'body', PRIORITY_NAME: 'tier', DEFAULT_CLASS: 'chat' });
    });

    test('the async path: an encrypted, SSL-only queue with a dead-letter queue, drained by the submitter with partial batch responses', () => {
      const { stack } = testStack();
      const api = tiered(stack);
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true, VisibilityTimeout: 180,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [stack.getLogicalId(api.deadLetterQueue!.node.defaultChild as any), 'Arn'] }, maxReceiveCount: 3 },
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'],
        EventSourceArn: { 'Fn::GetAtt': [stack.getLogicalId(api.queue!.node.defaultChild as any), 'Arn'] },
      });
      template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler', Timeout: 30 });
      template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 29, MemorySize: 256 });
    });

    test('least privilege: the router invokes the real-time endpoint, sends to the queue and writes only the two input prefixes', () => {
      const { stack } = testStack();
      const api = tiered(stack);
      const template = Template.fromStack(stack);
      const permissions = rolePermissions(stack, stack.getLogicalId(api.router.role!.node.defaultChild as any));
      const actions = permissions.map(p => p.Action).sort();
      expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 's3:PutObject', 's3:PutObject', 'sagemaker:InvokeEndpoint',
        'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort());
      const puts = permissions.filter(p => p.Action === 's3:PutObject').map(p => JSON.stringify(p.Resource));
      expect(puts.filter(p => p.includes('/input/*'))).toHaveLength(1);
      expect(puts.filter(p => p.includes('/summaries/in/*'))).toHaveLength(1);
      // the submitter: InvokeEndpointAsync on the async endpoint and its requests/ prefix
      const sub = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: stack.getLogicalId(api.submitter!.role!.node.defaultChild as any) }] } });
      const subActions = Object.values(sub).flatMap((p: any) => p.Properties.PolicyDocument.Statement).flatMap((s: any) => [].concat(s.Action));
      expect(subActions).toEqual(expect.arrayContaining(['sagemaker:InvokeEndpointAsync', 's3:PutObject', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
      expect(subActions).not.toContain('sqs:SendMessage');
    });

    test('tags: the async machinery is Async; the shared front door names the paths it serves', () => {
      const { stack } = testStack();
      const api = tiered(stack);
      const template = Template.fromStack(stack);
      const tagOf = (r: any) => r.Properties.Tags?.find((t: any) => t.Key === 'InferenceType')?.Value;
      const byId = (c: any) => template.toJSON().Resources[stack.getLogicalId(c.node.defaultChild)];
      expect(tagOf(byId(api.queue))).toBe('Async');
      expect(tagOf(byId(api.deadLetterQueue))).toBe('Async');
      expect(tagOf(byId(api.submitter))).toBe('Async');
      expect(tagOf(byId(api.router))).toBe('Realtime+Async+Batch');
      expect(tagOf(byId(api.api))).toBe('Realtime+Async+Batch');
    });

    test('any subset of paths: real-time only has no queue', () => {
      const { stack } = testStack();
      const { realtime } = paths(stack);
      const api = new TieredInferenceApi(stack, 'Api', { realtime, throttle: { rateLimitPerSecond: 5, burstLimit: 10 } });
      expect(api.queue).toBeUndefined();
      Template.fromStack(stack).resourceCountIs('AWS::SQS::Queue', 0);
      expect(api.routes).toEqual({ interactive: 'Realtime' });
      expect(api.defaultClass).toBe('interactive');
    });

    test('grantInvoke allows execute-api:Invoke on POST /infer', () => {
      const { stack } = testStack();
      const api = tiered(stack);
      const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
      api.grantInvoke(caller);
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: stack.getLogicalId(caller.node.defaultChild as any) }],
        PolicyDocument: { Statement: [Match.objectLike({ Action: 'execute-api:Invoke', Resource: Match.objectLike({ 'Fn::Join': Match.anyValue() }) })] },
      });
    });
  });

  describe('a ComponentEndpoint as the real-time path', () => {
    function shared(stack: Stack): ComponentEndpoint {
      const image = ModelImage.fromImageUri(IMAGE);
      return new ComponentEndpoint(stack, 'Shared', {
        instanceType: 'ml.g5.12xlarge', maxInstanceCount: 2,
        components: [
          { name: 'chat', model: { image }, acceleratorsPerCopy: 1, memoryPerCopyInMb: 16000, maxCopies: 2, maxRequestsPerSecondPerCopy: 2 },
          { name: 'triage', model: { image }, acceleratorsPerCopy: 1, memoryPerCopyInMb: 16000, maxCopies: 2, maxRequestsPerSecondPerCopy: 2 },
        ],
      });
    }

    test('the router names the inference component and may invoke that component only', () => {
      const { stack } = testStack();
      const endpoint = shared(stack);
      const chat = endpoint.component('chat');
      const api = new TieredInferenceApi(stack, 'Api', { realtimeComponent: chat, throttle: { rateLimitPerSecond: 5, burstLimit: 10 } });
      const env = envOf(stack, api);
      expect(env.REALTIME_ENDPOINT_NAME).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(endpoint.endpoint), 'EndpointName'] });
      expect(env.REALTIME_INFERENCE_COMPONENT_NAME).toBe(chat.inferenceComponentName);
      expect(api.tiers).toEqual(['Realtime']);
      expect(api.routes).toEqual({ interactive: 'Realtime' });
      // InvokeEndpoint on the endpoint (required resource) and the chat component's ARN (the
      // optional inference-component resource the request names); not on the triage component
      const invoke = rolePermissions(stack, stack.getLogicalId(api.router.role!.node.defaultChild as any)).filter(p => p.Action.startsWith('sagemaker:'));
      expect(invoke).toEqual([
        { Effect: 'Allow', Action: 'sagemaker:InvokeEndpoint', Resource: { 'Fn::GetAtt': [stack.getLogicalId(chat.resource), 'InferenceComponentArn'] } },
        { Effect: 'Allow', Action: 'sagemaker:InvokeEndpoint', Resource: { Ref: stack.getLogicalId(endpoint.endpoint) } },
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
      expect(JSON.stringify(invoke)).not.toContain(stack.getLogicalId(endpoint.component('triage').resource));
    });

    test('records its real-time requests like any real-time path', () => {
      const { app, stack } = testStack();
      new TieredInferenceApi(stack, 'Api', {
        realtimeComponent: shared(stack).component('chat'), throttle: { rateLimitPerSecond: 5, burstLimit: 10 }, traffic: { realtimeRequestsPerMonth: 1000000 },
      });
      const report = reportOf(app);
      // 1,000,000 REST requests × $3.50 per million = $3.50
      expect(lineAt(report, 'TestStack/Api/Api/Resource').monthlyUsd.expected).toBe(3.5);
      // router: 1M × $0.20 per million + 1M × 0.5 s × 0.25 GB = 125,000 GB-s × $0.0000133334 = $0.20 + $1.67 = $1.87
      expect(lineAt(report, 'TestStack/Api/Router/Resource').monthlyUsd.expected).toBe(1.87);
    });

    test('passes AwsSolutions and CostAwareChecks', () => {
      const app = new App({ context: { 'cdk-cost-aware-inference:print': false } });
      const stack = new Stack(app, 'TestStack', { env: { region: 'us-east-1', account: '123456789012' } });
      new TieredInferenceApi(stack, 'Api', { realtimeComponent: shared(stack).component('chat'), throttle: { rateLimitPerSecond: 5, burstLimit: 10 } });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CostAwareChecks(app, { requireBudget: false }));
      expect(() => app.synth()).not.toThrow();
    });

    test('fails when both realtime and realtimeComponent are given', () => {
      const { stack } = testStack();
      const { realtime } = paths(stack);
      expect(() => new TieredInferenceApi(stack, 'Api', { realtime, realtimeComponent: shared(stack).component('chat'), throttle: { rateLimitPerSecond: 5, burstLimit: 10 } }))
        .toThrow('realtime and realtimeComponent are both given (TestStack/Chat, TestStack/Shared/chat): the real-time path takes one, give one of them');
    });
  });

  test('passes AwsSolutions and CostAwareChecks (acknowledged findings carry their reasons)', () => {
    const app = new App({ context: { 'cdk-cost-aware-inference:print': false } });
    const stack = new Stack(app, 'TestStack', { env: { region: 'us-east-1', account: '123456789012' } });
    tiered(stack);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CostAwareChecks(app, { requireBudget: false }));
    expect(() => app.synth()).not.toThrow();
  });

  describe('cost', () => {
    const traffic = { realtimeRequestsPerMonth: 1000000, asyncRequestsPerMonth: 200000, batchRequestsPerMonth: 50000 };

    test('prices API Gateway, the router, the queue, the submitter and the S3 PUTs from the traffic per path (the embedded snapshot)', () => {
      const { app, stack } = testStack();
      tiered(stack, { traffic });
      const report = reportOf(app);
      // 1,250,000 requests × $3.50 per million = $4.375
      expect(lineAt(report, 'TestStack/Api/Api/Resource').monthlyUsd).toEqual({ floor: 0, expected: 4.38, ceiling: 4.38 });
      // router: 1.25M × $0.20/M = $0.25; (1M × 0.5 s + 250,000 × 0.1 s) × 0.25 GB = 131,250 GB-s × $0.0000133334 = $1.75
      const router = lineAt(report, 'TestStack/Api/Router/Resource');
      expect(router.monthlyUsd.expected).toBe(2);
      expect(router.assumptions).toEqual(expect.arrayContaining([expect.stringContaining('131,250 GB-seconds')]));
      // queue: 200,000 × 3 + 657,000 idle long polls = 1,257,000 × $0.40/M = $0.5028
      const queue = lineAt(report, 'TestStack/Api/AsyncQueue/Resource');
      expect(queue.monthlyUsd.expected).toBe(0.5);
      expect(queue.assumptions).toEqual(expect.arrayContaining([expect.stringContaining('657,000 long-poll receives')]));
      // submitter: 200,000 × $0.20/M = $0.04 + 200,000 × 0.2 s × 0.25 GB = 10,000 GB-s × $0.0000133334 = $0.13
      expect(lineAt(report, 'TestStack/Api/Submitter/Resource').monthlyUsd.expected).toBe(0.17);
      // S3 PUTs: 200,000 × 2 + 50,000 = 450,000 × $0.005 per 1,000 = $2.25
      const puts = report.lines.find(l => l.description.startsWith('S3 PUT requests of deferred requests'))!;
      expect(puts.monthlyUsd).toEqual({ floor: 0, expected: 2.25, ceiling: 2.25 });
      // nothing of the API's parts is unpriced
      expect(linesAt(report, 'TestStack/Api').filter(l => !l.priced)).toEqual([]);
    });

    test('each request line names its price-book entry; an API in a region the book lacks is unpriced with the reason, never $0', () => {
      const { app, stack } = testStack();
      tiered(stack, { traffic });
      const report = reportOf(app);
      expect(lineAt(report, 'TestStack/Api/Api/Resource').price).toMatchObject({ usage: PriceUsage.REST_API_REQUESTS, sku: 'rest-api', date: '2025-10-20' });
      expect(lineAt(report, 'TestStack/Api/AsyncQueue/Resource').price).toMatchObject({ usage: PriceUsage.REQUESTS, sku: 'standard', date: '2025-08-28' });
      // the dead-letter queue gets no recorded traffic: $0 with its unit price stated
      expect(lineAt(report, 'TestStack/Api/DeadLetterQueue/Resource')).toMatchObject({ priced: true, monthlyUsd: { expected: 0 } });

      const other = testStack('sa-east-1');
      const image = ModelImage.fromImageUri('763104351884.dkr.ecr.sa-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310');
      const realtime = new RealtimeEndpoint(other.stack, 'Chat', { model: { image }, instanceType: 'ml.g5.xlarge', maxCapacity: 2, maxRequestsPerSecondPerInstance: 10 });
      new TieredInferenceApi(other.stack, 'Api', { realtime, throttle: { rateLimitPerSecond: 5, burstLimit: 10 }, traffic });
      const api = lineAt(reportOf(other.app), 'TestStack/Api/Api/Resource');
      expect(api.priced).toBe(false);
      expect(api.reason).toContain('rest-api');
    });
  });

  describe('bad input', () => {
    test('fails when throttling, classes or the default class are wrong, naming each prop and value', () => {
      const { stack } = testStack();
      const { realtime } = paths(stack);
      expect(() => new TieredInferenceApi(stack, 'Api', {
        realtime,
        throttle: { rateLimitPerSecond: 0, burstLimit: 2.5 },
        priority: { defaultClass: 'vip', classes: [{ name: 'chat', tier: InferenceTier.REALTIME }, { name: 'chat', tier: InferenceTier.ASYNC }, { name: 'a b', tier: InferenceTier.REALTIME }] },
      })).toThrow([
        'Invalid TieredInferenceApi props at TestStack/Api:',
        '  - throttle.rateLimitPerSecond must be a number of requests per second above 0, got: 0',
        '  - throttle.burstLimit must be a whole number of requests of at least 1, got: 2.5',
        "  - priority.classes[1].name must be unique, got a second 'chat'",
        "  - priority.classes[1] routes 'chat' to Async, but async is not given: give async or route the class to one of Realtime",
        "  - priority.classes[2].name must be 1 to 64 letters, digits, '-' or '_', got: 'a b'",
        "  - priority.defaultClass must be one of the classes ('chat', 'chat', 'a b'), got: 'vip'",
      ].join('\n'));
    });

    test('fails when no path is given', () => {
      const { stack } = testStack();
      expect(() => new TieredInferenceApi(stack, 'Api', { throttle: { rateLimitPerSecond: 1, burstLimit: 1 } }))
        .toThrow('realtime (or realtimeComponent), async or batch must be given: an API with no path has nothing to route to, got none');
    });
  });
});
