// The public options of a workload comparison: which substrates a workload is compared with, and
// what each needs to be priced that the deployed construct does not state. jsii structs and enums
// only (STYLE.md). The models behind the figures live in `substrates.ts`; the search for the
// break-even in `break-even.ts`.

import { InstanceTypeUse } from '../catalog/instance-catalog';
import { Problems } from '../private/validation';

/** Where an inference workload can run, as the report compares it. */
export enum Substrate {
  /** A SageMaker real-time endpoint, autoscaled by target tracking (at least one instance). */
  REALTIME_ENDPOINT = 'sagemaker-realtime',
  /** A SageMaker asynchronous endpoint scaling to zero at the same target. */
  ASYNC_ENDPOINT = 'sagemaker-async',
  /** A SageMaker serverless endpoint (GB-seconds of compute). */
  SERVERLESS_ENDPOINT = 'sagemaker-serverless',
  /** SageMaker batch transform: the month's requests as jobs, instances at full throughput. */
  BATCH_TRANSFORM = 'sagemaker-batch-transform',
  /** A self-hosted EC2 fleet (InferenceFleet): an on-demand base, Spot above it. */
  EC2_FLEET = 'ec2-fleet',
  /** Amazon Bedrock on-demand: input and output tokens. */
  BEDROCK_ON_DEMAND = 'bedrock-on-demand',
  /** Amazon Bedrock batch inference: input and output tokens at the batch rates. */
  BEDROCK_BATCH = 'bedrock-batch',
}

/** Every substrate, in the order the report lists them. */
export const ALL_SUBSTRATES: readonly Substrate[] = [
  Substrate.REALTIME_ENDPOINT, Substrate.ASYNC_ENDPOINT, Substrate.SERVERLESS_ENDPOINT, Substrate.BATCH_TRANSFORM,
  Substrate.EC2_FLEET, Substrate.BEDROCK_ON_DEMAND, Substrate.BEDROCK_BATCH,
];

/** The Bedrock side of a comparison: a named model and the tokens one request uses. */
export interface BedrockComparisonOptions {
  /** The Bedrock model or inference profile id the price book names, e.g. `us.anthropic.claude-3-5-haiku-20241022-v1:0`. */
  readonly modelId: string;
  /** Input (prompt) tokens per request, on average. */
  readonly inputTokensPerRequest: number;
  /** Output (completion) tokens per request, on average. */
  readonly outputTokensPerRequest: number;
  /**
   * Tokens of the prompt's cacheable prefix (part of `inputTokensPerRequest`), for on-demand prompt caching.
   * @default 0 - no prompt caching
   */
  readonly cacheablePrefixTokens?: number;
  /**
   * The share of requests (0 to 1) that read the prefix from the cache; a miss writes it.
   * @default 0
   */
  readonly expectedCacheHitRate?: number;
}

/** The SageMaker side of a comparison (real-time, async, batch transform, serverless). */
export interface EndpointComparisonOptions {
  /** The SageMaker instance type the model would run on, e.g. `ml.inf2.xlarge`. */
  readonly instanceType: string;
  /** Requests per second one instance of that type serves at its limit, as you measured it. */
  readonly maxRequestsPerSecondPerInstance: number;
  /**
   * Memory of a serverless endpoint, in MB (1,024 to 6,144).
   * @default - no serverless alternative: the report says it needs this and `serverlessSecondsPerRequest`
   */
  readonly serverlessMemorySizeInMb?: number;
  /**
   * Seconds of compute one request takes on a serverless endpoint.
   * @default - no serverless alternative: the report says it needs this and `serverlessMemorySizeInMb`
   */
  readonly serverlessSecondsPerRequest?: number;
}

/** The self-hosted side of a comparison: an EC2 fleet of one instance type. */
export interface FleetComparisonOptions {
  /** The EC2 instance type, e.g. `inf2.xlarge`. */
  readonly instanceType: string;
  /** Requests per second one instance serves at its limit, as you measured it. */
  readonly maxRequestsPerSecondPerInstance: number;
  /**
   * Instances always bought on-demand (and the fewest the fleet runs).
   * @default 1
   */
  readonly onDemandBaseCapacity?: number;
  /**
   * Percentage (0–100) of the capacity above the base bought on-demand; the rest runs on Spot.
   * @default 100 - all on-demand
   */
  readonly onDemandPercentageAboveBaseCapacity?: number;
  /**
   * The Spot saving over on-demand you expect, in percent (at least 0, below 100).
   * @default - the price book's estimated Spot discount for the type, else Spot priced on-demand
   */
  readonly spotSavingsPercent?: number;
  /**
   * NAT gateways the fleet's VPC runs (each with its public IPv4 address), priced per hour.
   * @default 1 - InferenceFleet's default VPC
   */
  readonly natGateways?: number;
  /**
   * The gp3 root volume of each instance, in GB, priced per GB-month over the instance-hours.
   * @default 200 - InferenceFleet's default
   */
  readonly rootVolumeSizeInGb?: number;
}

/**
 * What the report compares a deployed workload with: the same traffic priced on other
 * substrates, the cheapest marked, and the traffic scale at which the order changes.
 */
