import { PriceEntry, PriceService, PriceUsage } from '../../pricing/price-entry';
import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { AutoScalingGroupUsage } from '../usage';
import { autoScalingGroupSchedule, capacityWeek, describeCapacityWeek } from '../capacity-model';
import { figure } from '../private/render';
import { buildLine, describeStatedSpotSavings, PricingContext, statedSpotSavingsProblem } from '../pricing-context';
import { ebsVolumeLines } from './ebs-volumes';

interface TypeOption {
  readonly instanceType: string;
  readonly weight: number;
  readonly entry: PriceEntry;
  /** On-demand price per capacity unit. */
  readonly perUnit: number;
  /** Estimated Spot discount (0..1), or undefined when the book has none. */
  readonly spotDiscount?: number;
  readonly spotSource?: string;
}

/**
 * `AWS::AutoScaling::AutoScalingGroup`: capacity units from MinSize / DesiredCapacity / MaxSize,
 * instance types from the mixed-instances overrides, the launch template or the launch
 * configuration, split into an on-demand and a Spot share by the instances distribution.
 *
 * - floor = the MinSize in force each hour (a group at min 0 costs $0), split by the
 *   distribution at Spot prices;
 * - expected = the recorded demand (a traffic profile through the scaling target) clamped to
 *   the bounds in force each hour, else DesiredCapacity (else MinSize) as the group's scheduled
 *   actions move it, each hour split into on-demand and Spot;
 * - ceiling = the MaxSize in force each hour, all on-demand, at the dearest type per capacity unit.
 *
 * The hours come from the one capacity model (`lib/cost/capacity-model.ts`).
 *
 * The on-demand share is priced at the first override (the `prioritized` on-demand strategy,
 * the default); the Spot share at the mean Spot price of the overrides: the mean on-demand price
 * less the Spot saving recorded for the group (`AutoScalingGroupUsage.spotSavings`, the user's figure)
 * when there is one, else less each type's estimated Spot discount from the price book.
 *
 * The EBS volumes of the launch template's (or launch configuration's) block device mappings
 * are priced per GB-month over the same instance-hours, on-demand and Spot alike.
 */
