import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BedrockModelId } from './bedrock-model-id';
import { InvokeStatement, invokeStatements } from './private/inference-profiles';
import { recordComparison, recordOnDemandUsage, recordProvisionedUsage, requestVolumes, TokenVolumes } from './private/record-usage';
import { validateModelAccess } from './private/validate';
import { TrafficProfile } from '../cost/traffic-profile';
import { WorkloadComparisonOptions } from '../cost/workload-comparison';
import { warn } from '../private/validation';

/** The term of a Provisioned Throughput purchase (Bedrock bills it per model unit and hour). */
export enum ProvisionedThroughputCommitment {
  /** No commitment: billed hourly until deleted (offered for some models only). */
  NONE = 'no-commitment',
  /** A one-month commitment. */
  ONE_MONTH = '1-month',
  /** A six-month commitment. */
  SIX_MONTHS = '6-month',
}

/** Prompt caching of a request's fixed prefix (system prompt, tools, shared documents). */
export interface PromptCachingOptions {
  /**
   * Tokens at the start of each request's input that are the same across requests and marked
   * with a cache checkpoint. Part of `inputTokensPerRequest`, so at most that many. Bedrock
   * caches a prefix only from a model's minimum checkpoint size (e.g. 1,024 tokens for Claude
   * Sonnet; see the model's page): below it the prefix is billed as ordinary input.
   */
  readonly cacheablePrefixTokens: number;
  /**
   * The share of requests expected to find the prefix in the cache, as a fraction from 0 to 1
   * (0.9 for 90%). A hit reads the prefix at the cache-read price; a miss writes it at the
   * cache-write price (above the input price). The cache lives 5 minutes after its last use,
   * so a steady stream of requests hits it and a trickle does not.
   */
  readonly expectedHitRate: number;
}

/**
 * Provisioned Throughput: model units bought for a model, billed per model unit and hour
 * whether used or not, instead of per token.
 */
export interface ProvisionedThroughputOptions {
  /** The model units purchased: a whole number of at least 1. */
  readonly modelUnits: number;
  /**
   * The commitment term.
   * @default ProvisionedThroughputCommitment.NONE
   */
  readonly commitment?: ProvisionedThroughputCommitment;
  /**
   * The ARN of the provisioned model (`arn:aws:bedrock:<region>:<account>:provisioned-model/<id>`),
   * which CreateProvisionedModelThroughput returns: CloudFormation has no resource for the
   * purchase. The grant is on this ARN, the model id requests send.
   */
  readonly provisionedModelArn: string;
}

/** Properties of a `BedrockModelAccess`. */
export interface BedrockModelAccessProps {
  /**
   * The model or cross-Region inference profile invoked, e.g.
   * `BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5` or `BedrockModelId.of('...')`. A profile must
   * serve the stack's Region (a `us.` profile from us-east-1, not from eu-west-1).
   */
  readonly model: BedrockModelId;
  /**
   * Who calls the model: a function, a role, a task definition's task role. Granted
   * `bedrock:InvokeModel` (which also authorizes Converse) on exactly this model, and
   * `bedrock:InvokeModelWithResponseStream` (ConverseStream) when `responseStreaming` is on.
   */
  readonly grantee: iam.IGrantable;
  /**
   * Whether the grantee may stream responses (InvokeModelWithResponseStream, ConverseStream).
   * @default true
   */
  readonly responseStreaming?: boolean;
  /** How requests arrive over the week, for the cost report (requests per second, hour by hour). */
  readonly traffic: TrafficProfile;
  /** Input tokens of one request: system prompt, conversation, documents (including any cacheable prefix). */
  readonly inputTokensPerRequest: number;
  /** Output tokens of one response. */
  readonly outputTokensPerRequest: number;
  /**
   * Prompt caching of a shared prefix: the report then prices cache reads and writes apart
   * from the uncached input.
   * @default - no prompt caching: every input token at the input price
   */
  readonly promptCaching?: PromptCachingOptions;
  /**
   * Provisioned Throughput serving the traffic: the grant is on the provisioned model, and the
   * report prices model-unit-hours instead of tokens (unpriced, with the reason, while the
   * price book has no sourced rate for the model and term).
   * @default - on demand: billed per token, nothing while idle
   */
  readonly provisionedThroughput?: ProvisionedThroughputOptions;
  /**
   * Compare this workload with other substrates in the cost report (a SageMaker endpoint, async or
   * batch transform with `compareWith.endpoint`, an EC2 fleet with `compareWith.fleet`, Bedrock
   * batch): the same traffic priced on each, the cheapest marked, the break-even, and a chart
   * beside the report, on the input-tokens line. On demand only.
   * @default - no comparison
   */
  readonly compareWith?: WorkloadComparisonOptions;
}

