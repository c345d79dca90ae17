import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';
import { CapacityWeek, describeCapacityWeek, variantCapacity } from '../capacity-model';
import { figure } from '../private/render';
import { VariantUsage } from '../usage';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

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

  return variants.flatMap(((variant: any, i: number): CostLineData[] => {
    const name = typeof variant.VariantName === 'string' ? variant.VariantName : `#${i}`;
    if (variant.ServerlessConfig) return priceServerlessVariant(ctx, variant, name, endpointCount, endpointNote);

    const usage = isAsync ? PriceUsage.ASYNC : PriceUsage.HOSTING;
    const kind = isAsync ? 'asynchronous inference' : 'real-time hosting';
    const type = ctx.literal(variant.InstanceType, 'string', `variant ${name} InstanceType`);
    if (!type.ok) return [ctx.unpriced(`${kind}, variant ${name}`, type.reason, [], name)];
    const description = `${type.value} ${kind}, variant ${name}`;
    const initial = variant.InitialInstanceCount === undefined ? { ok: true as const, value: 1 }
      : ctx.literal(variant.InitialInstanceCount, 'number', `variant ${name} InitialInstanceCount`);
    if (!initial.ok) return [ctx.unpriced(description, initial.reason, [], name)];

    const assumptions: string[] = [...endpointNote];
    const recorded = ctx.variantUsage(name);
    // One rule for every instance line (lib/cost/capacity-model.ts): the bounds in force hour by
    // hour, the recorded demand clamped to them, else the initial count as the schedule moves it.
    const capacity = variantCapacity(ctx.graph, ctx.node, name, initial.value, recorded?.hourlyDemand, (v, n) => ctx.literal(v, 'number', n));
    if ('reason' in capacity) return [ctx.unpriced(description, capacity.reason, [], name)];
    const { week, scalingTargetPath: scaling } = capacity;
    assumptions.push(scaling
      ? `autoscaled between ${capacity.min} and ${capacity.max} instances by ${scaling}`
      : `no autoscaling: InitialInstanceCount ${initial.value} running all month`);
    assumptions.push(...describeCapacityWeek(week, capacity.reading));
    if (recorded?.hourlyDemand) {
      assumptions.push(...recorded.assumptions);
      assumptions.push(`expected: the instances the traffic needs, clamped hour by hour to the bounds in force: ${figure(week.instanceHoursPerMonth.expected)} instance-hours a month`);
    } else if (scaling) {
      assumptions.push(`no traffic profile recorded: expected assumes InitialInstanceCount ${initial.value}, clamped to the bounds in force, ` +
        `${figure(week.averageInstances)} instance(s) on average`);
    }
    assumptions.push(`${HOURS_PER_MONTH} hours a month`);
    if (recorded?.dataProcessedGbPerMonth === undefined) {
      assumptions.push('data processed in and out (billed per GB) is not included: no payload size stated (TrafficProfile.withPayloadSize)');
    }
    const ih = week.instanceHoursPerMonth;
    const lines = [ctx.line({
      description,
      component: name,
      service: PriceService.SAGEMAKER,
      usage,
      sku: type.value,
      quantity: { floor: ih.floor * endpointCount, expected: ih.expected * endpointCount, ceiling: ih.ceiling * endpointCount },
      assumptions,
    })];
    return [...lines, ...variantExtraLines(ctx, variant, name, type.value, week, endpointCount, recorded, isAsync)];
  }));
}