export function priceAutoScalingGroup(ctx: PricingContext): CostLineData[] {
  const p = ctx.props;
  const min = ctx.literal(p.MinSize, 'number', 'MinSize');
  const max = ctx.literal(p.MaxSize, 'number', 'MaxSize');
  if (!min.ok) return [ctx.unpriced('Auto Scaling group', min.reason)];
  if (!max.ok) return [ctx.unpriced('Auto Scaling group', max.reason)];
  const desired = p.DesiredCapacity === undefined ? undefined : ctx.literal(p.DesiredCapacity, 'number', 'DesiredCapacity');
  if (desired && !desired.ok) return [ctx.unpriced('Auto Scaling group', desired.reason)];

  const source = ctx.graph.launchSourceOf(ctx.node);
  const sourceData = source?.type === 'AWS::EC2::LaunchTemplate' ? source.properties.LaunchTemplateData ?? {} : source?.properties ?? {};
  const overrides: any[] = p.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? [];
  const wanted: Array<{ type: unknown; weight: unknown }> = overrides.length > 0
    ? overrides.map(o => ({ type: o.InstanceType ?? (o.InstanceRequirements ? { InstanceRequirements: true } : undefined), weight: o.WeightedCapacity ?? 1 }))
    : [{ type: sourceData.InstanceType, weight: 1 }];

  // One rule for every instance line (lib/cost/capacity-model.ts): the bounds the group's own
  // MinSize / MaxSize and its AWS::AutoScaling::ScheduledActions put in force hour by hour; the
  // recorded demand clamped to them, else DesiredCapacity (else MinSize) as the schedule moves it.
  const reading = autoScalingGroupSchedule(ctx.graph, ctx.node, (v, n) => ctx.literal(v, 'number', `scheduled ${n}`));
  const recorded = ctx.groupUsage;
  const initial = desired?.ok ? desired.value : min.value;
  const week = capacityWeek({
    minCapacity: min.value, maxCapacity: max.value, initialCapacity: initial,
    changes: reading.changes, hourlyDemand: recorded?.hourlyDemand,
  });
  const capacity: string[] = [...describeCapacityWeek(week, reading, 'capacity units')];
  if (recorded?.hourlyDemand) {
    capacity.push(...recorded.assumptions);
    capacity.push(`expected: the capacity the traffic needs, clamped hour by hour to the bounds in force: ${figure(week.instanceHoursPerMonth.expected)} unit-hours a month`);
  } else {
    if (recorded) capacity.push(...recorded.assumptions);
    capacity.push(`no traffic profile recorded: expected assumes ${desired?.ok ? 'DesiredCapacity' : 'MinSize'} ${initial}` +
      (week.scheduled || reading.changes.length > 0 ? ` as the scheduled actions move it, ${figure(week.averageInstances)} on average` : ' all month'));
  }
  const bounds: GroupBounds = {
    hourlyMin: week.hourlyMin, hourlyMax: week.hourlyMax, min: min.value, max: max.value, hourly: week.hourlyInstances, recorded, capacity,
  };
  const sourceName = (source ? source.type === 'AWS::AutoScaling::LaunchConfiguration' : p.LaunchConfigurationName !== undefined)
    ? 'the launch configuration'
    : 'the launch template';
  const mappings = sourceData.BlockDeviceMappings;
  const volumes = groupVolumeLines(ctx, wanted, mappings, sourceName, bounds);
  // Without EBS mappings the instances launch with the AMI's own volumes, whose size only the AMI knows.
  const volumesUnknown = volumes.length > 0 ? undefined : !source
    ? `${sourceName} is not in this app: the EBS volumes its instances launch with are billed per GB-month and not priced`
    : `${mappings === undefined ? `no BlockDeviceMappings in ${sourceName}` : `no EBS volume in ${sourceName}'s BlockDeviceMappings`}: ` +
      "the AMI's own volumes (at least its root volume) are billed per GB-month and not priced, their size being the AMI's";

  return [...instanceLines(ctx, wanted, sourceData, bounds, volumesUnknown), ...volumes];
}

interface GroupBounds {
  /** The least and most capacity units each hour of the week (the bounds in force). */
  readonly hourlyMin: number[];
  readonly hourlyMax: number[];
  readonly min: number;
  readonly max: number;
  /** Capacity units running each hour. */
  readonly hourly: number[];
  readonly recorded?: AutoScalingGroupUsage;
  /** How the capacity was worked out, in words. */
  readonly capacity: string[];
}

