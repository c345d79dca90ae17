import { PricingContext } from '../pricing-context';
import { CostLineData, HOURS_PER_MONTH } from '../report-schema';
import { priceEndpointConfig } from './endpoint-config';
import { clamp, mean, ResourcePricer } from './pricer';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/** True when a production variant scales its instances with SageMaker managed instance scaling (an endpoint of inference components). */
export function hasManagedInstanceScaling(variant: any): boolean {
  return variant?.ManagedInstanceScaling !== undefined && variant.ManagedInstanceScaling.Status !== 'DISABLED';
}

/**
 * `AWS::SageMaker::EndpointConfig`, with variants of inference components: a variant with
 * `ManagedInstanceScaling` is priced per instance-hour at the real-time hosting rate between
 * its `MinInstanceCount` (floor, 0 when it scales to zero) and `MaxInstanceCount` (ceiling),
 * expected from the recorded hour-by-hour packing of the components' copies; every other
 * variant as `priceEndpointConfig` prices it.
 */
export function withManagedInstanceScaling(base: ResourcePricer = priceEndpointConfig): ResourcePricer {
  return ctx => {
    const variants: any[] = Array.isArray(ctx.props.ProductionVariants) ? ctx.props.ProductionVariants : [];
    if (!variants.some(hasManagedInstanceScaling)) return base(ctx);
    // The base pricer gives one line per variant, in order.
    const lines = base(ctx);
    return variants.map((variant, i) => (hasManagedInstanceScaling(variant) ? priceManagedVariant(ctx, variant, i) : lines[i]));
  };
}

function priceManagedVariant(ctx: PricingContext, variant: any, index: number): CostLineData {
  const name = typeof variant.VariantName === 'string' ? variant.VariantName : `#${index}`;
  const endpoints = ctx.graph.endpointsOf(ctx.node);
  const endpointCount = Math.max(1, endpoints.length);
  const type = ctx.literal(variant.InstanceType, 'string', `variant ${name} InstanceType`);
  if (!type.ok) return ctx.unpriced(`real-time hosting (inference components), variant ${name}`, type.reason);
  const description = `${type.value} real-time hosting (inference components), variant ${name}`;
  const scaling = variant.ManagedInstanceScaling;
  const lo = scaling.MinInstanceCount === undefined ? { ok: true as const, value: 1 } : ctx.literal(scaling.MinInstanceCount, 'number', `variant ${name} ManagedInstanceScaling.MinInstanceCount`);
  if (!lo.ok) return ctx.unpriced(description, lo.reason);
  const hi = ctx.literal(scaling.MaxInstanceCount, 'number', `variant ${name} ManagedInstanceScaling.MaxInstanceCount`);
  if (!hi.ok) return ctx.unpriced(description, hi.reason);
  const assumptions: string[] = [
    ...(endpoints.length === 0 ? ['no AWS::SageMaker::Endpoint in this app uses this config: priced as if one endpoint deploys it']
      : endpoints.length > 1 ? [`${endpoints.length} endpoints use this config: each runs its own instances`] : []),
    `managed instance scaling between ${lo.value} and ${hi.value} instances`,
  ];
  const recorded = ctx.variantUsage(name);
  let expected: number;
  if (recorded?.hourlyDemand) {
    // Clamped hour by hour, as every instance-hour pricer does (lib/cost/capacity-model.ts).
    expected = mean(recorded.hourlyDemand.map(h => clamp(h, lo.value, hi.value)));
    assumptions.push(...recorded.assumptions);
  } else {
    expected = Math.max(1, lo.value);
    assumptions.push(`no component traffic recorded: expected assumes ${expected} instance(s) all month`);
  }
  assumptions.push(`${HOURS_PER_MONTH} hours a month`);
  return ctx.line({
    description,
    service: PriceService.SAGEMAKER,
    usage: PriceUsage.HOSTING,
    sku: type.value,
    quantity: {
      floor: lo.value * HOURS_PER_MONTH * endpointCount,
      expected: expected * HOURS_PER_MONTH * endpointCount,
      ceiling: hi.value * HOURS_PER_MONTH * endpointCount,
    },
    assumptions,
  });
}
