import type { PriceBookOrigin } from '../pricing/price-book';
/**
 * The JSON written to `cdk.out/cost-report.json`. These names are a contract with CI pipelines
 * (and with `cdk-cost diff`): keep them stable, add freely, bump `schemaVersion` on a break.
 */
export const REPORT_SCHEMA_VERSION = 1;

/** Hours in the month every monthly figure assumes (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/** Three monthly figures in USD: floor ≤ expected ≤ ceiling. */
export interface MonthlyRange {
  /** What the month costs at the least the template allows (minimum capacity, no usage). */
  readonly floor: number;
  /** What the month is expected to cost, given the stated usage assumptions. */
  readonly expected: number;
  /** What the month costs at the most the template allows (maximum capacity, all on-demand). */
  readonly ceiling: number;
}

/** The price-book entry a line was priced from. */
export interface LinePriceSource {
  readonly region: string;
  readonly sku: string;
  readonly usage: string;
  readonly source: string;
  readonly date: string;
  /** The rule, when the price is derived from a stated one rather than stated for this key. */
  readonly derived?: string;
}

/** One line of the report. */
export interface CostLineData {
  /** The stack's name (display name), or the stack of the construct that recorded a usage line. */
  readonly stack: string;
  /** The construct path of the resource or of the construct that recorded the usage. */
  readonly path: string;
  /** The CloudFormation type, or `Usage::<Service>` for work with no resource (a Bedrock batch job). */
  readonly resourceType: string;
  /** What this line is, e.g. `ml.g5.xlarge real-time hosting, variant AllTraffic`. */
  readonly description: string;
  /**
   * The part of the resource the line is for, as a stable key: a production variant's name
   * (`AllTraffic`), `storage`, `data-processed`, `on-demand` / `spot` (an Auto Scaling group's shares).
   * Absent when the line is the whole resource. Written after the other fields (added in
   * schema version 1 without a bump: a new optional field).
   */
  readonly component?: string;
  /**
   * The expected monthly quantity, in `unit`.
   * @default - none when unpriced (`null` in cost-report.json)
   */
  readonly quantity?: number;
  /** The billing unit of `quantity` and `unitPriceUsd`, e.g. `instance-hour`. */
  readonly unit: string;
  /**
   * The list price per unit in USD (on-demand).
   * @default - none when unpriced (`null` in cost-report.json)
   */
  readonly unitPriceUsd?: number;
  /** Monthly cost in USD: floor / expected / ceiling. All zero when unpriced. */
  readonly monthlyUsd: MonthlyRange;
  /** False when the line could not be priced; `reason` says why. */
  readonly priced: boolean;
  /** Why the line is unpriced. */
  readonly reason?: string;
  /** True when the cost depends on usage the template cannot state (requests, GB stored). */
  readonly usageDependent?: boolean;
  /** Every assumption behind the figures, in words. */
  readonly assumptions: string[];
  /** The price-book entry used. */
  readonly price?: LinePriceSource;
  /** The same work priced another way (e.g. Bedrock on-demand beside batch), to show a saving. */
  readonly alternative?: CostLineAlternative;
  /**
   * The substrate this line's workload is deployed on, when the workload is compared
   * (`compareWith`): its figure under the comparison's model (see lib/cost/README.md), for setting beside
   * `alternatives`. Added in schema version 1 without a bump (a new optional field).
   */
  readonly substrate?: SubstrateCostData;
  /**
   * The same traffic priced on other substrates (`compareWith`), in the order of
   * `ALL_SUBSTRATES`; those that cannot be compared are listed unpriced with what they need.
   * Never changes the line's own figures.
   */
  readonly alternatives?: SubstrateCostData[];
  /** The substrate (deployed or alternative) with the lowest expected monthly cost among the priced ones. */
  readonly cheapestSubstrate?: string;
  /** Where the order between the deployed substrate and its cheapest alternative changes as the traffic scales. */
  readonly breakEven?: BreakEvenData;
  /** The break-even of the deployed substrate against each priced alternative, in the order of `alternatives` (`breakEven` is one of them). */
  readonly breakEvens?: BreakEvenData[];
  /**
   * Monthly cost of each priced substrate at each sampled traffic scale: what the chart
   * (`cost-chart-*.svg` beside the report) draws.
   */
  readonly costCurve?: CostCurveData;
}

