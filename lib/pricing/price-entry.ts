/**
 * One list price, as a fact: what it is for, how much, and where the figure comes from.
 *
 * Every price this library uses is a `PriceEntry` in the embedded snapshot
 * (`lib/pricing/data/snapshot.json`) or in a cache file written by `cdk-cost prices refresh`.
 * No price literal lives anywhere else.
 */
export interface PriceEntry {
  /** The AWS service, e.g. `SageMaker`, `EC2`, `Bedrock`. */
  readonly service: PriceService;
  /** What is being bought, e.g. `hosting`, `training`, `on-demand-linux` (see `PriceUsage`). */
  readonly usage: PriceUsage;
  /** The AWS region code, e.g. `us-east-1`. */
  readonly region: string;
  /** The instance type, model id, family, volume type or fixed name the price is for, e.g. `ml.g5.xlarge`, `gp3`. */
  readonly sku: string;
  /** The billing unit, e.g. `instance-hour`, `1M tokens`, `GB-second`, `GB-month`, `fraction` for discounts. */
  readonly unit: string;
  /** The price in USD per `unit` (for `spot-discount` entries: the fraction saved, 0..1). */
  readonly priceUsd: number;
  /** Where the figure comes from: a document, an API record or a file at a commit. */
  readonly source: string;
  /** When the source published or recorded the figure (ISO date, `YYYY-MM-DD`). */
  readonly date: string;
  /** A note on how the figure is used or how it compares with another source. */
  readonly note?: string;
  /**
   * Set when the figure is not a price the source states for this key but follows from one by a
   * rule, e.g. `batch = 50% of on-demand (Bedrock user guide ...)`. The report shows it beside the line.
   *
   * @default - the source states this figure for this key
   */
  readonly derived?: string;
  /**
   * A later source that states the same figure, for an entry whose `date` is older than the
   * price book's 18-month limit.
   *
   * @default - not re-confirmed
   */
  readonly confirmed?: PriceConfirmation;
}

/** A later, dated source that states the same figure as an older price-book entry. */
export interface PriceConfirmation {
  /** When the confirming source published the figure (ISO date). */
  readonly date: string;
  /** The confirming source: an extract and key in `lib/pricing/sources/`, or a page a reader can open. */
  readonly source: string;
}

/** Services the price book knows. */
export type PriceService =
  | 'SageMaker'
  | 'EC2'
  | 'Bedrock'
  | 'Lambda'
  | 'S3'
  | 'CloudWatch'
  | 'VPC'
  | 'ELB'
  | 'StepFunctions'
  | 'SNS'
  | 'Budgets'
  | 'KMS'
  | 'APIGateway'
  | 'SQS';

/**
 * The usages the price book knows, by service.
 *
 * SageMaker instance prices are per instance-hour and differ by usage: a `ml.g5.xlarge`
 * for `hosting` is not the same SKU as one for `training`, and neither is an EC2 price.
 */
export type PriceUsage =
  // SageMaker, per instance-hour
  | 'hosting'
  | 'async'
  | 'batch-transform'
  | 'training'
  | 'notebook'
  | 'processing'
  // SageMaker serverless inference
  | 'serverless-compute'
  | 'serverless-data'
  // SageMaker ML storage volumes, per GB-month provisioned (SKU `hosting-ml-storage`, `notebook-ml-storage`, `training-ml-storage`)
  | 'ml-storage-gb-month'
  // SageMaker real-time / asynchronous inference data processed in and out, per GB (SKU `data-processed`)
  | 'hosting-data-processed'
  // SageMaker managed spot / EC2 spot, a fraction saved against on-demand
  | 'spot-discount'
  // EC2
  | 'on-demand-linux'
  // EC2: EBS volume storage, per GB-month provisioned (the SKU is the volume type)
  | 'ebs-gp3-gb-month'
  | 'ebs-gp2-gb-month'
  // Bedrock, per 1M tokens
  | 'on-demand-input-tokens'
  | 'on-demand-output-tokens'
  | 'on-demand-cache-read-tokens'
  | 'on-demand-cache-write-tokens'
  | 'batch-input-tokens'
  | 'batch-output-tokens'
  // Bedrock Provisioned Throughput, per model-unit-hour (SKU `<foundation model id>/<commitment>`)
  | 'provisioned-model-unit-hours'
  // Lambda
  | 'duration'
  | 'requests'
  // S3
  | 'storage-standard'
  | 'put-requests'
  | 'get-requests'
  // CloudWatch
  | 'alarm-standard'
  | 'logs-ingestion'
  | 'logs-storage'
  | 'custom-metric'
  | 'dashboard-month'
  // VPC
  | 'nat-gateway-hour'
  | 'nat-gateway-data'
  | 'public-ipv4-hour'
  // ELB
  | 'alb-hour'
  | 'alb-lcu-hour'
  // Step Functions
  | 'standard-transitions'
  // SNS
  | 'publish-requests'
  // Budgets
  | 'budget-action-day'
  // KMS
  | 'key-month'
  // API Gateway: REST API requests (first pricing tier)
  | 'rest-api-requests'
  // API Gateway: HTTP API requests (first pricing tier, per 512 KB)
  | 'http-api-requests';

/** A request for one price. */
export interface PriceQuery {
  readonly service: PriceService;
  readonly usage: PriceUsage;
  readonly region: string;
  readonly sku: string;
}

/** The answer to a `PriceQuery`: the entry, or why there is none. */
export type PriceLookup =
  | { readonly found: true; readonly entry: PriceEntry }
  | {
    readonly found: false;
    /** Why there is no price, written for the report: names the SKU, region and usage. */
    readonly reason: string;
    /** Close SKUs the book does know for this service and usage (for typos). */
    readonly suggestions: string[];
    /** Regions where this SKU is priced for this usage, when it exists elsewhere. */
    readonly pricedInRegions: string[];
  };

/**
 * The usages each service has in the price book, for validating entries (of the snapshot or of
 * a refreshed cache) and for tests. `spot-discount` belongs to EC2 (Spot) and SageMaker
 * (managed spot training).
 */
export const PRICE_USAGES_BY_SERVICE: Readonly<Record<PriceService, readonly PriceUsage[]>> = {
  SageMaker: ['hosting', 'async', 'batch-transform', 'training', 'notebook', 'processing', 'serverless-compute', 'serverless-data',
    'ml-storage-gb-month', 'hosting-data-processed', 'spot-discount'],
  EC2: ['on-demand-linux', 'spot-discount', 'ebs-gp3-gb-month', 'ebs-gp2-gb-month'],
  Bedrock: ['on-demand-input-tokens', 'on-demand-output-tokens', 'on-demand-cache-read-tokens', 'on-demand-cache-write-tokens', 'batch-input-tokens', 'batch-output-tokens',
    'provisioned-model-unit-hours'],
  Lambda: ['duration', 'requests'],
  S3: ['storage-standard', 'put-requests', 'get-requests'],
  CloudWatch: ['alarm-standard', 'logs-ingestion', 'logs-storage', 'custom-metric', 'dashboard-month'],
  VPC: ['nat-gateway-hour', 'nat-gateway-data', 'public-ipv4-hour'],
  ELB: ['alb-hour', 'alb-lcu-hour'],
  StepFunctions: ['standard-transitions'],
  SNS: ['publish-requests'],
  Budgets: ['budget-action-day'],
  KMS: ['key-month'],
  APIGateway: ['rest-api-requests', 'http-api-requests'],
  SQS: ['requests'], // per 64 KB chunk of each request; the SKU is the queue type, standard or fifo
};
