import {
  Duration, RemovalPolicy, Tags, Token, Validations, aws_apigateway as apigw, aws_iam as iam, aws_lambda as lambda,
  aws_lambda_event_sources as sources, aws_logs as logs, aws_s3 as s3, aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BatchTransformPipeline } from '../batch/batch-transform-pipeline';
import { AsyncEndpoint } from '../endpoints/async-endpoint';
import { HostedComponent } from '../endpoints/component-endpoint';
import { INFERENCE_TYPE_TAG } from '../endpoints/private/endpoint-resources';
import { VariantEndpointBase } from '../endpoints/variant-endpoint-base';
import { handlerCode } from '../guards/private/handler-code';
import { acknowledgeWildcards } from '../private/nag';
import { recordTieredUsage, ROUTER_MEMORY_MB, SUBMITTER_MEMORY_MB } from './private/usage';
import { Problems } from '../private/validation';

/** The three inference paths. The values are the `InferenceType` cost-allocation tag values. */
export enum InferenceTier {
  /** API Gateway → router → real-time endpoint, answered in the request. */
  REALTIME = 'Realtime',
  /** API Gateway → router → SQS → submitter → asynchronous endpoint; the result lands in S3. */
  ASYNC = 'Async',
  /** API Gateway → router → the batch transform's input prefix; the next run writes the result. */
  BATCH = 'Batch',
}

/** Where the router reads a request's priority class. */
export enum PrioritySource {
  /** An HTTP header (case-insensitive). */
  HEADER = 'header',
  /** A top-level field of a JSON body (the body is passed on unchanged). */
  BODY_FIELD = 'body',
}

/** One priority class of the routing table. */
export interface PriorityClass {
  /** The class name callers send, e.g. `interactive` (letters, digits, `-`, `_`). */
  readonly name: string;
  /** The path its requests take. */
  readonly tier: InferenceTier;
}

/** How requests are classed and routed. */
export interface PriorityRoutingOptions {
  /**
   * Where the class is read.
   * @default PrioritySource.HEADER
   */
  readonly source?: PrioritySource;
  /**
   * The header or JSON field name.
   * @default 'X-Inference-Priority' for a header, 'priority' for a body field
   */
  readonly name?: string;
  /**
   * The routing table: class → path. Every path named must be given an endpoint.
   * @default - `interactive` → Realtime, `standard` → Async, `bulk` → Batch, for the paths given
   */
  readonly classes?: PriorityClass[];
  /**
   * The class of a request that names none.
   * @default - `standard` (Async) when the async path exists, else `interactive` (Realtime), else `bulk`
   */
  readonly defaultClass?: string;
}

/** API Gateway throttling: required, because an API without a cap is an uncapped bill. */
export interface ApiThrottleOptions {
  /** Steady-state requests per second, for the stage and the usage plan. */
  readonly rateLimitPerSecond: number;
  /** Requests allowed at once above the steady rate (token bucket size). */
  readonly burstLimit: number;
  /**
   * Requests a month the usage plan's key may make (a quota), when you want one.
   * @default - no monthly quota: the rate limit bounds the month (rate × 2,628,000 s at most)
   */
  readonly monthlyQuota?: number;
}

/** The requests each path is expected to get a month, for the cost report only. */
export interface TieredTrafficOptions {
  /**
   * Requests a month routed to the real-time path.
   * @default 0
   */
  readonly realtimeRequestsPerMonth?: number;
  /**
   * Requests a month routed to the async path.
   * @default 0
   */
  readonly asyncRequestsPerMonth?: number;
  /**
   * Requests a month routed to the batch path.
   * @default 0
   */
  readonly batchRequestsPerMonth?: number;
  /**
   * How long the router runs for a real-time request (it waits for the model).
   * @default Duration.millis(500)
   */
  readonly realtimeRouterDuration?: Duration;
  /**
   * How long the router runs for an async or batch request (one S3 write, one SQS send).
   * @default Duration.millis(100)
   */
  readonly deferredRouterDuration?: Duration;
}

