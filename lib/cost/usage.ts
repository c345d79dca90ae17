import { PriceService, PriceUsage } from '../pricing/price-entry';
import { MonthlyRange } from './report-schema';
import { Substrate, WorkloadComparisonOptions } from './workload-comparison';

// The usage contract between constructs and pricers: one type per kind of resource, each read by
// one pricer (named on the type). A construct records what the template cannot say (traffic,
// running hours, volumes); the pricer reads only its type. See lib/cost/README.md.

/**
 * A Spot saving the user states (measured on past runs, or expected from the Spot price
 * history), used instead of the price book's estimate. It is a usage assumption, not a price:
 * the report names it as the user's, with its source.
 */
export interface StatedSpotSavings {
  /**
   * The share of the on-demand price saved, as a fraction: at least 0 and below 1 (0.7 for 70%).
   * An unresolved token leaves the Spot-priced figures unpriced.
   */
  readonly fraction: number;
  /**
   * Where the figure comes from, in words, as the report shows it in parentheses: the prop
   * that set it and how it was obtained, e.g. `measuredSpotSavingsPercent; 1 − BillableTimeInSeconds
   * ÷ TrainingTimeInSeconds of recent runs`.
   */
  readonly source: string;
  /**
   * How the report introduces the figure, e.g. `the Spot saving you measured`.
   * @default 'the Spot saving you stated'
   */
  readonly statedAs?: string;
}

/**
 * The usage of one production variant of an `AWS::SageMaker::EndpointConfig`, recorded with
 * `CostReport.of(scope).recordVariantUsage(config, usage)`. Read by the endpoint-config pricer
 * (`lib/cost/pricers/endpoint-config.ts`) and the low-utilization advisor.
 */
export interface VariantUsage {
  /** The production variant's name: the `component` key of its line. */
  readonly variantName: string;
  /**
   * The instances the traffic needs in each of the 168 hours of the week (hour 0 = Monday 00:00,
   * in the schedule's time zone) under the scaling policy, before the bounds clamp them: whole
   * instances for target tracking, the hour's mean of whole instances for backlog scaling. The
   * pricer clamps them hour by hour to the bounds the template's scalable target and its
   * scheduled actions put in force (`lib/cost/capacity-model.ts`).
   * @default - no traffic: expected is the initial capacity as the schedule moves it
   */
  readonly hourlyDemand?: number[];
  /**
   * Requests per second in each of the same hours (the traffic that drove `hourlyDemand`). Read
   * by the low-utilization advisor with `targetRequestsPerSecondPerInstance`; pricing does not read it.
   * @default - not recorded: no utilization advice
   */
  readonly hourlyRequestsPerSecond?: number[];
  /**
   * The load, in requests per second, one instance is kept at by the scaling policy's target.
   * Read by the low-utilization advisor.
   * @default - read from the target-tracking policy when it tracks SageMakerVariantInvocationsPerInstance
   */
  readonly targetRequestsPerSecondPerInstance?: number;
  /**
   * Seconds one request takes on one instance slot (an asynchronous variant). No pricer reads
   * it: it states the workload behind `hourlyDemand` (the minute-level oracle in the tests replays it).
   * @default - not recorded
   */
  readonly processingSecondsPerRequest?: number;
  /**
   * GB-seconds of serverless compute a month (a serverless variant).
   * @default - no requests expected
   */
  readonly serverlessGbSecondsPerMonth?: number;
  /**
   * GB of request and response payloads a month (requests × stated payload size): the data
   * processed line of the variant.
   * @default - no payload size stated: the data processed line says so
   */
  readonly dataProcessedGbPerMonth?: number;
  /** The assumptions behind these figures, in words, as the report should list them. */
  readonly assumptions: string[];
}

/**
 * The usage of an `AWS::AutoScaling::AutoScalingGroup`, recorded with
 * `CostReport.of(scope).recordAutoScalingGroupUsage(group, usage)`. Read by the Auto Scaling
 * group pricer (`lib/cost/pricers/auto-scaling-group.ts`).
 */
export interface AutoScalingGroupUsage {
  /**
   * Capacity units the traffic needs in each of the 168 hours of the week, before the bounds
   * (MinSize / MaxSize and the scheduled actions on the group) clamp them hour by hour.
   * @default - no traffic: expected is DesiredCapacity (else MinSize) as the schedule moves it
   */
  readonly hourlyDemand?: number[];
  /**
   * The Spot saving stated for the group, used instead of the price book's estimated Spot
   * discount for its Spot share.
   * @default - the price book's estimated Spot discount per instance type, when it has one
   */
  readonly spotSavings?: StatedSpotSavings;
  /** The assumptions behind these figures, in words. */
  readonly assumptions: string[];
}

/**
 * The traffic of an `AWS::ElasticLoadBalancingV2::LoadBalancer`, recorded with
 * `CostReport.of(scope).recordLoadBalancerUsage(loadBalancer, usage)`. Read by the load
 * balancer pricer (`lib/cost/pricers/application-load-balancer.ts`), which turns it into LCU-hours.
 */
export interface LoadBalancerUsage {
  /**
   * Requests per second in each of the 168 hours of the week.
   * @default - no traffic recorded: expected assumes no LCU-hours
   */
  readonly hourlyRequestsPerSecond?: number[];
  /**
   * LCU-hours a month, when the construct knows them (instead of estimating from requests).
   * @default - estimated from `hourlyRequestsPerSecond`
   */
  readonly lcuHoursPerMonth?: number;
  /** The assumptions behind these figures, in words. */
  readonly assumptions: string[];
}

/**
 * The running hours of an `AWS::SageMaker::NotebookInstance`, recorded with
 * `CostReport.of(scope).recordNotebookUsage(notebook, usage)`. Read by the notebook pricer
 * (`lib/cost/pricers/notebook-instance.ts`).
 */
