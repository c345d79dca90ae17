import { PriceService, PriceUsage } from '../pricing/price-entry';
import { MonthlyRange } from './report-schema';

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
 * What a construct knows about a resource's usage that the template cannot say: traffic,
 * running hours, request volumes. Attached with `CostReport.of(scope).recordUsage(resource, usage)`;
 * the resource's pricer reads it to refine the `expected` figure (floor and ceiling still come
 * from the template).
 */
export interface ResourceUsage {
  /**
   * The part of the resource this usage is for: a production variant name for an endpoint config.
   * @default - the whole resource
   */
  readonly component?: string;
  /**
   * Instances running in each hour of a representative period (e.g. the 168 hours of a week),
   * every hour weighted equally. Its mean × 730 is the month's expected instance-hours; fleets
   * with a Spot share split each hour into on-demand and Spot.
   * @default - the pricer's own assumption (stated in the report)
   */
  readonly hourlyInstances?: number[];
  /**
   * Hours a month the resource runs (notebooks, instances stopped part of the time).
   * @default - the pricer's own assumption (stated in the report)
   */
  readonly runningHoursPerMonth?: number;
  /**
   * Requests per second in each hour of the same period as `hourlyInstances` (the traffic that
   * drove them). With `targetRequestsPerSecondPerInstance`, advisors measure how busy the paid
   * capacity is (CostAware-Advice-LowUtilization); pricing does not read it.
   * @default - not recorded: no utilization advice
   */
  readonly hourlyRequestsPerSecond?: number[];
  /**
   * The load, in requests per second, one instance is kept at by the scaling policy's target.
   * @default - read from the target-tracking policy when it tracks SageMakerVariantInvocationsPerInstance
   */
  readonly targetRequestsPerSecondPerInstance?: number;
  /**
   * The Spot saving stated for this resource, used instead of the price book's estimated Spot
   * discount for its Spot share (an Auto Scaling group's).
   * @default - the price book's estimated Spot discount per instance type / family, when it has one
   */
  readonly spotSavings?: StatedSpotSavings;
  /**
   * Monthly quantities by price-book usage, in the price entry's unit: for example
   * `{ 'serverless-compute': 1.2e6 }` GB-seconds, `{ requests: 3e6 }` requests.
   * @default - none
   */
  readonly quantities?: Partial<Record<PriceUsage, number>>;
  /** The assumptions behind these figures, in words, as the report should list them. */
  readonly assumptions: string[];
}

/**
 * A line for work that has no CloudFormation resource of its own (a Bedrock batch job, a
 * training run started by a state machine), recorded with `CostReport.of(scope).addUsageLine`.
 */
export interface UsageLineOptions {
  /** What the line is, e.g. `Bedrock batch inference, amazon.nova-lite-v1:0 input tokens`. */
  readonly description: string;
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
   * Price floor and expected at a Spot discount; the ceiling stays on-demand.
   *
   * - `true`: the price book's estimated Spot discount for (service, sku), else its family;
   *   without one in the book, expected stays on-demand and the report says so;
   * - a `StatedSpotSavings`: the saving the user stated, instead of the book's, named in the
   *   line's assumptions with its source.
   * @default false - on-demand at every bound
   */
  readonly spotDiscount?: boolean | StatedSpotSavings;
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