/** Properties of a `TieredInferenceApi`. */
export interface TieredInferenceApiProps {
  /**
   * The real-time endpoint (a `RealtimeEndpoint` or `ServerlessEndpoint`).
   * @default - no real-time path (or `realtimeComponent`)
   */
  readonly realtime?: VariantEndpointBase;
  /**
   * The real-time path as one model of a `ComponentEndpoint` (e.g. `shared.component('chat')`):
   * the router calls `InvokeEndpoint` on its endpoint with its `InferenceComponentName`, and may
   * invoke that component only. Give this or `realtime`, not both.
   * @default - no real-time path (or `realtime`)
   */
  readonly realtimeComponent?: HostedComponent;
  /**
   * The asynchronous endpoint.
   * @default - no async path
   */
  readonly async?: AsyncEndpoint;
  /**
   * The batch transform pipeline: requests are written under its input prefix.
   * @default - no batch path
   */
  readonly batch?: BatchTransformPipeline;
  /** API Gateway throttling (stage and usage plan). Required. */
  readonly throttle: ApiThrottleOptions;
  /**
   * How requests are classed and routed.
   * @default - the header `X-Inference-Priority`, the default classes
   */
  readonly priority?: PriorityRoutingOptions;
  /**
   * Expected requests per path, for the cost report.
   * @default - none: usage-dependent lines are $0 with their unit prices stated
   */
  readonly traffic?: TieredTrafficOptions;
}

const CLASS_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
// API Gateway's REST integration timeout is 29 s: the router waits no longer for the model.
const ROUTER_TIMEOUT = Duration.seconds(29);
const SUBMITTER_TIMEOUT = Duration.seconds(30);
/** The prefix of the async endpoint's bucket where the submitter writes each request's status. */
export const ASYNC_STATUS_PREFIX = 'requests/';

/**
 * One API in front of the three inference paths: an API Gateway REST API (IAM-authorized, API
 * key and usage plan, throttled by required rate and burst limits) whose router Lambda reads
 * each request's priority class (a header or a JSON field) and, by a routing table kept as data
 * in its environment, calls the real-time endpoint, queues the request for the asynchronous
 * endpoint (SQS → a submitter Lambda calling `InvokeEndpointAsync`, with a dead-letter queue),
 * or writes it under the batch transform's input prefix. Deferred responses (202) say where the
 * result will appear.
 *
 * Tags: the async queue and submitter carry `InferenceType=Async`; the shared front door (API,
 * router) carries the paths it serves joined by `+`, e.g. `Realtime+Async+Batch`.
 */
export class TieredInferenceApi extends Construct {
  /** The REST API. */
  public readonly api: apigw.RestApi;
  /** The router Lambda. */
  public readonly router: lambda.Function;
  /** The usage plan that throttles the API key. */
  public readonly usagePlan: apigw.UsagePlan;
  /** The API key callers send as `x-api-key`. */
  public readonly apiKey: apigw.IApiKey;
  /** The queue of async requests; undefined without an async path. */
  public readonly queue: sqs.Queue | undefined;
  /** Async requests that failed to submit after retries; undefined without an async path. */
  public readonly deadLetterQueue: sqs.Queue | undefined;
  /** The Lambda that submits queued requests to the async endpoint; undefined without an async path. */
  public readonly submitter: lambda.Function | undefined;
  /** The routing table (class → path), as the router reads it. */
  public readonly routes: { [priorityClass: string]: string };
  /** The class of a request that names none. */
  public readonly defaultClass: string;
  /** The paths this API serves. */
  public readonly tiers: InferenceTier[];

