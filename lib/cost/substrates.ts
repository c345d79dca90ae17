import { PriceBook } from '../pricing/price-book';
import { PriceEntry, PriceService, PriceUsage } from '../pricing/price-entry';
import { capacityWeek, targetTrackingDemand } from './capacity-model';
import { priceSourceOf } from './pricing-context';
import { figure } from './private/render';
import { HOURS_PER_MONTH, LinePriceSource } from './report-schema';
import {
  BedrockComparisonOptions, EndpointComparisonOptions, FleetComparisonOptions, Substrate, WorkloadComparisonOptions,
} from './workload-comparison';

/**
 * What one substrate needs to be priced: the options of its family (endpoint, fleet, Bedrock),
 * the scaling target, and (a real-time endpoint) the fewest instances it runs.
 */
export interface SubstrateSpec {
  readonly endpoint?: EndpointComparisonOptions;
  readonly fleet?: FleetComparisonOptions;
  readonly bedrock?: BedrockComparisonOptions;
  /** The share of measured throughput instances are kept at. */
  readonly targetUtilization: number;
  /** The fewest instances a deployed real-time endpoint, async endpoint or fleet runs. @default 1 (a fleet: its on-demand base; async: 0) */
  readonly minCapacity?: number;
  /** Memory and seconds per request of the serverless substrate: the deployed ServerlessEndpoint's own, else `endpoint`'s. */
  readonly serverless?: { readonly memorySizeInMb: number; readonly secondsPerRequest: number };
}

/** What a deployed construct states beside its `WorkloadComparisonOptions`. */
export interface DeployedExtras {
  readonly minCapacity?: number;
  readonly serverlessMemorySizeInMb?: number;
  readonly serverlessSecondsPerRequest?: number;
}

/** A substrate priced for a week of traffic: the monthly figure, or why it cannot be. */
export type SubstrateCost =
  | { readonly priced: true; readonly monthlyUsd: number; readonly assumptions: string[]; readonly prices: LinePriceSource[] }
  | { readonly priced: false; readonly reason: string };

/** The default scaling target of the instance-based alternatives, as the constructs use it. */
export const DEFAULT_TARGET_UTILIZATION = 0.7;

/** The spec a substrate is priced with: the deployed construct's own options, or the comparison's. */
export function specFor(isDeployed: boolean, deployed: WorkloadComparisonOptions & DeployedExtras,
  compareWith: WorkloadComparisonOptions): SubstrateSpec {
  const target = isDeployed
    ? deployed.targetUtilization ?? DEFAULT_TARGET_UTILIZATION
    : compareWith.targetUtilization ?? deployed.targetUtilization ?? DEFAULT_TARGET_UTILIZATION;
  if (isDeployed) {
    return {
      endpoint: deployed.endpoint, fleet: deployed.fleet, bedrock: deployed.bedrock, targetUtilization: target, minCapacity: deployed.minCapacity,
      serverless: serverlessOf(deployed.serverlessMemorySizeInMb, deployed.serverlessSecondsPerRequest) ?? serverlessOfEndpoint(deployed.endpoint),
    };
  }
  const endpoint = compareWith.endpoint ?? deployed.endpoint;
  return {
    endpoint,
    fleet: compareWith.fleet ?? deployed.fleet,
    bedrock: compareWith.bedrock ?? deployed.bedrock,
    targetUtilization: target,
    serverless: serverlessOfEndpoint(endpoint),
  };
}

function serverlessOf(memorySizeInMb: number | undefined, secondsPerRequest: number | undefined): SubstrateSpec['serverless'] {
  return memorySizeInMb !== undefined && secondsPerRequest !== undefined ? { memorySizeInMb, secondsPerRequest } : undefined;
}

function serverlessOfEndpoint(e: EndpointComparisonOptions | undefined): SubstrateSpec['serverless'] {
  return serverlessOf(e?.serverlessMemorySizeInMb, e?.serverlessSecondsPerRequest);
}