function priceServerlessVariant(ctx: PricingContext, variant: any, name: string, endpointCount: number, endpointNote: string[]): CostLineData[] {
  const description = `serverless inference, variant ${name}`;
  const memory = ctx.literal(variant.ServerlessConfig.MemorySizeInMB, 'number', `variant ${name} MemorySizeInMB`);
  const concurrency = ctx.literal(variant.ServerlessConfig.MaxConcurrency, 'number', `variant ${name} MaxConcurrency`);
  if (!memory.ok) return [ctx.unpriced(description, memory.reason, [], name)];
  if (!concurrency.ok) return [ctx.unpriced(description, concurrency.reason, [], name)];
  if (variant.ServerlessConfig.ProvisionedConcurrency) {
    return [ctx.unpriced(`${description} (provisioned concurrency ${JSON.stringify(variant.ServerlessConfig.ProvisionedConcurrency)})`,
      'the price book has no SageMaker serverless provisioned-concurrency rate', [], name)];
  }
  const gb = memory.value / 1024;
  const ceilingGbSeconds = gb * concurrency.value * HOURS_PER_MONTH * 3600 * endpointCount;
  const recorded = ctx.variantUsage(name);
  const expectedGbSeconds = recorded?.serverlessGbSecondsPerMonth;
  const assumptions = [
    ...endpointNote,
    `${memory.value} MB memory, max concurrency ${concurrency.value}; ceiling = every concurrent slot busy all month`,
    ...(expectedGbSeconds !== undefined ? recorded!.assumptions : ['no traffic profile recorded: expected assumes no requests']),
  ];
  if (recorded?.dataProcessedGbPerMonth === undefined) {
    assumptions.push('data processed in and out (billed per GB) is not included: no payload size stated (TrafficProfile.withPayloadSize)');
  }
  const lines = [ctx.line({
    description: `${description}, ${memory.value} MB`,
    component: name,
    service: PriceService.SAGEMAKER,
    usage: PriceUsage.SERVERLESS_COMPUTE,
    sku: 'serverless',
    quantity: { floor: 0, expected: Math.min(expectedGbSeconds ?? 0, ceilingGbSeconds), ceiling: ceilingGbSeconds },
    assumptions,
    usageDependent: true,
  })];
  if (recorded?.dataProcessedGbPerMonth !== undefined) {
    lines.push(dataProcessedLine(ctx, `serverless data processed in and out, variant ${name}`, name, PriceUsage.SERVERLESS_DATA, 'serverless',
      recorded.dataProcessedGbPerMonth * endpointCount));
  }
  return lines;
}

/** Data processed in and out of a variant, per GB: floor 0, usage-dependent (no ceiling in the template). */
function dataProcessedLine(ctx: PricingContext, description: string, name: string, usage: PriceUsage.HOSTING_DATA_PROCESSED | PriceUsage.SERVERLESS_DATA,
  sku: string, gb: number): CostLineData {
  const recorded = ctx.variantUsage(name);
  return ctx.line({
    description,
    component: `${name}/data-processed`,
    service: PriceService.SAGEMAKER,
    usage,
    sku,
    quantity: { floor: 0, expected: gb, ceiling: gb },
    assumptions: [...(recorded?.assumptions ?? []).filter(a => a.startsWith('payload')),
      `${figure(gb)} GB a month in and out, billed per GB`,
      'usage-dependent: the ceiling is not bounded by the template and is shown equal to expected'],
    usageDependent: true,
  });
}

/**
 * The money beside a variant's instance-hours, as lines of their own so none is left out silently:
 *
 * - ML storage: `VolumeSizeInGB` (where set) per instance, per GB-month over the variant's
 *   instance-hours (a hosting volume is billed while its instance runs);
 * - data processed in and out: the GB a month the construct recorded from a stated payload size.
 *   Without one, the instance line says the charge is not included.
 */
function variantExtraLines(
  ctx: PricingContext, variant: any, name: string, instanceType: string, week: CapacityWeek, endpointCount: number,
  recorded: VariantUsage | undefined, isAsync: boolean,
): CostLineData[] {
  const out: CostLineData[] = [];
  if (variant.VolumeSizeInGB !== undefined) {
    const description = `ML storage, ${instanceType} variant ${name}`;
    const size = ctx.literal(variant.VolumeSizeInGB, 'number', `variant ${name} VolumeSizeInGB`);
    if (!size.ok) {
      out.push(ctx.unpriced(description, size.reason, [], `${name}/storage`));
    } else {
      const months = { floor: week.instanceHoursPerMonth.floor, expected: week.instanceHoursPerMonth.expected, ceiling: week.instanceHoursPerMonth.ceiling };
      out.push(ctx.line({
        description: `${description}, ${size.value} GB per instance`,
        component: `${name}/storage`,
        service: PriceService.SAGEMAKER,
        usage: PriceUsage.ML_STORAGE_GB_MONTH,
        sku: 'hosting-ml-storage',
        quantity: {
          floor: size.value * months.floor / HOURS_PER_MONTH * endpointCount,
          expected: size.value * months.expected / HOURS_PER_MONTH * endpointCount,
          ceiling: size.value * months.ceiling / HOURS_PER_MONTH * endpointCount,
        },
        assumptions: [
          `${size.value} GB (VolumeSizeInGB) per instance × the variant's instance-hours ÷ ${HOURS_PER_MONTH} = GB-months`,
          `${figure(size.value * months.expected / HOURS_PER_MONTH * endpointCount)} GB-months expected`,
        ],
      }));
    }
  }
  if (recorded?.dataProcessedGbPerMonth !== undefined) {
    const gb = recorded.dataProcessedGbPerMonth * endpointCount;
    out.push(dataProcessedLine(ctx, `data processed in and out, ${isAsync ? 'asynchronous' : 'real-time'} variant ${name}`,
      name, PriceUsage.HOSTING_DATA_PROCESSED, 'data-processed', gb));
  }
  return out;
}
