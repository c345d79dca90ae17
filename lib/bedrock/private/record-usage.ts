import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CostReport } from '../../cost/cost-report';
import { figure } from '../../cost/private/render';
import { HOURS_PER_MONTH, MonthlyRange } from '../../cost/report-schema';
import { TrafficProfile } from '../../cost/traffic-profile';
import { Substrate, WorkloadComparisonOptions } from '../../cost/workload-comparison';
import { PriceService, PriceUsage } from '../../pricing/price-entry';
import type { BedrockTokenUsage } from '../bedrock-model-access';
import { BedrockModelId } from '../bedrock-model-id';

/** The token volumes of an on-demand Bedrock workload: `BedrockModelAccess.usage` without the model and model units. */
export type TokenVolumes = Omit<BedrockTokenUsage, 'modelId' | 'provisionedModelUnits'>;

/** One priced part of the workload: which tokens, how many per request, at which usage of the book. */
interface TokenPart {
  readonly component: string;
  readonly usage: PriceUsage;
  readonly what: string;
  readonly tokensPerRequest: number;
  readonly why: string;
}

/** Requests a month from a profile: the expected (its own week), and the peak hour's rate around the clock. */
export function requestVolumes(traffic: TrafficProfile): { expected: number; peak: number } {
  return { expected: traffic.requestsPerMonth, peak: traffic.peakRequestsPerSecond * 3600 * HOURS_PER_MONTH };
}

/**
 * The parts of a request's bill. With prompt caching, the cacheable prefix is not billed as
 * input: a hit reads it from the cache (cache-read price), a miss writes it (cache-write price);
 * the rest of the input and the output are billed at the input and output prices (Bedrock user
 * guide, "Prompt caching for faster model inference": cache reads and writes are priced per token
 * apart from uncached input).
 */
export function tokenParts(v: TokenVolumes): TokenPart[] {
  const parts: TokenPart[] = [];
  const uncached = v.inputTokensPerRequest - v.cacheablePrefixTokens;
  parts.push({
    component: 'input-tokens', usage: PriceUsage.ON_DEMAND_INPUT_TOKENS, what: 'input', tokensPerRequest: uncached,
    why: v.cacheablePrefixTokens > 0
      ? `${figure(v.inputTokensPerRequest)} input tokens − ${figure(v.cacheablePrefixTokens)} cacheable prefix = ${figure(uncached)} uncached input tokens a request`
      : `${figure(v.inputTokensPerRequest)} input tokens a request`,
  });
  parts.push({
    component: 'output-tokens', usage: PriceUsage.ON_DEMAND_OUTPUT_TOKENS, what: 'output', tokensPerRequest: v.outputTokensPerRequest,
    why: `${figure(v.outputTokensPerRequest)} output tokens a request`,
  });
  if (v.cacheablePrefixTokens > 0) {
    const hit = v.expectedCacheHitRate;
    const percent = figure(hit * 100);
    parts.push({
      component: 'cache-read-tokens', usage: PriceUsage.ON_DEMAND_CACHE_READ_TOKENS, what: 'cache read', tokensPerRequest: hit * v.cacheablePrefixTokens,
      why: `${percent}% cache hits × ${figure(v.cacheablePrefixTokens)} prefix tokens = ${figure(hit * v.cacheablePrefixTokens)} tokens read from the cache a request`,
    });
    parts.push({
      component: 'cache-write-tokens', usage: PriceUsage.ON_DEMAND_CACHE_WRITE_TOKENS, what: 'cache write', tokensPerRequest: (1 - hit) * v.cacheablePrefixTokens,
      why: `${figure(100 - hit * 100)}% cache misses × ${figure(v.cacheablePrefixTokens)} prefix tokens = ${figure((1 - hit) * v.cacheablePrefixTokens)} tokens written to the cache a request`,
    });
  }
  return parts;
}

/** The volumes that are still tokens. */
function unresolvedVolumes(v: TokenVolumes): Array<'inputTokensPerRequest' | 'outputTokensPerRequest' | 'cacheablePrefixTokens' | 'expectedCacheHitRate'> {
  return (['inputTokensPerRequest', 'outputTokensPerRequest', 'cacheablePrefixTokens', 'expectedCacheHitRate'] as const)
    .filter(name => Token.isUnresolved(v[name]));
}

/** Millions of tokens a month of one part, at floor / expected / ceiling. */
export function monthlyMillions(tokensPerRequest: number, v: TokenVolumes): MonthlyRange {
  return { floor: 0, expected: v.requestsPerMonth * tokensPerRequest / 1e6, ceiling: v.peakRequestsPerMonth * tokensPerRequest / 1e6 };
}

/**
 * Records the on-demand token lines: one per part, priced at the model's (or the profile's)
 * price in the stack's Region. Floor: no requests, no bill. Expected: the profile's week.
 * Ceiling: the profile's peak hour around the clock; nothing in the template caps the volume.
 */