/** How the report names a substrate priced with a spec, e.g. `Bedrock on-demand, us.anthropic.claude-3-5-haiku-20241022-v1:0`. */
export function describeSubstrate(substrate: Substrate, spec: SubstrateSpec): string {
  const type = spec.endpoint?.instanceType ?? '(no instance type)';
  switch (substrate) {
    case Substrate.REALTIME_ENDPOINT: return `SageMaker real-time endpoint, ${type}`;
    case Substrate.ASYNC_ENDPOINT: return `SageMaker asynchronous endpoint, ${type}, scaling to zero`;
    case Substrate.SERVERLESS_ENDPOINT: return `SageMaker serverless endpoint${spec.serverless ? `, ${spec.serverless.memorySizeInMb} MB` : ''}`;
    case Substrate.BATCH_TRANSFORM: return `SageMaker batch transform, ${type}`;
    case Substrate.EC2_FLEET: return `EC2 fleet, ${spec.fleet?.instanceType ?? '(no instance type)'}`;
    case Substrate.BEDROCK_ON_DEMAND: return `Bedrock on-demand, ${spec.bedrock?.modelId ?? '(no model)'}`;
    case Substrate.BEDROCK_BATCH: return `Bedrock batch inference, ${spec.bedrock?.modelId ?? '(no model)'}`;
  }
}

/** A short label for charts and sentences: `Bedrock on-demand`, `EC2 fleet inf2.xlarge`. */
export function shortLabel(substrate: Substrate, spec: SubstrateSpec): string {
  switch (substrate) {
    case Substrate.REALTIME_ENDPOINT: return `real-time ${spec.endpoint?.instanceType ?? ''}`.trim();
    case Substrate.ASYNC_ENDPOINT: return `async ${spec.endpoint?.instanceType ?? ''}`.trim();
    case Substrate.SERVERLESS_ENDPOINT: return 'serverless';
    case Substrate.BATCH_TRANSFORM: return `batch transform ${spec.endpoint?.instanceType ?? ''}`.trim();
    case Substrate.EC2_FLEET: return `EC2 fleet ${spec.fleet?.instanceType ?? ''}`.trim();
    case Substrate.BEDROCK_ON_DEMAND: return `Bedrock on-demand ${spec.bedrock?.modelId ?? ''}`.trim();
    case Substrate.BEDROCK_BATCH: return `Bedrock batch ${spec.bedrock?.modelId ?? ''}`.trim();
  }
}

/**
 * Why a substrate cannot be compared with this spec (what it needs), or undefined when it can.
 * A missing price is not a reason here: it is found when pricing.
 */
export function missingFor(substrate: Substrate, spec: SubstrateSpec): string | undefined {
  switch (substrate) {
    case Substrate.REALTIME_ENDPOINT:
    case Substrate.ASYNC_ENDPOINT:
    case Substrate.BATCH_TRANSFORM:
      return spec.endpoint ? undefined : 'needs a SageMaker instance type and its measured throughput (compareWith.endpoint)';
    case Substrate.SERVERLESS_ENDPOINT:
      return spec.serverless ? undefined
        : 'needs memory and seconds per request (compareWith.endpoint.serverlessMemorySizeInMb, serverlessSecondsPerRequest)';
    case Substrate.EC2_FLEET:
      return spec.fleet ? undefined : 'needs an EC2 instance type and its measured throughput (compareWith.fleet)';
    case Substrate.BEDROCK_ON_DEMAND:
    case Substrate.BEDROCK_BATCH:
      return spec.bedrock ? undefined : 'needs a Bedrock model and tokens per request (compareWith.bedrock)';
  }
}

/** Requests in a 730-hour month at these hourly rates (168 values, repeated). */
export function requestsPerMonth(hourlyRequestsPerSecond: readonly number[]): number {
  return mean(hourlyRequestsPerSecond) * 3600 * HOURS_PER_MONTH;
}

/**
 * The monthly cost of running the traffic (`hourlyRequestsPerSecond`, 168 hourly rates) on one
 * substrate. The models are the report's own; per-request charges beside tokens and instances are left out:
 *
 * - real-time endpoint: target tracking, ceil(load ÷ target) whole instances each hour
 *   (`targetTrackingDemand`), at least `minCapacity`, through the capacity model (`capacityWeek`)
 *   with no maximum (the alternative is sized to the traffic), × the hosting rate;
 * - asynchronous endpoint: the same target scaling to zero in quiet hours (a deployed one: at least
 *   its `minCapacity`), × the async rate
 *   (as the low-utilization advice's saving, `asyncAlternativeMonthlyUsd`);
 * - serverless: requests × seconds per request × memory in GB = GB-seconds × the serverless rate;
 * - batch transform: requests ÷ (measured throughput × 3,600) instance-hours at full throughput,
 *   × the batch transform rate (results are not real-time; job start-up is not counted);
 * - EC2 fleet: target tracking as the real-time endpoint, at least the on-demand base; each hour
 *   the base and `onDemandPercentageAboveBaseCapacity` of the rest on-demand, the remainder at
 *   Spot (the stated saving, else the book's estimated discount, else on-demand); plus what
 *   InferenceFleet runs beside the instances (`fleetInfrastructure`);
 * - Bedrock on-demand and batch: requests × (input tokens × input rate + output tokens × output
 *   rate) ÷ 1,000,000; on-demand with prompt caching, the cacheable prefix at the cache-read rate
 *   for the hits and the cache-write rate for the misses instead of the input rate.
 */
