import { PriceService, PriceUsage } from '../pricing/price-entry';
import { MonthlyRange } from './report-schema';

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
   * Apply the price book's estimated Spot discount for (service, sku) to floor and expected;
   * the ceiling stays on-demand. Without a discount in the book, expected stays on-demand and
   * the report says so.
   * @default false
   */
  readonly spotDiscount?: boolean;
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