  constructor(scope: Construct, id: string, props: TieredInferenceApiProps) {
    super(scope, id);
    const { classes, defaultClass, source, name } = validate(this, props);
    const realtimePath = props.realtime ?? props.realtimeComponent;
    this.tiers = [InferenceTier.REALTIME, InferenceTier.ASYNC, InferenceTier.BATCH]
      .filter(t => (t === InferenceTier.REALTIME ? realtimePath : t === InferenceTier.ASYNC ? props.async : props.batch) !== undefined);
    this.routes = Object.fromEntries(classes.map(c => [c.name, c.tier]));
    this.defaultClass = defaultClass;

    const environment: { [key: string]: string } = {
      ROUTES: JSON.stringify(this.routes), PRIORITY_SOURCE: source, PRIORITY_NAME: name, DEFAULT_CLASS: defaultClass,
    };
    const routerRole = this.lambdaRole('RouterRole', 'TieredInferenceApi router: invokes the real-time endpoint, queues async requests, stores batch input');
    const grants: string[] = [];

    if (props.realtime) {
      props.realtime.grantInvoke(routerRole);
      environment.REALTIME_ENDPOINT_NAME = props.realtime.endpointName;
    } else if (props.realtimeComponent) {
      // InvokeEndpoint on the hosting endpoint and this component's ARN only (HostedComponent.grantInvoke).
      props.realtimeComponent.grantInvoke(routerRole);
      environment.REALTIME_ENDPOINT_NAME = props.realtimeComponent.endpointName;
      environment.REALTIME_INFERENCE_COMPONENT_NAME = props.realtimeComponent.inferenceComponentName;
    }
    if (props.async) {
      const queues = this.createAsyncPath(props.async);
      this.queue = queues.queue;
      this.deadLetterQueue = queues.deadLetterQueue;
      this.submitter = queues.submitter;
      this.queue.grantSendMessages(routerRole);
      grantPutObjects(routerRole, props.async.bucket, `${props.async.inputPrefix}*`);
      grants.push(`${props.async.inputPrefix}*`);
      Object.assign(environment, {
        ASYNC_QUEUE_URL: this.queue.queueUrl, ASYNC_BUCKET: props.async.bucket.bucketName,
        ASYNC_INPUT_PREFIX: props.async.inputPrefix, ASYNC_STATUS_PREFIX, ASYNC_OUTPUT_PREFIX: 'output/',
      });
    }
    if (props.batch) {
      const input = props.batch.input;
      grantPutObjects(routerRole, input.bucket, `${input.prefix ?? ''}*`);
      grants.push(`${input.prefix ?? ''}*`);
      Object.assign(environment, {
        BATCH_BUCKET: input.bucket.bucketName, BATCH_PREFIX: input.prefix ?? '',
        BATCH_OUTPUT_URI: `s3://${props.batch.output.bucket.bucketName}/${props.batch.output.prefix ?? ''}`,
      });
    }
    if (grants.length > 0) {
      acknowledgeWildcards(routerRole, 'The router writes one object per request, named by its request id at run time, under the async ' +
        "endpoint's input prefix and the batch transform's input prefix: only those prefixes, by wildcard",
      [new RegExp(`^Resource::.*/(${grants.map(g => escape(g.slice(0, -1))).join('|')})\\*$`)]);
    }

    this.router = new lambda.Function(this, 'Router', {
      code: handlerCode('tiered-router'),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: ROUTER_MEMORY_MB,
      timeout: ROUTER_TIMEOUT,
      role: routerRole,
      logGroup: this.logGroup('RouterLogs', routerRole),
      description: 'Routes inference requests by priority class to the real-time, async or batch path (cdk-cost-aware-inference)',
      environment,
    });

    const { api, usagePlan, apiKey } = this.createApi(props.throttle);
    this.api = api;
    this.usagePlan = usagePlan;
    this.apiKey = apiKey;

    // The front door serves every path it routes to; the async machinery serves only Async.
    Tags.of(this).add(INFERENCE_TYPE_TAG, this.tiers.join('+'));
    for (const c of [this.queue, this.deadLetterQueue, this.submitter, this.node.tryFindChild('SubmitterRole'), this.node.tryFindChild('SubmitterLogs')]) {
      if (c) Tags.of(c).add(INFERENCE_TYPE_TAG, InferenceTier.ASYNC, { priority: 200 });
    }

    recordTieredUsage(this, props.traffic);
  }