export function recordOnDemandUsage(scope: IConstruct, modelId: string, traffic: TrafficProfile, v: TokenVolumes): void {
  const report = CostReport.of(scope);
  const unknown = unresolvedVolumes(v);
  if (unknown.length > 0) {
    // A token count known only at deploy time: the lines are unpriced (the engine refuses a
    // token quantity) and say which prop it was, rather than priced from a token's placeholder number.
    const placeholder = v[unknown[0]];
    for (const part of tokenParts(v)) {
      report.addUsageLine(scope, {
        description: `Bedrock on-demand ${part.what} tokens, ${modelId}`,
        component: part.component, service: PriceService.BEDROCK, usage: part.usage, sku: modelId,
        quantity: { floor: 0, expected: placeholder, ceiling: placeholder },
        assumptions: [`${unknown.join(', ')} not known at synth time (an unresolved token): the tokens cannot be counted`],
      });
    }
    return;
  }
  for (const part of tokenParts(v)) {
    const millions = monthlyMillions(part.tokensPerRequest, v);
    report.addUsageLine(scope, {
      description: `Bedrock on-demand ${part.what} tokens, ${modelId}`,
      component: part.component,
      service: PriceService.BEDROCK,
      usage: part.usage,
      sku: modelId,
      quantity: millions,
      assumptions: [
        `traffic: ${traffic.description}: ${figure(v.requestsPerMonth)} requests a month`,
        `${part.why}: ${figure(millions.expected, 4)}M tokens a month`,
        `ceiling: the peak ${figure(traffic.peakRequestsPerSecond)} requests/s around the clock (${figure(millions.ceiling, 4)}M tokens); ` +
          'nothing in the template caps the volume',
        ...(v.cacheablePrefixTokens > 0 ? [`cache hit rate ${figure(v.expectedCacheHitRate * 100)}% at every bound (fewer hits cost more: a miss is billed as a cache write)`] : []),
        'floor: no requests, no token bill',
      ],
    });
  }
}

/**
 * Records a Provisioned Throughput line: model units × 730 hours at every bound (billed per
 * model unit and hour whether used or not), at the book's rate for the foundation model and
 * term (SKU `<foundation model id>/<commitment>`). The book has no sourced rate today, so the
 * line is unpriced with the reason. The tokens it serves are not billed per token.
 */
export function recordProvisionedUsage(
  scope: IConstruct, model: BedrockModelId, modelUnits: number, commitment: string, traffic: TrafficProfile, v: TokenVolumes,
): void {
  // Model units known only at deploy: the quantity stays the token, and the line is unpriced.
  const hours = Token.isUnresolved(modelUnits) ? modelUnits : modelUnits * HOURS_PER_MONTH;
  CostReport.of(scope).addUsageLine(scope, {
    description: `Bedrock Provisioned Throughput, ${model.foundationModelId}, ${figure(modelUnits)} model unit${modelUnits === 1 ? '' : 's'} (${commitment})`,
    component: 'provisioned-throughput',
    service: PriceService.BEDROCK,
    usage: PriceUsage.PROVISIONED_MODEL_UNIT_HOURS,
    sku: `${model.foundationModelId}/${commitment}`,
    quantity: { floor: hours, expected: hours, ceiling: hours },
    assumptions: [
      `${figure(modelUnits)} model units × ${HOURS_PER_MONTH} h = ${figure(hours)} model-unit-hours a month, billed whether used or not`,
      `serves traffic: ${traffic.description} (${figure(v.requestsPerMonth)} requests, ` +
        `${figure(v.requestsPerMonth * (v.inputTokensPerRequest + v.outputTokensPerRequest) / 1e6, 4)}M tokens a month), not billed per token`,
    ],
  });
}

/**
 * Records the workload for comparison across substrates (`compareWith`), on the input-tokens
 * line: the deployed substrate is Bedrock on-demand at the same tokens and prompt caching, priced
 * by the comparison's model (`lib/cost/substrates.ts`), which sums the token lines.
 */
export function recordComparison(scope: IConstruct, modelId: string, traffic: TrafficProfile, v: TokenVolumes, compareWith: WorkloadComparisonOptions): void {
  // Token counts known only at deploy: the token lines are unpriced with the prop named, nothing to compare.
  if (unresolvedVolumes(v).length > 0) return;
  CostReport.of(scope).recordWorkload(scope, {
    component: 'input-tokens',
    hourlyRequestsPerSecond: traffic.weeklyRequestsPerSecond(),
    trafficDescription: traffic.description,
    substrate: Substrate.BEDROCK_ON_DEMAND,
    deployed: {
      bedrock: {
        modelId,
        inputTokensPerRequest: v.inputTokensPerRequest,
        outputTokensPerRequest: v.outputTokensPerRequest,
        cacheablePrefixTokens: v.cacheablePrefixTokens,
        expectedCacheHitRate: v.expectedCacheHitRate,
      },
    },
    compareWith,
  });
}
