import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';
import { clamp, mean } from './pricer';

/**
 * `AWS::SageMaker::EndpointConfig`: one line per production variant.
 *
 * - Instance variants are priced per instance-hour at the real-time hosting rate, or the
 *   asynchronous inference rate when the config has an `AsyncInferenceConfig`. Floor and
 *   ceiling come from the Application Auto Scaling target that scales the variant (found
 *   through the endpoint that uses this config), else from `InitialInstanceCount`.
 * - Serverless variants are priced per GB-second of compute: floor $0, ceiling = memory ×
 *   max concurrency busy all month, expected from recorded usage.
 */
export function priceEndpointConfig(ctx: PricingContext): CostLineData[] {
  const variants: any[] = Array.isArray(ctx.props.ProductionVariants) ? ctx.props.ProductionVariants : [];
  const isAsync = ctx.props.AsyncInferenceConfig !== undefined;
  const endpoints = ctx.graph.endpointsOf(ctx.node);
  const endpointCount = Math.max(1, endpoints.length);
  const endpointNote = endpoints.length === 0
    ? ['no AWS::SageMaker::Endpoint in this app uses this config: priced as if one endpoint deploys it']
    : endpoints.length > 1 ? [`${endpoints.length} endpoints use this config: each runs its own instances`] : [];
  if (variants.length === 0) return [ctx.unpriced('production variants', 'ProductionVariants is empty or not known at synth time')];

  return variants.map((variant, i) => {
    const name = typeof variant.VariantName === 'string' ? variant.VariantName : `#${i}`;
    if (variant.ServerlessConfig) return priceServerlessVariant(ctx, variant, name, endpointCount, endpointNote);
    const usage = isAsync ? 'async' : 'hosting';
    const kind = isAsync ? 'asynchronous inference' : 'real-time hosting';
    const type = ctx.literal(variant.InstanceType, 'string', `variant ${name} InstanceType`);
    if (!type.ok) return ctx.unpriced(`${kind}, variant ${name}`, type.reason);
    const description = `${type.value} ${kind}, variant ${name}`;
    const initial = variant.InitialInstanceCount === undefined ? { ok: true as const, value: 1 }
      : ctx.literal(variant.InitialInstanceCount, 'number', `variant ${name} InitialInstanceCount`);
    if (!initial.ok) return ctx.unpriced(description, initial.reason);

    let min = initial.value;
    let max = initial.value;
    const assumptions: string[] = [...endpointNote];
    const scaling = ctx.graph.scalingOfVariant(ctx.node, name);
    if (scaling) {
      const lo = ctx.literal(scaling.target.properties.MinCapacity, 'number', 'scalable target MinCapacity');
      const hi = ctx.literal(scaling.target.properties.MaxCapacity, 'number', 'scalable target MaxCapacity');
      if (!lo.ok) return ctx.unpriced(description, lo.reason);
      if (!hi.ok) return ctx.unpriced(description, hi.reason);
      min = lo.value;
      max = hi.value;
      assumptions.push(`autoscaled between ${min} and ${max} instances by ${scaling.target.path}`);
      // Scheduled actions change the bounds for part of the week (a night window at a lower
      // minimum): the recorded hours may go below MinCapacity there, and floor / ceiling widen with them.
      const scheduled = scheduledBounds(ctx, scaling.target.properties.ScheduledActions);
      const low = Math.min(min, ...scheduled.mins);
      const high = Math.max(max, ...scheduled.maxes);
      if (low !== min || high !== max) {
        assumptions.push(`scheduled actions move the bounds to between ${low} and ${high} part of the week: floor uses ${low}, ceiling ${high}`);
      }
      min = low;
      max = high;
    } else {
      assumptions.push(`no autoscaling: InitialInstanceCount ${initial.value} running all month`);
    }
    const recorded = ctx.usageFor(name);
    let expectedInstances: number;
    if (recorded?.hourlyInstances) {
      expectedInstances = clamp(mean(recorded.hourlyInstances), min, max);
      assumptions.push(...recorded.assumptions);
    } else {
      expectedInstances = clamp(initial.value, min, max);
      if (scaling) assumptions.push(`no traffic profile recorded: expected assumes ${expectedInstances} instance(s) (InitialInstanceCount) all month`);
    }
    assumptions.push(`${HOURS_PER_MONTH} hours a month`);
    return ctx.line({
      description,
      service: 'SageMaker',
      usage,
      sku: type.value,
      quantity: {
        floor: min * HOURS_PER_MONTH * endpointCount,
        expected: expectedInstances * HOURS_PER_MONTH * endpointCount,
        ceiling: max * HOURS_PER_MONTH * endpointCount,
      },
      assumptions,
    });
  });
}

