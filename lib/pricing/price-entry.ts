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

/**
 * Services the price book knows. The values are the `service` strings of the price-book files
 * (`snapshot.json`, refreshed caches) and of `cost-report.json`.
 */
export enum PriceService {
  /** `SageMaker` */
  SAGEMAKER = 'SageMaker',
  /** `EC2` */
  EC2 = 'EC2',
  /** `Bedrock` */
  BEDROCK = 'Bedrock',
  /** `Lambda` */
  LAMBDA = 'Lambda',
  /** `S3` */
  S3 = 'S3',
  /** `CloudWatch` */
  CLOUDWATCH = 'CloudWatch',
  /** `VPC` */
  VPC = 'VPC',
  /** `ELB` */
  ELB = 'ELB',
  /** `StepFunctions` */
  STEP_FUNCTIONS = 'StepFunctions',
  /** `SNS` */
  SNS = 'SNS',
  /** `Budgets` */
  BUDGETS = 'Budgets',
  /** `KMS` */
  KMS = 'KMS',
  /** `APIGateway` */
  API_GATEWAY = 'APIGateway',
  /** `SQS` */
  SQS = 'SQS',
}

/**
 * The usages the price book knows, by service.
 *
 * SageMaker instance prices are per instance-hour and differ by usage: a `ml.g5.xlarge`
 * for `hosting` is not the same SKU as one for `training`, and neither is an EC2 price.
 */
export enum PriceUsage {
  // SageMaker, per instance-hour
  /** `hosting` */
  HOSTING = 'hosting',
  /** `async` */
  ASYNC = 'async',
  /** `batch-transform` */
  BATCH_TRANSFORM = 'batch-transform',
  /** `training` */
  TRAINING = 'training',
  /** `notebook` */
  NOTEBOOK = 'notebook',
  /** `processing` */
  PROCESSING = 'processing',
  // SageMaker serverless inference
  /** `serverless-compute` */
  SERVERLESS_COMPUTE = 'serverless-compute',
  /** `serverless-data` */
  SERVERLESS_DATA = 'serverless-data',
  // SageMaker ML storage volumes, per GB-month provisioned (SKU `hosting-ml-storage`, `notebook-ml-storage`, `training-ml-storage`)
  /** `ml-storage-gb-month` */
  ML_STORAGE_GB_MONTH = 'ml-storage-gb-month',
  // SageMaker real-time / asynchronous inference data processed in and out, per GB (SKU `data-processed`)
  /** `hosting-data-processed` */
  HOSTING_DATA_PROCESSED = 'hosting-data-processed',
  // SageMaker managed spot / EC2 spot, a fraction saved against on-demand
  /** `spot-discount` */
  SPOT_DISCOUNT = 'spot-discount',
  // EC2
  /** `on-demand-linux` */
  ON_DEMAND_LINUX = 'on-demand-linux',
  // EC2: EBS volume storage, per GB-month provisioned (the SKU is the volume type)
  /** `ebs-gp3-gb-month` */
  EBS_GP3_GB_MONTH = 'ebs-gp3-gb-month',
  /** `ebs-gp2-gb-month` */
  EBS_GP2_GB_MONTH = 'ebs-gp2-gb-month',
  // Bedrock, per 1M tokens
  /** `on-demand-input-tokens` */
  ON_DEMAND_INPUT_TOKENS = 'on-demand-input-tokens',
  /** `on-demand-output-tokens` */
  ON_DEMAND_OUTPUT_TOKENS = 'on-demand-output-tokens',
  /** `on-demand-cache-read-tokens` */
  ON_DEMAND_CACHE_READ_TOKENS = 'on-demand-cache-read-tokens',
  /** `on-demand-cache-write-tokens` */
  ON_DEMAND_CACHE_WRITE_TOKENS = 'on-demand-cache-write-tokens',
  /** `batch-input-tokens` */
  BATCH_INPUT_TOKENS = 'batch-input-tokens',
  /** `batch-output-tokens` */
  BATCH_OUTPUT_TOKENS = 'batch-output-tokens',
  // Bedrock Provisioned Throughput, per model-unit-hour (SKU `<foundation model id>/<commitment>`)
  /** `provisioned-model-unit-hours` */
  PROVISIONED_MODEL_UNIT_HOURS = 'provisioned-model-unit-hours',
  // Lambda
  /** `duration` */
  DURATION = 'duration',
  /** `requests` */
  REQUESTS = 'requests',
  // S3
  /** `storage-standard` */
  STORAGE_STANDARD = 'storage-standard',
  /** `put-requests` */
  PUT_REQUESTS = 'put-requests',
  /** `get-requests` */
  GET_REQUESTS = 'get-requests',
  // CloudWatch
  /** `alarm-standard` */
  ALARM_STANDARD = 'alarm-standard',
  /** `logs-ingestion` */
  LOGS_INGESTION = 'logs-ingestion',
  /** `logs-storage` */
  LOGS_STORAGE = 'logs-storage',
  /** `custom-metric` */
  CUSTOM_METRIC = 'custom-metric',
  /** `dashboard-month` */
  DASHBOARD_MONTH = 'dashboard-month',
  // VPC
  /** `nat-gateway-hour` */
  NAT_GATEWAY_HOUR = 'nat-gateway-hour',
  /** `nat-gateway-data` */
  NAT_GATEWAY_DATA = 'nat-gateway-data',
  /** `public-ipv4-hour` */
  PUBLIC_IPV4_HOUR = 'public-ipv4-hour',
  // ELB
  /** `alb-hour` */
  ALB_HOUR = 'alb-hour',
  /** `alb-lcu-hour` */
  ALB_LCU_HOUR = 'alb-lcu-hour',
  // Step Functions
  /** `standard-transitions` */
  STANDARD_TRANSITIONS = 'standard-transitions',
  // SNS
  /** `publish-requests` */
  PUBLISH_REQUESTS = 'publish-requests',
  // Budgets
  /** `budget-action-day` */
  BUDGET_ACTION_DAY = 'budget-action-day',
  // KMS
  /** `key-month` */
  KEY_MONTH = 'key-month',
  // API Gateway: REST API requests (first pricing tier)
  /** `rest-api-requests` */
  REST_API_REQUESTS = 'rest-api-requests',
  // API Gateway: HTTP API requests (first pricing tier, per 512 KB)
  /** `http-api-requests` */
  HTTP_API_REQUESTS = 'http-api-requests',
}