/** The instance lines: the on-demand share and, when the distribution allows it, the Spot share. */
function instanceLines(
  ctx: PricingContext,
  wanted: Array<{ type: unknown; weight: unknown }>,
  sourceData: any,
  bounds: GroupBounds,
  volumesUnknown: string | undefined,
): CostLineData[] {
  const p = ctx.props;
  const { hourlyMin, hourlyMax, hourly, recorded } = bounds;
  const high = Math.max(...hourlyMax);
  const options: TypeOption[] = [];
  for (const w of wanted) {
    const type = ctx.literal(w.type, 'string', 'instance type');
    if (!type.ok) {
      const why = (w.type as any)?.InstanceRequirements ? 'attribute-based instance selection (InstanceRequirements) has no fixed type to price' : type.reason;
      return [ctx.unpriced('Auto Scaling group', why)];
    }
    const weight = ctx.literal(w.weight, 'number', `WeightedCapacity of ${type.value}`);
    if (!weight.ok) return [ctx.unpriced(`Auto Scaling group (${type.value})`, weight.reason)];
    const lookup = ctx.book.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: ctx.region, sku: type.value });
    if (!lookup.entry) return [ctx.unpriced(`${type.value} Auto Scaling group`, lookup.reason!)];
    const spot = ctx.book.spotDiscount(PriceService.EC2, ctx.region, type.value);
    options.push({
      instanceType: type.value,
      weight: weight.value,
      entry: lookup.entry,
      perUnit: lookup.entry.priceUsd / weight.value,
      spotDiscount: spot.entry ? spot.entry.priceUsd : undefined,
      spotSource: spot.entry ? `${spot.entry.sku} ${spot.entry.source} (${spot.entry.date})` : spot.reason,
    });
  }

  const dist = p.MixedInstancesPolicy?.InstancesDistribution ?? {};
  const allSpotTemplate = sourceData.InstanceMarketOptions?.MarketType === 'spot';
  const base = p.MixedInstancesPolicy ? Number(dist.OnDemandBaseCapacity ?? 0) : 0;
  const pct = allSpotTemplate ? 0 : p.MixedInstancesPolicy ? Number(dist.OnDemandPercentageAboveBaseCapacity ?? 100) : 100;
  // On-demand units for n units of capacity: the base first, then the percentage above it,
  // with a fractional share rounded up in favour of on-demand.
  const onDemandUnits = (n: number): number => Math.min(n, base) + Math.ceil(Math.max(0, n - base) * pct / 100 - 1e-9);

  const assumptions: string[] = [...bounds.capacity];
  const avg = (values: number[], f: (n: number) => number): number => values.reduce((a, n) => a + f(n), 0) / values.length;
  const expectedOnDemandUnits = avg(hourly, onDemandUnits);
  const expectedSpotUnits = avg(hourly, n => n - onDemandUnits(n));

  const first = options[0];
  const dearest = options.reduce((a, b) => (b.perUnit > a.perUnit ? b : a));
  const types = options.map(o => (o.weight === 1 ? o.instanceType : `${o.instanceType}×${o.weight}`)).join(', ');
  assumptions.push(`capacity between MinSize ${bounds.min} and MaxSize ${bounds.max}; instance types: ${types}`);
  assumptions.push(`ceiling: the MaxSize in force each hour, all on-demand at ${dearest.instanceType}`);
  assumptions.push(`${HOURS_PER_MONTH} hours a month, Linux on-demand rates`);
  if (volumesUnknown) assumptions.push(volumesUnknown);

  const base_ = { stack: ctx.stackName, path: ctx.node.path, resourceType: ctx.node.type };
  const unitHours = (units: number): number => units * HOURS_PER_MONTH;
  const ceilingFactor = dearest.perUnit / first.perUnit;
  const lines: CostLineData[] = [];
  const spotPossible = pct < 100 && high > base;

  lines.push(buildLine(base_, first.entry, {
    description: spotPossible ? `${first.instanceType} Auto Scaling group, on-demand share` : `${first.instanceType} Auto Scaling group`,
    component: spotPossible ? 'on-demand' : undefined,
    // Quantities in instance-hours of the first type; the ceiling factor prices them at the dearest type.
    quantity: {
      floor: unitHours(avg(hourlyMin, onDemandUnits)) / first.weight,
      expected: unitHours(expectedOnDemandUnits) / first.weight,
      ceiling: unitHours(spotPossible ? avg(hourlyMax, onDemandUnits) : avg(hourlyMax, n => n)) / first.weight,
    },
    priceFactor: { ceiling: ceilingFactor },
    assumptions: spotPossible
      ? [...assumptions, `on-demand: base ${base} then ${pct}% above base (rounded up), prioritized: first override ${first.instanceType}`]
      : assumptions,
  }));

  if (spotPossible) {
    const known = options.filter(o => o.spotDiscount !== undefined);
    const spotAssumptions = [...assumptions, `Spot: ${100 - pct}% of capacity above the on-demand base of ${base}`];
    const spotDescription = `${options.map(o => o.instanceType).join('/')} Auto Scaling group, Spot share`;
    const stated = recorded?.spotSavings;
    let spotPerUnit: number;
    if (stated) {
      const problem = statedSpotSavingsProblem(stated);
      if (problem) return [...lines, ctx.unpriced(spotDescription, problem, spotAssumptions)];
      // The user's figure for these types in this region replaces the book's per-type estimates.
      spotPerUnit = options.reduce((a, o) => a + o.perUnit, 0) / options.length * (1 - stated.fraction);
      spotAssumptions.push(`Spot priced at ${describeStatedSpotSavings(stated)}, for every instance type, instead of the price book's estimate`);
    } else if (known.length === options.length) {
      spotPerUnit = options.reduce((a, o) => a + o.perUnit * (1 - o.spotDiscount!), 0) / options.length;
      spotAssumptions.push(`Spot priced at the mean of the overrides' estimated Spot prices: ${options
        .map(o => `${o.instanceType} −${Math.round(o.spotDiscount! * 100)}% (${o.spotSource})`).join('; ')}`);
    } else {
      spotPerUnit = options.reduce((a, o) => a + o.perUnit, 0) / options.length;
      spotAssumptions.push(`no estimated Spot discount in the price book for ${options.filter(o => o.spotDiscount === undefined)
        .map(o => o.instanceType).join(', ')}: expected prices the Spot share at on-demand`);
    }
    spotAssumptions.push('ceiling prices the Spot share at on-demand (Spot can be unavailable)');
    const factor = spotPerUnit / first.perUnit;
    lines.push(buildLine(base_, first.entry, {
      description: spotDescription,
      component: 'spot',
      quantity: {
        floor: unitHours(avg(hourlyMin, n => n - onDemandUnits(n))) / first.weight,
        expected: unitHours(expectedSpotUnits) / first.weight,
        ceiling: unitHours(avg(hourlyMax, n => n - onDemandUnits(n))) / first.weight,
      },
      priceFactor: { floor: factor, expected: factor, ceiling: ceilingFactor },
      assumptions: spotAssumptions,
    }));
  }
  return lines;
}