  /** Lets `grantee` call the API (`execute-api:Invoke` on its methods): its requests are SigV4-signed. */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['execute-api:Invoke'], resourceArns: [this.api.arnForExecuteApi('POST', '/infer')] });
  }

  private lambdaRole(id: string, description: string): iam.Role {
    return new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
  }

  private logGroup(id: string, role: iam.IGrantable): logs.LogGroup {
    const group = new logs.LogGroup(this, id, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    group.grantWrite(role);
    return group;
  }

  private createAsyncPath(endpoint: AsyncEndpoint): { queue: sqs.Queue; deadLetterQueue: sqs.Queue; submitter: lambda.Function } {
    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(this, 'AsyncQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the submitter's timeout, as the Lambda guide advises for SQS event sources.
      visibilityTimeout: Duration.seconds(SUBMITTER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 3 },
    });
    const role = this.lambdaRole('SubmitterRole', 'TieredInferenceApi submitter: calls InvokeEndpointAsync, writes request status');
    iam.Grant.addToPrincipal({ grantee: role, actions: ['sagemaker:InvokeEndpointAsync'], resourceArns: [endpoint.endpoint.ref] });
    grantPutObjects(role, endpoint.bucket, `${ASYNC_STATUS_PREFIX}*`);
    acknowledgeWildcards(role, `The submitter writes one status object per request, named by its request id at run time, under ${ASYNC_STATUS_PREFIX} of the async endpoint's bucket only`,
      [new RegExp(`^Resource::.*/${ASYNC_STATUS_PREFIX}\\*$`)]);
    const submitter = new lambda.Function(this, 'Submitter', {
      code: handlerCode('tiered-async-submitter'),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: SUBMITTER_MEMORY_MB,
      timeout: SUBMITTER_TIMEOUT,
      role,
      logGroup: this.logGroup('SubmitterLogs', role),
      description: 'Submits queued inference requests to the asynchronous endpoint (cdk-cost-aware-inference)',
      environment: { ENDPOINT_NAME: endpoint.endpointName, BUCKET: endpoint.bucket.bucketName },
    });
    submitter.addEventSource(new sources.SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    return { queue, deadLetterQueue, submitter };
  }

  private createApi(throttle: ApiThrottleOptions): { api: apigw.RestApi; usagePlan: apigw.UsagePlan; apiKey: apigw.IApiKey } {
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const api = new apigw.RestApi(this, 'Api', {
      description: `Tiered inference API (${this.node.path})`,
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: throttle.rateLimitPerSecond,
        throttlingBurstLimit: throttle.burstLimit,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
      endpointTypes: [apigw.EndpointType.REGIONAL],
    });
    api.root.addResource('infer').addMethod('POST', new apigw.LambdaIntegration(this.router), {
      authorizationType: apigw.AuthorizationType.IAM,
      apiKeyRequired: true,
    });
    const usagePlan = api.addUsagePlan('UsagePlan', {
      description: `Throttle of ${this.node.path}`,
      throttle: { rateLimit: throttle.rateLimitPerSecond, burstLimit: throttle.burstLimit },
      quota: throttle.monthlyQuota !== undefined ? { limit: throttle.monthlyQuota, period: apigw.Period.MONTH } : undefined,
      apiStages: [{ api, stage: api.deploymentStage }],
    });
    const apiKey = api.addApiKey('ApiKey', { description: `Key of ${this.node.path}` });
    usagePlan.addApiKey(apiKey);

    Validations.of(api).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason: 'No WAF web ACL by default: requests are SigV4-authorized, need the API key and are capped by stage and usage-plan throttling; ' +
        'a web ACL bills per ACL, rule and request, so attach one where the API faces untrusted clients',
    });
    Validations.of(api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason: 'Payloads are in each model\'s own format (JSON, text, images), which an API Gateway model cannot describe; the router ' +
        'validates the priority class and answers 400 naming the classes, and the endpoints validate their inputs',
    });
    Validations.of(api).acknowledge({
      id: 'AwsSolutions-COG4',
      reason: 'The method uses IAM (SigV4) authorization, for service callers holding grantInvoke; no Cognito user pool is involved',
    });
    const cloudWatchRole = api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'API Gateway execution logging needs the account-level CloudWatch role, which the API Gateway guide sets up with this AWS managed policy',
      });
    }
    return { api, usagePlan, apiKey };
  }
}