/** Which kind of price-book file a book or file is (the `kind` of its JSON, the `source` of its origin). */
export enum PriceBookKind {
  /** The snapshot embedded in the package (`snapshot`). */
  SNAPSHOT = 'snapshot',
  /** A cache file written by `cdk-cost prices refresh`, layered over the snapshot (`cache`). */
  CACHE = 'cache',
}

/** A request for one price. */
export interface PriceQuery {
  readonly service: PriceService;
  readonly usage: PriceUsage;
  readonly region: string;
  readonly sku: string;
}

/**
 * The answer to a `PriceQuery`: the entry when `found`, else why there is none.
 *
 * A struct rather than a union of two shapes (0.2), so that every jsii language can read it:
 * `entry` is set exactly when `found` is true; `reason`, `suggestions` and `pricedInRegions`
 * exactly when it is false.
 */
export interface PriceLookup {
  /** True when the book has the price. */
  readonly found: boolean;
  /**
   * The entry.
   * @default - none: the book has no price for the query (`found` is false)
   */
  readonly entry?: PriceEntry;
  /**
   * Why there is no price, written for the report: names the SKU, region and usage.
   * @default - none: the price was found
   */
  readonly reason?: string;
  /**
   * Close SKUs the book does know for this service and usage (for typos).
   * @default - none: the price was found
   */
  readonly suggestions?: string[];
  /**
   * Regions where this SKU is priced for this usage, when it exists elsewhere.
   * @default - none: the price was found
   */
  readonly pricedInRegions?: string[];
}


/**
 * The usages each service has in the price book, for validating entries (of the snapshot or of
 * a refreshed cache) and for tests. `spot-discount` belongs to EC2 (Spot) and SageMaker
 * (managed spot training).
 */
export const PRICE_USAGES_BY_SERVICE: Readonly<Record<PriceService, readonly PriceUsage[]>> = {
  SageMaker: [PriceUsage.HOSTING, PriceUsage.ASYNC, PriceUsage.BATCH_TRANSFORM, PriceUsage.TRAINING, PriceUsage.NOTEBOOK, PriceUsage.PROCESSING, PriceUsage.SERVERLESS_COMPUTE, PriceUsage.SERVERLESS_DATA,
    PriceUsage.ML_STORAGE_GB_MONTH, PriceUsage.HOSTING_DATA_PROCESSED, PriceUsage.SPOT_DISCOUNT],
  EC2: [PriceUsage.ON_DEMAND_LINUX, PriceUsage.SPOT_DISCOUNT, PriceUsage.EBS_GP3_GB_MONTH, PriceUsage.EBS_GP2_GB_MONTH],
  Bedrock: [PriceUsage.ON_DEMAND_INPUT_TOKENS, PriceUsage.ON_DEMAND_OUTPUT_TOKENS, PriceUsage.ON_DEMAND_CACHE_READ_TOKENS, PriceUsage.ON_DEMAND_CACHE_WRITE_TOKENS, PriceUsage.BATCH_INPUT_TOKENS, PriceUsage.BATCH_OUTPUT_TOKENS,
    PriceUsage.PROVISIONED_MODEL_UNIT_HOURS],
  Lambda: [PriceUsage.DURATION, PriceUsage.REQUESTS],
  S3: [PriceUsage.STORAGE_STANDARD, PriceUsage.PUT_REQUESTS, PriceUsage.GET_REQUESTS],
  CloudWatch: [PriceUsage.ALARM_STANDARD, PriceUsage.LOGS_INGESTION, PriceUsage.LOGS_STORAGE, PriceUsage.CUSTOM_METRIC, PriceUsage.DASHBOARD_MONTH],
  VPC: [PriceUsage.NAT_GATEWAY_HOUR, PriceUsage.NAT_GATEWAY_DATA, PriceUsage.PUBLIC_IPV4_HOUR],
  ELB: [PriceUsage.ALB_HOUR, PriceUsage.ALB_LCU_HOUR],
  StepFunctions: [PriceUsage.STANDARD_TRANSITIONS],
  SNS: [PriceUsage.PUBLISH_REQUESTS],
  Budgets: [PriceUsage.BUDGET_ACTION_DAY],
  KMS: [PriceUsage.KEY_MONTH],
  APIGateway: [PriceUsage.REST_API_REQUESTS, PriceUsage.HTTP_API_REQUESTS],
  SQS: [PriceUsage.REQUESTS], // per 64 KB chunk of each request; the SKU is the queue type, standard or fifo
};