function priceServerlessVariant(ctx: PricingContext, variant: any, name: string, endpointCount: number, endpointNote: string[]): CostLineData {
  const description = `serverless inference, variant ${name}`;
  const memory = ctx.literal(variant.ServerlessConfig.MemorySizeInMB, 'number', `variant ${name} MemorySizeInMB`);
  const concurrency = ctx.literal(variant.ServerlessConfig.MaxConcurrency, 'number', `variant ${name} MaxConcurrency`);
  if (!memory.ok) return ctx.unpriced(description, memory.reason);
  if (!concurrency.ok) return ctx.unpriced(description, concurrency.reason);
  if (variant.ServerlessConfig.ProvisionedConcurrency) {
    return ctx.unpriced(`${description} (provisioned concurrency ${JSON.stringify(variant.ServerlessConfig.ProvisionedConcurrency)})`,
      'the price book has no SageMaker serverless provisioned-concurrency rate');
  }
  const gb = memory.value / 1024;
  const ceilingGbSeconds = gb * concurrency.value * HOURS_PER_MONTH * 3600 * endpointCount;
  const recorded = ctx.usageFor(name);
  const expectedGbSeconds = recorded?.quantities?.['serverless-compute'];
  const assumptions = [
    ...endpointNote,
    `${memory.value} MB memory, max concurrency ${concurrency.value}; ceiling = every concurrent slot busy all month`,
    ...(expectedGbSeconds !== undefined ? recorded!.assumptions : ['no traffic profile recorded: expected assumes no requests']),
  ];
  // Serverless inference also bills the data processed in and out (per GB); say so when the
  // book cannot price it rather than leave it out silently.
  const data = ctx.book.lookup({ service: 'SageMaker', usage: 'serverless-data', region: ctx.region, sku: 'serverless' });
  if (!data.found) assumptions.push(`data processed in and out (billed per GB) is not priced: ${data.reason}`);
  return ctx.line({
    description: `${description}, ${memory.value} MB`,
    service: 'SageMaker',
    usage: 'serverless-compute',
    sku: 'serverless',
    quantity: { floor: 0, expected: Math.min(expectedGbSeconds ?? 0, ceilingGbSeconds), ceiling: ceilingGbSeconds },
    assumptions,
    usageDependent: true,
  });
}

/** MinCapacity / MaxCapacity of a scalable target's scheduled actions (literals only). */
function scheduledBounds(ctx: PricingContext, actions: unknown): { mins: number[]; maxes: number[] } {
  const mins: number[] = [];
  const maxes: number[] = [];
  for (const action of Array.isArray(actions) ? actions : []) {
    const bounds = action?.ScalableTargetAction ?? {};
    if (bounds.MinCapacity !== undefined) {
      const lo = ctx.literal(bounds.MinCapacity, 'number', 'scheduled MinCapacity');
      if (lo.ok) mins.push(lo.value);
    }
    if (bounds.MaxCapacity !== undefined) {
      const hi = ctx.literal(bounds.MaxCapacity, 'number', 'scheduled MaxCapacity');
      if (hi.ok) maxes.push(hi.value);
    }
  }
  return { mins, maxes };
}
