import { IAdvisorContext } from '../../cost/cost-engine';
import { asyncAlternativeMonthlyUsd } from '../../cost/async-alternative';
import { variantCapacity } from '../../cost/capacity-model';
import { RecommendationData } from '../../cost/report-schema';
import { VariantUsage } from '../../cost/usage';
import { GraphResource, ResourceGraph } from '../../graph/resource-graph';
import { acceleratedVariantsOf } from '../rules/accelerated';
import { literalNumber } from '../rules/rule-context';
import { cents, usd, variantLine } from './advice';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/** The id of the low-utilization recommendation. */
export const LOW_UTILIZATION_ADVICE_ID = 'CostAware-Advice-LowUtilization';
/** Below this share of its paid capacity busy, a real-time GPU variant gets the advice. */
export const LOW_UTILIZATION_THRESHOLD = 0.2;

/**
 * Real-time accelerated variants whose recorded traffic keeps the paid capacity under 20% busy:
 * suggest an async endpoint (scales to zero) or serverless inference.
 *
 * Contract with the constructs that record usage (`CostReport.recordVariantUsage`): `hourlyDemand`
 * and `hourlyRequestsPerSecond` over the same hours, and the load one instance is kept at,
 * `targetRequestsPerSecondPerInstance` (else the target value of a
 * SageMakerVariantInvocationsPerInstance target-tracking policy on the variant, per minute ÷ 60).
 * The instances paid for each hour are the capacity model's (`variantCapacity`), as the pricer's.
 *
 * busy = Σ served requests/s ÷ Σ (instances × target), hour by hour: the share of the capacity
 * the variant pays for that traffic uses, measured against the scaling target.
 *
 * Saving = the variant's expected monthly cost − the same traffic on an async endpoint scaling
 * to zero at the same target (`asyncAlternativeMonthlyUsd`, lib/cost/async-alternative.ts);
 * omitted when the book has no async rate for the type.
 */
export function lowUtilizationGpuEndpoints(ctx: IAdvisorContext): RecommendationData[] {
  const out: RecommendationData[] = [];
  for (const config of ctx.graph.ofType('AWS::SageMaker::EndpointConfig')) {
    if (config.properties.AsyncInferenceConfig !== undefined) continue;
    for (const variant of acceleratedVariantsOf(config)) {
      const usage = ctx.usageOf(config.resource).variants.find(u => u.variantName === variant.variantName);
      const target = usage?.targetRequestsPerSecondPerInstance ?? policyTargetRequestsPerSecond(ctx.graph, config, variant.variantName);
      const running = usage?.hourlyDemand ? runningInstances(ctx, config, variant.variantName, usage) : undefined;
      const utilization = usage && running && target ? busyShare(usage, running, target) : undefined;
      // The epsilon keeps float noise in the sums (0.19999…) from counting as under the threshold.
      if (utilization === undefined || utilization >= LOW_UTILIZATION_THRESHOLD - 1e-9) continue;

      const rates = usage!.hourlyRequestsPerSecond!;
      const line = variantLine(ctx.lines, config, variant.variantName);
      const endpoints = Math.max(1, ctx.graph.endpointsOf(config).length);
      const asyncRate = ctx.book.lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.ASYNC, region: ctx.regionOf(config.stack), sku: variant.instanceType });
      let saving: number | undefined;
      if (line && asyncRate.entry) {
        const alternative = asyncAlternativeMonthlyUsd({
          hourlyRequestsPerSecond: rates, targetRequestsPerSecondPerInstance: target!,
          asyncPricePerInstanceHourUsd: asyncRate.entry.priceUsd, endpointCount: endpoints,
        });
        saving = cents(Math.max(0, line.monthlyUsd.expected - alternative));
      }
      out.push({
        id: LOW_UTILIZATION_ADVICE_ID,
        path: config.path,
        message: `${variant.instanceType} real-time variant ${variant.variantName} is ${Math.round(utilization * 1000) / 10}% busy: its recorded ` +
          `traffic uses that share of the instances it pays for (at ${round(target!)} requests/s per instance). An async endpoint that ` +
          'scales to zero between bursts (AsyncEndpoint) or serverless inference bills only for the work' +
          (saving !== undefined ? `; on the async rate this traffic would cost ${usd(saving)} a month less.` : '.'),
        ...(saving !== undefined ? { estimatedMonthlySavingUsd: saving } : {}),
      });
    }
  }
  return out;
}

/** The instances the variant runs each hour: its recorded demand through the capacity model, as the pricer reads it. */
function runningInstances(ctx: IAdvisorContext, config: GraphResource, variantName: string, usage: VariantUsage): number[] | undefined {
  const variant = (config.properties.ProductionVariants ?? []).find((v: any) => v?.VariantName === variantName);
  const initial = variant?.InitialInstanceCount === undefined ? 1 : literalNumber(variant.InitialInstanceCount);
  if (initial === undefined) return undefined;
  const read = (v: unknown, name: string): { ok: true; value: number } | { ok: false; reason: string } => {
    const n = literalNumber(v);
    return n === undefined ? { ok: false, reason: `${name} is not known at synth time` } : { ok: true, value: n };
  };
  const capacity = variantCapacity(ctx.graph, config, variantName, initial, usage.hourlyDemand, read);
  return 'reason' in capacity ? undefined : capacity.week.hourlyInstances;
}

/** Σ served load ÷ Σ paid capacity over the recorded hours, or undefined when not recorded. */
function busyShare(usage: VariantUsage, instances: number[], target: number): number | undefined {
  const rates = usage.hourlyRequestsPerSecond;
  if (!instances || !rates || instances.length !== rates.length || instances.length === 0 || !(target > 0)) return undefined;
  let served = 0;
  let capacity = 0;
  instances.forEach((n, h) => {
    served += Math.min(rates[h], n * target);
    capacity += n * target;
  });
  return capacity > 0 ? served / capacity : undefined;
}

/** Requests/s per instance from a SageMakerVariantInvocationsPerInstance target-tracking policy (invocations a minute). */
function policyTargetRequestsPerSecond(graph: ResourceGraph, config: GraphResource, variantName: string): number | undefined {
  for (const policy of graph.scalingOfVariant(config, variantName)?.policies ?? []) {
    const tt = policy.properties.TargetTrackingScalingPolicyConfiguration;
    if (tt?.PredefinedMetricSpecification?.PredefinedMetricType !== 'SageMakerVariantInvocationsPerInstance') continue;
    const perMinute = literalNumber(tt.TargetValue);
    if (perMinute !== undefined && perMinute > 0) return perMinute / 60;
  }
  return undefined;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
