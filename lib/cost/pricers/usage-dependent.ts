import { PriceEntry, PriceService, PriceUsage } from '../../pricing/price-entry';
import { buildLine, PricingContext, roundUsd } from '../pricing-context';
import { ResourcePricer } from './pricer';

/** One billed dimension of a usage-driven resource. */
interface Dimension {
  readonly service: PriceService;
  readonly usage: PriceUsage;
  /** The SKU, possibly read from the resource (a Lambda's architecture). */
  readonly sku: (ctx: PricingContext) => string;
  /** What is counted, e.g. `GB-seconds of duration`. */
  readonly label: string;
}

/**
 * A pricer for a resource whose bill depends on usage the template cannot state (a Lambda's
 * invocations, a bucket's gigabytes). It gives one line: floor $0; expected = the recorded
 * monthly quantities × unit prices (or $0 with the unit prices stated when nothing is
 * recorded); the ceiling is not bounded by the template, so it equals expected and says so.
 */
export function usageDependentPricer(what: (ctx: PricingContext) => string, dimensions: Dimension[]): ResourcePricer {
  return ctx => {
    const description = what(ctx);
    const found: Array<{ d: Dimension; entry: PriceEntry }> = [];
    const missing: string[] = [];
    for (const d of dimensions) {
      const lookup = ctx.book.lookup({ service: d.service, usage: d.usage, region: ctx.region, sku: d.sku(ctx) });
      if (lookup.entry) found.push({ d, entry: lookup.entry });
      else missing.push(lookup.reason!);
    }
    if (found.length === 0) return [ctx.unpriced(description, missing.join('; '))];
    const recorded = ctx.meteredUsage;
    const assumptions: string[] = [];
    let expected = 0;
    for (const { d, entry } of found) {
      const q = recorded?.quantities?.[d.usage];
      if (q !== undefined) {
        expected += q * entry.priceUsd;
        assumptions.push(`${q} ${d.label} × $${entry.priceUsd} per ${entry.unit}`);
      } else {
        assumptions.push(`no ${d.label} recorded: $${entry.priceUsd} per ${entry.unit}`);
      }
    }
    if (recorded) assumptions.push(...recorded.assumptions);
    for (const reason of missing) assumptions.push(`not priced: ${reason}`);
    assumptions.push('usage-dependent: the ceiling is not bounded by the template and is shown equal to expected');
    const primary = found[0];
    const primaryQuantity = recorded?.quantities?.[primary.d.usage] ?? 0;
    const line = buildLine({ stack: ctx.stackName, path: ctx.node.path, resourceType: ctx.node.type }, primary.entry, {
      description,
      quantity: { floor: 0, expected: primaryQuantity, ceiling: primaryQuantity },
      assumptions,
      usageDependent: true,
    });
    const total = roundUsd(expected);
    return [{ ...line, monthlyUsd: { floor: 0, expected: total, ceiling: total } }];
  };
}

/** `AWS::Lambda::Function`: GB-seconds of duration (by architecture) and requests. */
export const priceLambdaFunction = usageDependentPricer(
  ctx => `Lambda function (${ctx.props.MemorySize ?? 128} MB, ${lambdaArch(ctx)})`,
  [
    { service: PriceService.LAMBDA, usage: PriceUsage.DURATION, sku: lambdaArch, label: 'GB-seconds of duration' },
    { service: PriceService.LAMBDA, usage: PriceUsage.REQUESTS, sku: () => 'requests', label: 'requests' },
  ],
);

function lambdaArch(ctx: PricingContext): string {
  const archs = ctx.props.Architectures;
  return Array.isArray(archs) && archs[0] === 'arm64' ? 'arm64' : 'x86';
}

/** `AWS::S3::Bucket`: Standard storage and requests. */
export const priceS3Bucket = usageDependentPricer(() => 'S3 bucket (Standard storage)', [
  { service: PriceService.S3, usage: PriceUsage.STORAGE_STANDARD, sku: () => 'Standard', label: 'GB-months stored' },
  { service: PriceService.S3, usage: PriceUsage.PUT_REQUESTS, sku: () => 'Standard', label: 'PUT/COPY/POST/LIST requests' },
  { service: PriceService.S3, usage: PriceUsage.GET_REQUESTS, sku: () => 'Standard', label: 'GET requests' },
]);

/** `AWS::Logs::LogGroup`: ingestion and storage. */
export const priceLogGroup = usageDependentPricer(() => 'CloudWatch Logs log group', [
  { service: PriceService.CLOUDWATCH, usage: PriceUsage.LOGS_INGESTION, sku: () => 'logs-ingestion', label: 'GB ingested' },
  { service: PriceService.CLOUDWATCH, usage: PriceUsage.LOGS_STORAGE, sku: () => 'logs-storage', label: 'GB-months stored' },
]);

/** `AWS::SNS::Topic`: publish requests. */
export const priceSnsTopic = usageDependentPricer(() => 'SNS topic', [
  { service: PriceService.SNS, usage: PriceUsage.PUBLISH_REQUESTS, sku: () => 'publish', label: 'publish requests' },
]);

/** `AWS::StepFunctions::StateMachine`: state transitions (standard workflows). */
export const priceStateMachine = usageDependentPricer(ctx => `Step Functions state machine (${ctx.props.StateMachineType ?? 'STANDARD'})`, [
  { service: PriceService.STEP_FUNCTIONS, usage: PriceUsage.STANDARD_TRANSITIONS, sku: () => 'standard', label: 'state transitions' },
]);

/** `AWS::CloudWatch::Alarm`: one standard-resolution alarm all month (a fixed charge). */
export const priceAlarm: ResourcePricer = ctx => {
  const metrics = Array.isArray(ctx.props.Metrics) ? ctx.props.Metrics.filter((m: any) => m.MetricStat).length : 1;
  return [ctx.line({
    description: `CloudWatch alarm (${Math.max(1, metrics)} metric${metrics > 1 ? 's' : ''})`,
    service: PriceService.CLOUDWATCH,
    usage: PriceUsage.ALARM_STANDARD,
    sku: 'alarm-standard',
    quantity: { floor: Math.max(1, metrics), expected: Math.max(1, metrics), ceiling: Math.max(1, metrics) },
    assumptions: ['standard resolution, billed per metric in the alarm'],
  })];
};