export function substrateMonthlyCost(substrate: Substrate, spec: SubstrateSpec, hourlyRequestsPerSecond: readonly number[],
  book: PriceBook, region: string): SubstrateCost {
  const missing = missingFor(substrate, spec);
  if (missing) return { priced: false, reason: missing };
  const rps = [...hourlyRequestsPerSecond];
  const price = (service: PriceService, usage: PriceUsage, sku: string): { entry: PriceEntry } | { reason: string } => {
    const found = book.lookup({ service, usage, region, sku });
    return found.entry ? { entry: found.entry } : { reason: found.reason! };
  };
  const util = spec.targetUtilization;

  switch (substrate) {
    case Substrate.REALTIME_ENDPOINT:
    case Substrate.ASYNC_ENDPOINT: {
      const e = spec.endpoint!;
      const isAsync = substrate === Substrate.ASYNC_ENDPOINT;
      const p = price(PriceService.SAGEMAKER, isAsync ? PriceUsage.ASYNC : PriceUsage.HOSTING, e.instanceType);
      if ('reason' in p) return { priced: false, reason: p.reason };
      const target = e.maxRequestsPerSecondPerInstance * util;
      const min = spec.minCapacity ?? (isAsync ? 0 : 1);
      const hours = instanceHours(rps, target, min);
      return {
        priced: true,
        monthlyUsd: hours * p.entry.priceUsd,
        prices: [priceSourceOf(p.entry)],
        assumptions: [
          `instances each hour = ceil(load ÷ ${figure(target)} requests/s) (${figure(util * 100)}% of the measured ${figure(e.maxRequestsPerSecondPerInstance)}), ` +
            (isAsync && min === 0 ? 'none in hours without requests' : `at least ${min}`) + '; no maximum: sized to the traffic',
          `${figure(hours)} instance-hours a month × $${p.entry.priceUsd} per instance-hour (${e.instanceType} ${isAsync ? 'async' : 'hosting'})`,
        ],
      };
    }
    case Substrate.SERVERLESS_ENDPOINT: {
      const sv = spec.serverless!;
      const p = price(PriceService.SAGEMAKER, PriceUsage.SERVERLESS_COMPUTE, 'serverless');
      if ('reason' in p) return { priced: false, reason: p.reason };
      const gbSeconds = requestsPerMonth(rps) * sv.secondsPerRequest * sv.memorySizeInMb / 1024;
      return {
        priced: true,
        monthlyUsd: gbSeconds * p.entry.priceUsd,
        prices: [priceSourceOf(p.entry)],
        assumptions: [
          `${figure(requestsPerMonth(rps), 0)} requests × ${figure(sv.secondsPerRequest)} s × ${figure(sv.memorySizeInMb / 1024, 3)} GB = ` +
            `${figure(gbSeconds)} GB-seconds × $${p.entry.priceUsd}`,
          'no provisioned concurrency; cold starts add latency, not cost',
        ],
      };
    }
    case Substrate.BATCH_TRANSFORM: {
      const e = spec.endpoint!;
      const p = price(PriceService.SAGEMAKER, PriceUsage.BATCH_TRANSFORM, e.instanceType);
      if ('reason' in p) return { priced: false, reason: p.reason };
      const hours = requestsPerMonth(rps) / (e.maxRequestsPerSecondPerInstance * 3600);
      return {
        priced: true,
        monthlyUsd: hours * p.entry.priceUsd,
        prices: [priceSourceOf(p.entry)],
        assumptions: [
          `${figure(requestsPerMonth(rps), 0)} requests ÷ (${figure(e.maxRequestsPerSecondPerInstance)} requests/s × 3,600) = ${figure(hours)} instance-hours at full throughput ` +
            `× $${p.entry.priceUsd} (${e.instanceType} batch transform)`,
          'offline: results arrive when the job ends, not per request; job start-up time is not counted',
        ],
      };
    }
    case Substrate.EC2_FLEET: {
      const f = spec.fleet!;
      const p = price(PriceService.EC2, PriceUsage.ON_DEMAND_LINUX, f.instanceType);
      if ('reason' in p) return { priced: false, reason: p.reason };
      const base = f.onDemandBaseCapacity ?? 1;
      const share = (f.onDemandPercentageAboveBaseCapacity ?? 100) / 100;
      const target = f.maxRequestsPerSecondPerInstance * util;
      const min = spec.minCapacity ?? base;
      const week = capacityWeek({ minCapacity: min, maxCapacity: Number.MAX_SAFE_INTEGER, initialCapacity: min,
        hourlyDemand: targetTrackingDemand(rps, target) });
      const onDemand = mean(week.hourlyInstances.map(n => Math.min(n, base) + Math.max(0, n - base) * share)) * HOURS_PER_MONTH;
      const spot = week.instanceHoursPerMonth.expected - onDemand;
      const prices = [priceSourceOf(p.entry)];
      let saving = 0;
      let spotNote: string;
      if (f.spotSavingsPercent !== undefined) {
        saving = f.spotSavingsPercent / 100;
        spotNote = `Spot at the stated saving of ${figure(f.spotSavingsPercent)}% (compareWith.fleet.spotSavingsPercent)`;
      } else {
        const d = book.spotDiscount(PriceService.EC2, region, f.instanceType);
        if (d.entry) {
          saving = d.entry.priceUsd;
          if (spot > 0) prices.push(priceSourceOf(d.entry));
          spotNote = `Spot at the book's estimated discount of ${figure(saving * 100)}% (${d.entry.source}, ${d.entry.date})`;
        } else {
          spotNote = `${d.reason}: Spot priced on-demand`;
        }
      }
      const rate = p.entry.priceUsd;
      const infra = fleetInfrastructure(f, week.instanceHoursPerMonth.expected, book, region);
      prices.push(...infra.prices);
      return {
        priced: true,
        monthlyUsd: onDemand * rate + spot * rate * (1 - saving) + infra.monthlyUsd,
        prices,
        assumptions: [
          `instances each hour = ceil(load ÷ ${figure(target)} requests/s) (${figure(util * 100)}% of the measured ${figure(f.maxRequestsPerSecondPerInstance)}), ` +
            `at least ${min}, the first ${base} on-demand, ${figure(share * 100)}% of the rest on-demand; no maximum: sized to the traffic`,
          `${figure(onDemand)} on-demand instance-hours × $${rate}` + (spot > 0 ? ` + ${figure(spot)} Spot instance-hours; ${spotNote}` : ''),
          ...infra.assumptions,
        ],
      };
    }
    case Substrate.BEDROCK_ON_DEMAND:
    case Substrate.BEDROCK_BATCH: {
      const b = spec.bedrock!;
      const batch = substrate === Substrate.BEDROCK_BATCH;
      const input = price(PriceService.BEDROCK, batch ? PriceUsage.BATCH_INPUT_TOKENS : PriceUsage.ON_DEMAND_INPUT_TOKENS, b.modelId);
      if ('reason' in input) return { priced: false, reason: input.reason };
      const output = price(PriceService.BEDROCK, batch ? PriceUsage.BATCH_OUTPUT_TOKENS : PriceUsage.ON_DEMAND_OUTPUT_TOKENS, b.modelId);
      if ('reason' in output) return { priced: false, reason: output.reason };
      const requests = requestsPerMonth(rps);
      // Prompt caching (on-demand only): the prefix is not billed as input; a hit reads it at the
      // cache-read price, a miss writes it at the cache-write price (as BedrockModelAccess prices it).
      const prefix = batch ? 0 : b.cacheablePrefixTokens ?? 0;
      const hit = b.expectedCacheHitRate ?? 0;
      const inM = requests * (b.inputTokensPerRequest - prefix) / 1e6;
      const outM = requests * b.outputTokensPerRequest / 1e6;
      const prices = [priceSourceOf(input.entry), priceSourceOf(output.entry)];
      let cacheUsd = 0;
      let cacheNote = batch ? 'offline: batch jobs return within 24 hours, not per request; no prompt caching' : 'no prompt caching';
      if (prefix > 0) {
        const read = price(PriceService.BEDROCK, PriceUsage.ON_DEMAND_CACHE_READ_TOKENS, b.modelId);
        if ('reason' in read) return { priced: false, reason: read.reason };
        const write = price(PriceService.BEDROCK, PriceUsage.ON_DEMAND_CACHE_WRITE_TOKENS, b.modelId);
        if ('reason' in write) return { priced: false, reason: write.reason };
        const readM = requests * prefix * hit / 1e6;
        const writeM = requests * prefix * (1 - hit) / 1e6;
        cacheUsd = readM * read.entry.priceUsd + writeM * write.entry.priceUsd;
        prices.push(priceSourceOf(read.entry), priceSourceOf(write.entry));
        cacheNote = `prompt caching: ${figure(prefix)} prefix tokens, ${figure(hit * 100)}% hits: ${figure(readM)}M read × $${read.entry.priceUsd} + ` +
          `${figure(writeM)}M written × $${write.entry.priceUsd}`;
      }
      return {
        priced: true,
        monthlyUsd: inM * input.entry.priceUsd + outM * output.entry.priceUsd + cacheUsd,
        prices,
        assumptions: [
          `${figure(requests, 0)} requests × ${figure(b.inputTokensPerRequest - prefix)} ${prefix > 0 ? 'uncached ' : ''}input tokens = ${figure(inM)}M × $${input.entry.priceUsd}, ` +
            `× ${figure(b.outputTokensPerRequest)} output tokens = ${figure(outM)}M × $${output.entry.priceUsd}`,
          cacheNote,
        ],
      };
    }
  }
}