export interface NotebookUsage {
  /** Hours a month the notebook runs (an idle stopper, a working pattern). */
  readonly runningHoursPerMonth: number;
  /** The assumptions behind the figure, in words. */
  readonly assumptions: string[];
}

/**
 * Monthly quantities of a metered resource (a Lambda function, an SNS topic, a state machine,
 * a NAT gateway's data), recorded with `CostReport.of(scope).recordMeteredUsage(resource, usage)`.
 * Read by the usage-dependent pricers (`lib/cost/pricers/usage-dependent.ts`) and the NAT
 * gateway pricer (`lib/cost/pricers/nat-gateway.ts`).
 */
export interface MeteredUsage {
  /**
   * Monthly quantities by price-book usage (a `PriceUsage` value), in the price entry's unit:
   * for example `{ requests: 3e6, duration: 1.2e5 }`.
   */
  readonly quantities: { [usage: string]: number };
  /** The assumptions behind these figures, in words. */
  readonly assumptions: string[];
}

/**
 * A line for work that has no CloudFormation resource of its own (a Bedrock batch job, a
 * training run started by a state machine), recorded with `CostReport.of(scope).addUsageLine`.
 * Priced by the cost engine (`lib/cost/cost-engine.ts`, `priceUsageLine`).
 */
export interface UsageLineOptions {
  /** What the line is, e.g. `Bedrock batch inference, amazon.nova-lite-v1:0 input tokens`. */
  readonly description: string;
  /**
   * A stable key for the part of the work the line is for (e.g. `input-tokens`), so advisors
   * find the line by key, not by description.
   * @default - none
   */
  readonly component?: string;
  /** The service of the price-book entry. */
  readonly service: PriceService;
  /** The usage of the price-book entry. */
  readonly usage: PriceUsage;
  /** The SKU of the price-book entry: an instance type or model id. */
  readonly sku: string;
  /** Monthly quantity, in the price entry's unit, at floor / expected / ceiling. */
  readonly quantity: MonthlyRange;
  /** The assumptions behind the quantities, in words. */
  readonly assumptions: string[];
  /**
   * Price floor and expected at the price book's estimated Spot discount for (service, sku),
   * else its family; without one in the book, expected stays on-demand and the report says so.
   * The ceiling stays on-demand.
   * @default false - on-demand at every bound
   */
  readonly spotDiscount?: boolean;
  /**
   * Price floor and expected at the saving the user stated instead of the book's (named in the
   * line's assumptions with its source). The ceiling stays on-demand.
   * @default - `spotDiscount` decides
   */
  readonly statedSpotSavings?: StatedSpotSavings;
  /**
   * Also price the expected quantity at this other usage of the same SKU (e.g. on-demand
   * tokens beside batch tokens), shown beside the line as the alternative.
   * @default - no alternative
   */
  readonly alternativeUsage?: PriceUsage;
  /**
   * How the report names the alternative, e.g. `on-demand training (no Spot)`.
   * @default `<sku> at <alternativeUsage>`
   */
  readonly alternativeDescription?: string;
  /**
   * The resource type column.
   * @default `Usage::<service>`
   */
  readonly resourceType?: string;
}

/** Everything recorded for one resource, by kind: what `IAdvisorContext.usageOf` returns. */
export interface RecordedUsage {
  /** The usage of each production variant (an endpoint config). */
  readonly variants: VariantUsage[];
  /** An Auto Scaling group's usage. @default - none recorded */
  readonly group?: AutoScalingGroupUsage;
  /** A load balancer's traffic. @default - none recorded */
  readonly loadBalancer?: LoadBalancerUsage;
  /** A notebook's running hours. @default - none recorded */
  readonly notebook?: NotebookUsage;
  /** A metered resource's quantities. @default - none recorded */
  readonly metered?: MeteredUsage;
}

/** An empty record. */
export function emptyUsage(): RecordedUsage {
  return { variants: [] };
}

/**
 * A workload the report compares across substrates, recorded with
 * `CostReport.of(scope).recordWorkload(target, usage)` by a construct given `compareWith`. Read
 * by `compare-workloads.ts`, which adds `substrate`, `alternatives`, `cheapestSubstrate`,
 * `breakEven` and `costCurve` to the target's line (the line whose path is the target's and whose
 * component is `component`). It never changes the line's figures.
 */
export interface WorkloadUsage {
  /** The component of the line the comparison is attached to. @default - the line with no component */
  readonly component?: string;
  /** Requests per second in each of the 168 hours of the week. */
  readonly hourlyRequestsPerSecond: number[];
  /** The traffic in words. */
  readonly trafficDescription: string;
  /** The substrate the workload is deployed on. */
  readonly substrate: Substrate;
  /**
   * What the deployed construct states of itself: its endpoint, fleet or Bedrock options and
   * target utilization, used for the deployed substrate and as the default of the alternatives.
   */
  readonly deployed: WorkloadComparisonOptions;
  /** The fewest instances the deployed endpoint or fleet runs. @default 1 (a fleet: its on-demand base; an async endpoint: 0) */
  readonly minCapacity?: number;
  /**
   * Memory of the deployed serverless endpoint, in MB, for its own substrate figure.
   * @default - `deployed.endpoint.serverlessMemorySizeInMb`
   */
  readonly serverlessMemorySizeInMb?: number;
  /**
   * Seconds of compute per request of the deployed serverless endpoint, for its own substrate figure.
   * @default - `deployed.endpoint.serverlessSecondsPerRequest`
   */
  readonly serverlessSecondsPerRequest?: number;
  /** What to compare with. */
  readonly compareWith: WorkloadComparisonOptions;
}