export interface WorkloadComparisonOptions {
  /**
   * The substrates to compare with (the deployed one is left out of its own alternatives).
   * @default - every substrate: those the workload does not state enough for are listed as not compared, with what they need
   */
  readonly substrates?: Substrate[];
  /**
   * A Bedrock model and the tokens per request, for the Bedrock on-demand and batch alternatives.
   * @default - from the deployed Bedrock workload; otherwise no Bedrock alternative ("needs tokens per request")
   */
  readonly bedrock?: BedrockComparisonOptions;
  /**
   * A SageMaker instance type and its throughput, for the endpoint and batch transform alternatives.
   * @default - from the deployed endpoint; otherwise no SageMaker alternative
   */
  readonly endpoint?: EndpointComparisonOptions;
  /**
   * An EC2 instance type and its throughput, for the fleet alternative.
   * @default - from the deployed fleet; otherwise no fleet alternative
   */
  readonly fleet?: FleetComparisonOptions;
  /**
   * The share of measured throughput the instance-based alternatives are kept at (their scaling target).
   * @default - the deployed construct's target utilization, else 0.7
   */
  readonly targetUtilization?: number;
}

/**
 * Checks `compareWith` (named `prop` in messages) into `problems`: enum values, instance types,
 * throughputs and token counts above 0, percentages in range. Tokens are skipped by the helper.
 */
export function checkWorkloadComparison(problems: Problems, prop: string, options: WorkloadComparisonOptions | undefined): void {
  if (!options) return;
  (options.substrates ?? []).forEach((s, i) => problems.oneOf(`${prop}.substrates[${i}]`, s, Substrate, 'Substrate'));
  const b = options.bedrock;
  if (b) {
    if (problems.string(`${prop}.bedrock.modelId`, b.modelId) && b.modelId.trim() === '') problems.add(`${prop}.bedrock.modelId must name a Bedrock model or inference profile, got: ''`);
    problems.wholeNumber(`${prop}.bedrock.inputTokensPerRequest`, b.inputTokensPerRequest, 0);
    problems.wholeNumber(`${prop}.bedrock.outputTokensPerRequest`, b.outputTokensPerRequest, 0);
    if (b.cacheablePrefixTokens !== undefined) {
      problems.wholeNumber(`${prop}.bedrock.cacheablePrefixTokens`, b.cacheablePrefixTokens, 0);
      if (b.cacheablePrefixTokens > b.inputTokensPerRequest) {
        problems.add(`${prop}.bedrock.cacheablePrefixTokens must be at most inputTokensPerRequest (${b.inputTokensPerRequest}), got: ${b.cacheablePrefixTokens}`);
      }
    }
    const hit = b.expectedCacheHitRate;
    if (hit !== undefined && problems.number(`${prop}.bedrock.expectedCacheHitRate`, hit) && !(hit >= 0 && hit <= 1)) {
      problems.add(`${prop}.bedrock.expectedCacheHitRate must be a fraction from 0 to 1, got: ${hit}`);
    }
  }
  const e = options.endpoint;
  if (e) {
    problems.instanceType(`${prop}.endpoint.instanceType`, e.instanceType, InstanceTypeUse.HOSTING);
    problems.positive(`${prop}.endpoint.maxRequestsPerSecondPerInstance`, e.maxRequestsPerSecondPerInstance, 'requests per second');
    if (e.serverlessMemorySizeInMb !== undefined) problems.wholeNumber(`${prop}.endpoint.serverlessMemorySizeInMb`, e.serverlessMemorySizeInMb, 1024, 6144);
    if (e.serverlessSecondsPerRequest !== undefined) problems.positive(`${prop}.endpoint.serverlessSecondsPerRequest`, e.serverlessSecondsPerRequest, 'seconds');
  }
  const f = options.fleet;
  if (f) {
    problems.instanceType(`${prop}.fleet.instanceType`, f.instanceType, InstanceTypeUse.EC2);
    problems.positive(`${prop}.fleet.maxRequestsPerSecondPerInstance`, f.maxRequestsPerSecondPerInstance, 'requests per second');
    if (f.onDemandBaseCapacity !== undefined) problems.wholeNumber(`${prop}.fleet.onDemandBaseCapacity`, f.onDemandBaseCapacity, 0);
    if (f.onDemandPercentageAboveBaseCapacity !== undefined) problems.wholeNumber(`${prop}.fleet.onDemandPercentageAboveBaseCapacity`, f.onDemandPercentageAboveBaseCapacity, 0, 100);
    if (f.natGateways !== undefined) problems.wholeNumber(`${prop}.fleet.natGateways`, f.natGateways, 0);
    if (f.rootVolumeSizeInGb !== undefined) problems.wholeNumber(`${prop}.fleet.rootVolumeSizeInGb`, f.rootVolumeSizeInGb, 8, 16384);
    if (f.spotSavingsPercent !== undefined && problems.number(`${prop}.fleet.spotSavingsPercent`, f.spotSavingsPercent) &&
      !(f.spotSavingsPercent >= 0 && f.spotSavingsPercent < 100)) {
      problems.add(`${prop}.fleet.spotSavingsPercent must be at least 0 and below 100, got: ${f.spotSavingsPercent}`);
    }
  }
  const t = options.targetUtilization;
  if (t !== undefined && problems.number(`${prop}.targetUtilization`, t) && !(t > 0 && t <= 1)) {
    problems.add(`${prop}.targetUtilization must be in (0, 1], got: ${t}`);
  }
}