/**
 * The EBS volumes of the launch template or configuration, over the instance-hours the instance
 * lines price: a volume bills per GB-month while its instance runs, on-demand or Spot. With
 * weighted overrides, capacity units are counted as instances of the first override (as the
 * instance lines count them), and at the ceiling as instances of the lightest weight (the most
 * instances MaxSize allows).
 */
function groupVolumeLines(
  ctx: PricingContext,
  wanted: Array<{ type: unknown; weight: unknown }>,
  mappings: unknown,
  sourceName: string,
  bounds: GroupBounds,
): CostLineData[] {
  if (mappings === undefined) return [];
  const weights: number[] = [];
  for (const w of wanted) {
    const weight = ctx.literal(w.weight, 'number', 'WeightedCapacity');
    if (!weight.ok) return [ctx.unpriced('EBS volumes', `${weight.reason}: the number of instances, and so of volumes, is not known`)];
    weights.push(weight.value);
  }
  const first = weights[0];
  const lightest = Math.min(...weights);
  const meanOf = (values: number[]): number => values.reduce((a, n) => a + n, 0) / values.length;
  const instanceMonths = { floor: meanOf(bounds.hourlyMin) / first, expected: meanOf(bounds.hourly) / first, ceiling: meanOf(bounds.hourlyMax) / lightest };
  const assumptions = [
    ...bounds.capacity,
    `capacity between MinSize ${bounds.min} and MaxSize ${bounds.max}`,
    "instance-months: the group's instance-hours ÷ 730, on-demand and Spot alike (a volume bills while its instance runs, however the instance is bought)",
  ];
  if (weights.some(w => w !== first)) {
    assumptions.push(`weighted overrides: capacity units counted as instances of weight ${first} (the first override), at the ceiling of weight ${lightest} (the most instances)`);
  } else if (first !== 1) {
    assumptions.push(`capacity units counted as instances of weight ${first}`);
  }
  return ebsVolumeLines(ctx, mappings, { from: sourceName, instanceMonths, assumptions, perInstance: true });
}