/** One substrate priced for a compared workload (the deployed one or an alternative). */
export interface SubstrateCostData {
  /** The substrate's stable id: `sagemaker-realtime`, `sagemaker-async`, `sagemaker-serverless`, `sagemaker-batch-transform`, `ec2-fleet`, `bedrock-on-demand`, `bedrock-batch`. */
  readonly substrate: string;
  /** The substrate in words, with its instance type or model. */
  readonly description: string;
  /** False when it cannot be compared or priced; `reason` says why (never $0). */
  readonly priced: boolean;
  /** Why it is unpriced: what it needs, or the price the book lacks. */
  readonly reason?: string;
  /** Expected monthly cost in USD for the same traffic; absent when unpriced (`null` in cost-report.json). */
  readonly expectedMonthlyUsd?: number;
  /** True for the cheapest priced substrate of the comparison. */
  readonly cheapest: boolean;
  /** The assumptions behind the figure. */
  readonly assumptions: string[];
  /** The price-book entries used. */
  readonly prices: LinePriceSource[];
}

/** The traffic scale at which the deployed substrate and its cheapest alternative change order. */
export interface BreakEvenData {
  /** The deployed substrate's id. */
  readonly deployed: string;
  /** The alternative compared with (the cheapest other one at the stated traffic). */
  readonly against: string;
  /** False when the order does not change between `minScale` and `maxScale`. */
  readonly found: boolean;
  /** The traffic scale of the crossing (every hour's rate × scale); absent when not found. */
  readonly scale?: number;
  /** The average requests per second at that scale; absent when not found. */
  readonly averageRequestsPerSecond?: number;
  /** The peak hour's requests per second at that scale; absent when not found. */
  readonly peakRequestsPerSecond?: number;
  /** The substrate that is cheaper above the crossing (or over the whole range when not found). */
  readonly cheaperAbove: string;
  /** The substrate that is cheaper below the crossing (or over the whole range when not found). */
  readonly cheaperBelow: string;
  /** The range searched. */
  readonly minScale: number;
  readonly maxScale: number;
  /** The finding in one sentence. */
  readonly summary: string;
}

/** Monthly cost against traffic scale, one series per priced substrate. */
export interface CostCurveData {
  /** The sampled scales, ascending (1 = the stated traffic). */
  readonly scales: number[];
  /** One series per priced substrate, the deployed one first. */
  readonly series: CostCurveSeries[];
}

/** One substrate's monthly cost at each sampled scale. */
export interface CostCurveSeries {
  /** The substrate's id. */
  readonly substrate: string;
  /** Its short name, as the chart's legend shows it. */
  readonly label: string;
  /** USD a month at each of `CostCurveData.scales`. */
  readonly monthlyUsd: number[];
}

/** The same work as a line, priced another way (`CostLineData.alternative`). */
export interface CostLineAlternative {
  /** What the alternative is, e.g. `anthropic.claude-3-haiku on-demand input tokens, same volume`. */
  readonly description: string;
  /** What the month would cost that way, in USD. */
  readonly monthlyUsd: MonthlyRange;
  /** The price-book entry the alternative is priced from. */
  readonly price: LinePriceSource;
}

/** A piece of advice that does not block synth (the blocking checks live in the NagPack). */
export interface RecommendationData {
  /** Stable id, e.g. `CostAware-Advice-LowUtilization`. */
  readonly id: string;
  /** The construct path it is about. */
  readonly path: string;
  /** What to do and why. */
  readonly message: string;
  /** Estimated monthly saving in USD when it can be computed. */
  readonly estimatedMonthlySavingUsd?: number;
}

/** Per-stack summary. */
export interface StackSummaryData {
  readonly stack: string;
  /** The region used for prices. */
  readonly region: string;
  /** Where the region came from: the stack's env, the app context, or the default. */
  readonly regionSource: RegionSource;
  readonly monthlyUsd: MonthlyRange;
  readonly unpricedCount: number;
}

/** Where the region a stack is priced in comes from (`StackSummaryData.regionSource`). */
export enum RegionSource {
  /** The stack's `env.region` (`stack`). */
  STACK = 'stack',
  /** The app context `cdk-cost-aware-inference:region` (`context`). */
  CONTEXT = 'context',
  /** Neither: the default region, us-east-1 (`default`). */
  DEFAULT = 'default',
}

/** The totals of a report. */
export interface ReportTotals {
  /** The month of every line together, in USD. */
  readonly monthlyUsd: MonthlyRange;
  /** How many lines the report has. */
  readonly lineCount: number;
}

/** The whole report. */
export interface CostReportData {
  readonly schemaVersion: number;
  /** Always `USD`. */
  readonly currency: string;
  /** Where the prices come from: the embedded snapshot, or a refreshed cache file, with its date. */
  readonly generatedFrom: PriceBookOrigin;
  readonly hoursPerMonth: number;
  readonly totals: ReportTotals;
  /** How many lines could not be priced. */
  readonly unpricedCount: number;
  readonly stacks: StackSummaryData[];
  readonly lines: CostLineData[];
  readonly recommendations: RecommendationData[];
  /** Notes on the whole report, e.g. a region that was defaulted. */
  readonly notes: string[];
}
