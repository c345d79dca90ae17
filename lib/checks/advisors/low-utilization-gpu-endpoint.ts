import { AdvisorContext } from '../../cost/cost-engine';
import { HOURS_PER_MONTH, RecommendationData } from '../../cost/report-schema';
import { ResourceUsage } from '../../cost/usage';
import { GraphResource, ResourceGraph } from '../../graph/resource-graph';
import { acceleratedVariantsOf } from '../rules/accelerated';
import { literalNumber } from '../rules/rule-context';
import { cents, usd, variantLine } from './advice';

/** The id of the low-utilization recommendation. */
export const LOW_UTILIZATION_ADVICE_ID = 'CostAware-Advice-LowUtilization';
/** Below this share of its paid capacity busy, a real-time GPU variant gets the advice. */
export const LOW_UTILIZATION_THRESHOLD = 0.2;

/**
 * Real-time accelerated variants whose recorded traffic keeps the paid capacity under 20% busy:
 * suggest an async endpoint (scales to zero) or serverless inference.
 *
 * Contract with the constructs that record usage (`CostReport.recordUsage`, component = the
 * variant name): `hourlyInstances` and `hourlyRequestsPerSecond` over the same hours, and the
 * load one instance is kept at, `targetRequestsPerSecondPerInstance` (else the target value of
 * a SageMakerVariantInvocationsPerInstance target-tracking policy on the variant, per minute ÷ 60).
 *
 * busy = Σ served requests/s ÷ Σ (instances × target), hour by hour: the share of the capacity
 * the variant pays for that traffic uses, measured against the scaling target.
 *
 * Saving = the variant's expected monthly cost − the same traffic on an async endpoint scaling
 * to zero at the same target (Σ ceil(rate ÷ target) instance-hours at the book's `async` rate);
 * omitted when the book has no async rate for the type.
 */
export function lowUtilizationGpuEndpoints(ctx: AdvisorContext): RecommendationData[] {
  const out: RecommendationData[] = [];
  for (const config of ctx.graph.ofType('AWS::SageMaker::EndpointConfig')) {
    if (config.properties.AsyncInferenceConfig !== undefined) continue;
    for (const variant of acceleratedVariantsOf(config)) {
      const usage = ctx.usageOf(config.resource).find(u => u.component === variant.variantName);
      const target = usage?.targetRequestsPerSecondPerInstance ?? policyTargetRequestsPerSecond(ctx.graph, config, variant.variantName);
      const utilization = usage && target ? busyShare(usage, target) : undefined;
      // The epsilon keeps float noise in the sums (0.19999…) from counting as under the threshold.
      if (utilization === undefined || utilization >= LOW_UTILIZATION_THRESHOLD - 1e-9) continue;

      const rates = usage!.hourlyRequestsPerSecond!;
      const line = variantLine(ctx.lines, config, variant.variantName);
      const endpoints = Math.max(1, ctx.graph.endpointsOf(config).length);
      const asyncRate = ctx.book.lookup({ service: 'SageMaker', usage: 'async', region: ctx.regionOf(config.stack), sku: variant.instanceType });
      let saving: number | undefined;
      if (line && asyncRate.found) {
        const asyncInstanceHours = mean(rates.map(r => Math.ceil(r / target! - 1e-9))) * HOURS_PER_MONTH * endpoints;
        saving = cents(Math.max(0, line.monthlyUsd.expected - asyncInstanceHours * asyncRate.entry.priceUsd));
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

/** Σ served load ÷ Σ paid capacity over the recorded hours, or undefined when not recorded. */
function busyShare(usage: ResourceUsage, target: number): number | undefined {
  const instances = usage.hourlyInstances;
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

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