function grantPutObjects(role: iam.IGrantable, bucket: s3.IBucket, pattern: string): void {
  iam.Grant.addToPrincipal({ grantee: role, actions: ['s3:PutObject'], resourceArns: [bucket.arnForObjects(pattern)] });
  bucket.encryptionKey?.grantEncrypt(role);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function validate(scope: Construct, props: TieredInferenceApiProps): { classes: PriorityClass[]; defaultClass: string; source: string; name: string } {
  const problems = new Problems('TieredInferenceApi', scope);
  const present = new Set<InferenceTier>();
  if (props.realtime && props.realtimeComponent) {
    problems.add(`realtime and realtimeComponent are both given (${props.realtime.node.path}, ${props.realtimeComponent.node.path}): the real-time path takes one, give one of them`);
  }
  if (props.realtime || props.realtimeComponent) present.add(InferenceTier.REALTIME);
  if (props.async) present.add(InferenceTier.ASYNC);
  if (props.batch) present.add(InferenceTier.BATCH);
  if (present.size === 0) problems.add('realtime (or realtimeComponent), async or batch must be given: an API with no path has nothing to route to, got none');

  const t = props.throttle;
  if (!Token.isUnresolved(t.rateLimitPerSecond) && !(Number.isFinite(t.rateLimitPerSecond) && t.rateLimitPerSecond > 0)) {
    problems.add(`throttle.rateLimitPerSecond must be a number of requests per second above 0, got: ${t.rateLimitPerSecond}`);
  }
  if (!Token.isUnresolved(t.burstLimit) && !(Number.isInteger(t.burstLimit) && t.burstLimit >= 1)) {
    problems.add(`throttle.burstLimit must be a whole number of requests of at least 1, got: ${t.burstLimit}`);
  }
  if (t.monthlyQuota !== undefined && !Token.isUnresolved(t.monthlyQuota) && !(Number.isInteger(t.monthlyQuota) && t.monthlyQuota >= 1)) {
    problems.add(`throttle.monthlyQuota must be a whole number of requests of at least 1, got: ${t.monthlyQuota}`);
  }

  const source = props.priority?.source ?? PrioritySource.HEADER;
  const name = props.priority?.name ?? (source === PrioritySource.HEADER ? 'X-Inference-Priority' : 'priority');
  if (source === PrioritySource.HEADER && !HEADER_NAME.test(name)) problems.add(`priority.name must be an HTTP header name (letters, digits, hyphens, at most 64), got: '${name}'`);
  if (source === PrioritySource.BODY_FIELD && !(name.length >= 1 && name.length <= 64)) problems.add(`priority.name must be a JSON field name of 1 to 64 characters, got: '${name}'`);

  const defaults: PriorityClass[] = [
    { name: 'interactive', tier: InferenceTier.REALTIME }, { name: 'standard', tier: InferenceTier.ASYNC }, { name: 'bulk', tier: InferenceTier.BATCH },
  ].filter(c => present.has(c.tier));
  const classes = props.priority?.classes ?? defaults;
  if (props.priority?.classes && classes.length === 0) problems.add('priority.classes must list at least one class, got: []');
  const seen = new Set<string>();
  classes.forEach((c, i) => {
    if (!CLASS_NAME.test(c.name)) problems.add(`priority.classes[${i}].name must be 1 to 64 letters, digits, '-' or '_', got: '${c.name}'`);
    if (seen.has(c.name)) problems.add(`priority.classes[${i}].name must be unique, got a second '${c.name}'`);
    seen.add(c.name);
    if (!present.has(c.tier)) {
      const prop = c.tier === InferenceTier.REALTIME ? 'realtime' : c.tier === InferenceTier.ASYNC ? 'async' : 'batch';
      problems.add(`priority.classes[${i}] routes '${c.name}' to ${c.tier}, but ${prop} is not given: give ${prop} or route the class to one of ${[...present].join(', ') || 'no path'}`);
    }
  });
  const fallback = ['standard', 'interactive', 'bulk'].find(n => classes.some(c => c.name === n)) ?? classes[0]?.name ?? '';
  const defaultClass = props.priority?.defaultClass ?? fallback;
  if (classes.length > 0 && !classes.some(c => c.name === defaultClass)) {
    problems.add(`priority.defaultClass must be one of the classes (${classes.map(c => `'${c.name}'`).join(', ')}), got: '${defaultClass}'`);
  }
  problems.throwIfAny();
  return { classes, defaultClass, source, name };
}