/**
 * What an InferenceFleet runs besides its instances, as it deploys it: one internal Application
 * Load Balancer (hourly), `natGateways` NAT gateways each with its public IPv4 address (hourly),
 * and each instance's gp3 root volume per GB-month over the instance-hours. Per-request charges
 * (load balancer capacity units, NAT data) are left out, as for every substrate. A part the book
 * has no price for is named, not priced at $0.
 */
function fleetInfrastructure(f: FleetComparisonOptions, instanceHours: number, book: PriceBook, region: string):
{ monthlyUsd: number; prices: LinePriceSource[]; assumptions: string[] } {
  const nat = f.natGateways ?? 1;
  const rootGb = f.rootVolumeSizeInGb ?? 200;
  const parts: Array<{ what: string; service: PriceService; usage: PriceUsage; sku: string; quantity: number }> = [
    { what: 'load balancer', service: PriceService.ELB, usage: PriceUsage.ALB_HOUR, sku: 'application', quantity: HOURS_PER_MONTH },
    ...(nat > 0 ? [
      { what: `${nat} NAT gateway${nat > 1 ? 's' : ''}`, service: PriceService.VPC as PriceService, usage: PriceUsage.NAT_GATEWAY_HOUR as PriceUsage, sku: 'nat-gateway', quantity: nat * HOURS_PER_MONTH },
      { what: `${nat} public IPv4 address${nat > 1 ? 'es' : ''}`, service: PriceService.VPC as PriceService, usage: PriceUsage.PUBLIC_IPV4_HOUR as PriceUsage, sku: 'public-ipv4', quantity: nat * HOURS_PER_MONTH },
    ] : []),
    { what: `${rootGb} GB gp3 root volume per instance`, service: PriceService.EC2, usage: PriceUsage.EBS_GP3_GB_MONTH, sku: 'gp3', quantity: rootGb * instanceHours / HOURS_PER_MONTH },
  ];
  let usd = 0;
  const prices: LinePriceSource[] = [];
  const priced: string[] = [];
  const missing: string[] = [];
  for (const part of parts) {
    const found = book.lookup({ service: part.service, usage: part.usage, region, sku: part.sku });
    if (!found.entry) { missing.push(`${part.what} (${found.reason})`); continue; }
    usd += part.quantity * found.entry.priceUsd;
    prices.push(priceSourceOf(found.entry));
    priced.push(`${part.what} ${figure(part.quantity)} ${found.entry.unit} × $${found.entry.priceUsd}`);
  }
  return {
    monthlyUsd: usd,
    prices,
    assumptions: [
      `with what InferenceFleet runs beside its instances: ${priced.join('; ')}; load balancer capacity units and NAT data are per request and left out`,
      ...(missing.length > 0 ? [`not in this figure (no price): ${missing.join('; ')}`] : []),
    ],
  };
}

/** Monthly instance-hours of target tracking at `target` requests/s per instance, at least `min`, with no maximum. */
function instanceHours(rps: number[], target: number, min: number): number {
  const week = capacityWeek({ minCapacity: min, maxCapacity: Number.MAX_SAFE_INTEGER, initialCapacity: min, hourlyDemand: targetTrackingDemand(rps, target) });
  return week.instanceHoursPerMonth.expected;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