/** The usage a `BedrockModelAccess` records for the report, as stated and as derived. */
export interface BedrockTokenUsage {
  /** The model or profile id the tokens are priced at. */
  readonly modelId: string;
  /** Requests in a 730-hour month, from the traffic profile. */
  readonly requestsPerMonth: number;
  /** Requests in a month at the profile's peak hour around the clock (the ceiling). */
  readonly peakRequestsPerMonth: number;
  /** Input tokens of one request, including the cacheable prefix. */
  readonly inputTokensPerRequest: number;
  /** Output tokens of one response. */
  readonly outputTokensPerRequest: number;
  /** Tokens of the cacheable prefix (0 without prompt caching). */
  readonly cacheablePrefixTokens: number;
  /** Expected share of requests that hit the cache, 0 to 1 (0 without prompt caching). */
  readonly expectedCacheHitRate: number;
  /** Model units of Provisioned Throughput (0 on demand). */
  readonly provisionedModelUnits: number;
}

/**
 * On-demand access to one Bedrock model for a workload: grants the caller least-privilege
 * invoke on exactly that model, or on a cross-Region inference profile and the foundation model
 * in each Region the profile routes to (only through the profile), and records the workload's
 * traffic and tokens so the cost report prices its input, output, cache-read and cache-write
 * tokens at the model's (or the profile's) prices. It creates no CloudFormation resource of its
 * own: the grant lands in the grantee's policy.
 *
 * Cost: one line per kind of token, floor $0 (no requests, no bill), expected from the traffic
 * profile's week, ceiling at its peak hour around the clock; with Provisioned Throughput, one
 * line of model-unit-hours instead.
 */
export class BedrockModelAccess extends Construct {
  /** The model or inference profile invoked. */
  public readonly model: BedrockModelId;
  /** The grant given to `grantee` (its principal statements name the exact ARNs). */
  public readonly grant: iam.Grant;
  /** The traffic the report prices. */
  public readonly traffic: TrafficProfile;
  /** The token volumes the report prices. */
  public readonly usage: BedrockTokenUsage;
  private readonly actions: string[];
  private readonly invokeTargets: InvokeStatement[];

  constructor(scope: Construct, id: string, props: BedrockModelAccessProps) {
    super(scope, id);
    validateModelAccess(this, props);
    this.model = props.model;
    this.traffic = props.traffic;
    this.actions = (props.responseStreaming ?? true)
      ? ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']
      : ['bedrock:InvokeModel'];
    const provisioned = props.provisionedThroughput;
    this.invokeTargets = provisioned
      ? [{ resources: [provisioned.provisionedModelArn] }]
      : invokeStatements(Stack.of(this), props.model);
    this.grant = this.grantInvoke(props.grantee);
    if (!this.grant.success) {
      // A principal with no policy of its own (a service or account principal).
      warn(this, 'BedrockGrantNotAdded', `the grantee has no policy this grant can add to, so it may not invoke ` +
        `${props.model.modelId}: grant ${this.actions.join(' and ')} on ${this.invokeTargets.flatMap(t => t.resources).length} ` +
        'ARNs (the family README lists them by kind of model) to the role it runs as');
    }

    const requests = requestVolumes(props.traffic);
    const volumes: TokenVolumes = {
      requestsPerMonth: requests.expected,
      peakRequestsPerMonth: requests.peak,
      inputTokensPerRequest: props.inputTokensPerRequest,
      outputTokensPerRequest: props.outputTokensPerRequest,
      cacheablePrefixTokens: props.promptCaching?.cacheablePrefixTokens ?? 0,
      expectedCacheHitRate: props.promptCaching?.expectedHitRate ?? 0,
    };
    this.usage = { modelId: props.model.modelId, ...volumes, provisionedModelUnits: provisioned?.modelUnits ?? 0 };
    if (provisioned) {
      recordProvisionedUsage(this, props.model, provisioned.modelUnits, provisioned.commitment ?? ProvisionedThroughputCommitment.NONE, props.traffic, volumes);
    } else {
      recordOnDemandUsage(this, props.model.modelId, props.traffic, volumes);
      if (props.compareWith) recordComparison(this, props.model.modelId, props.traffic, volumes, props.compareWith);
    }
  }

  /**
   * Grants another principal the same invoke permissions on this model (or profile and the
   * foundation model in its Regions, or the provisioned model). Its traffic is not added to the
   * report: give a second workload its own `BedrockModelAccess`.
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.invokeTargets
      .map(s => iam.Grant.addToPrincipal({ grantee, actions: this.actions, resourceArns: s.resources, conditions: s.conditions }))
      .reduce((a, b) => a.combine(b));
  }
}
