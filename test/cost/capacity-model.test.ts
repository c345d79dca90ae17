import * as fs from 'fs';
import * as path from 'path';
import { App, aws_applicationautoscaling as appscaling, aws_autoscaling as autoscaling, aws_ec2 as ec2, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { IAdvisorContext } from '../../lib/cost/cost-engine';
import {
  autoScalingGroupSchedule, BoundsChange, capacityWeek, MINUTES_PER_WEEK, scalableTargetSchedule, variantCapacity,
} from '../../lib/cost/capacity-model';
import { CostReport, InferenceFleet, ModelImage, RealtimeEndpoint, TrafficProfile } from '../../lib';
import { ResourceGraph } from '../../lib/graph/resource-graph';
import { exampleContext, linesAt, reportOf, testStack } from '../helpers';
import { BoundsAt, oracleBacklog, oracleTargetTracking } from './capacity-oracle';

const HOURS = 730;
const read = (v: unknown, name: string): { ok: true; value: number } | { ok: false; reason: string } =>
  (typeof v === 'number' ? { ok: true, value: v } : { ok: false, reason: `${name} is not known at synth time` });

describe('capacityWeek: one rule for every instance line', () => {
  test('clamps the demand to the bounds in force each hour, and reads floor and ceiling off the same hours', () => {
    // GIVEN bounds [2, 6], lowered to [1, 2] from 01:00 to 07:00 every day; demand 4 all week
    const nights: BoundsChange[] = [
      { label: 'night', minutes: days(d => d * 1440 + 60), min: 1, max: 2 },
      { label: 'day', minutes: days(d => d * 1440 + 420), min: 2, max: 6 },
    ];
    // WHEN
    const week = capacityWeek({ minCapacity: 2, maxCapacity: 6, initialCapacity: 2, changes: nights, hourlyDemand: new Array(168).fill(4) });
    // THEN 18 h at 4, 6 h at 2 (clamped to the night maximum): 66 instance-hours a day
    expect(week.instanceHoursPerMonth.expected).toBeCloseTo((18 * 4 + 6 * 2) / 24 * HOURS, 9);
    // floor: 18 h at 2 + 6 h at 1; ceiling: 18 h at 6 + 6 h at 2
    expect(week.instanceHoursPerMonth.floor).toBeCloseTo((18 * 2 + 6 * 1) / 24 * HOURS, 9);
    expect(week.instanceHoursPerMonth.ceiling).toBeCloseTo((18 * 6 + 6 * 2) / 24 * HOURS, 9);
    expect(week.hourlyInstances.slice(0, 8)).toEqual([4, 2, 2, 2, 2, 2, 2, 4]);
  });

  test('without traffic, expected is the desired capacity as the schedule moves it', () => {
    // GIVEN min 0, desired 0; desired 2 at 08:00 and 0 at 18:00 on weekdays
    const changes: BoundsChange[] = [
      { label: 'up', minutes: days(d => d * 1440 + 480, 5), desired: 2 },
      { label: 'down', minutes: days(d => d * 1440 + 1080, 5), desired: 0 },
    ];
    // WHEN
    const week = capacityWeek({ minCapacity: 0, maxCapacity: 4, initialCapacity: 0, changes });
    // THEN 5 days × 10 h × 2 = 100 instance-hours a week = 434.52 a month
    expect(week.instanceHoursPerMonth.expected).toBeCloseTo(100 / 168 * HOURS, 9);
    expect(week.instanceHoursPerMonth.floor).toBe(0);
  });

  test('an action at 08:30 counts half of hour 8 on each side', () => {
    const week = capacityWeek({
      minCapacity: 1, maxCapacity: 1, initialCapacity: 1,
      changes: [{ label: 'up', minutes: [510], min: 3, max: 3 }, { label: 'down', minutes: [600], min: 1, max: 1 }],
    });
    expect(week.hourlyInstances.slice(7, 11)).toEqual([1, 2, 3, 1]);
  });

  test('the week wraps: Monday 00:00 starts with the bounds the last action of the week left', () => {
    // GIVEN one action on Sunday 20:00 setting [3, 5], and one on Monday 06:00 setting [1, 1]
    const week = capacityWeek({
      minCapacity: 1, maxCapacity: 5, initialCapacity: 1,
      changes: [{ label: 'sun', minutes: [6 * 1440 + 1200], min: 3, max: 5 }, { label: 'mon', minutes: [360], min: 1, max: 1 }],
    });
    // THEN Monday 00:00-06:00 runs 3, then 1
    expect(week.hourlyInstances.slice(0, 7)).toEqual([3, 3, 3, 3, 3, 3, 1]);
  });

  test('lowering the minimum alone does not scale in: without traffic the capacity stays where it was', () => {
    const week = capacityWeek({
      minCapacity: 1, maxCapacity: 5, initialCapacity: 1,
      changes: [{ label: 'up', minutes: [0], min: 3 }, { label: 'relax', minutes: [360], min: 1 }],
    });
    expect(week.hourlyInstances.slice(0, 7)).toEqual([3, 3, 3, 3, 3, 3, 3]);
  });

  test('a shorter demand list repeats (24 values: every day the same)', () => {
    const week = capacityWeek({ minCapacity: 0, maxCapacity: 5, initialCapacity: 0, hourlyDemand: [...new Array(23).fill(1), 5] });
    expect(week.hourlyInstances[47]).toBe(5);
  });
});

describe('scheduled actions from the template', () => {
  test('EC2 Auto Scaling recurrences (Unix cron, Sunday = 0) in their time zone', () => {
    // GIVEN a group and two scheduled actions, one in UTC and one in Europe/Paris (UTC+1 in January)
    const { app, stack } = testStack();
    const group = rawGroup(stack, { min: 0, desired: 0, max: 4 });
    new autoscaling.CfnScheduledAction(stack, 'Up', { autoScalingGroupName: group.ref, recurrence: '0 8 * * 1-5', desiredCapacity: 2 });
    new autoscaling.CfnScheduledAction(stack, 'Down', { autoScalingGroupName: group.ref, recurrence: '0 19 * * MON-FRI', desiredCapacity: 0, timeZone: 'Europe/Paris' });
    // WHEN
    const graph = ResourceGraph.of(app);
    const reading = autoScalingGroupSchedule(graph, graph.nodeOf(group)!, read);
    // THEN Monday 08:00 UTC; Monday 19:00 Paris = 18:00 UTC, stated
    expect(reading.changes.map(c => c.minutes[0])).toEqual([480, 1080]);
    expect(reading.changes[0].minutes).toHaveLength(5);
    expect(reading.notes[0]).toContain('Europe/Paris: shifted by -60 minutes into UTC');
    expect(reading.unreadable).toEqual([]);
  });

  test('Application Auto Scaling cron (Sunday = 1, ?), rate, and what cannot be placed in a week, stated', () => {
    // GIVEN a scalable target with five scheduled actions
    const { app, stack } = testStack();
    const target = new appscaling.CfnScalableTarget(stack, 'Target', {
      serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount', resourceId: 'endpoint/e/variant/v',
      minCapacity: 1, maxCapacity: 4,
      scheduledActions: [
        { scheduledActionName: 'Sunday', schedule: 'cron(0 2 ? * 1 *)', scalableTargetAction: { minCapacity: 2 } },
        { scheduledActionName: 'Every6h', schedule: 'rate(6 hours)', scalableTargetAction: { maxCapacity: 3 } },
        { scheduledActionName: 'Once', schedule: 'at(2026-12-24T18:00:00)', scalableTargetAction: { minCapacity: 0 } },
        { scheduledActionName: 'Monthly', schedule: 'cron(0 0 1 * ? *)', scalableTargetAction: { minCapacity: 0 } },
        { scheduledActionName: 'Weekdays', schedule: 'cron(30 22 ? * MON-FRI *)', scalableTargetAction: { minCapacity: 1, maxCapacity: 1 } },
      ],
    });
    // WHEN
    const reading = scalableTargetSchedule(ResourceGraph.of(app).nodeOf(target)!, read);
    // THEN Sunday 02:00 is the week's last day; rate every 360 min; weekdays at 22:30
    expect(reading.changes.map(c => c.label.split(' ')[0])).toEqual(['Sunday', 'Every6h', 'Weekdays']);
    expect(reading.changes[0].minutes).toEqual([6 * 1440 + 120]);
    expect(reading.changes[1].minutes).toHaveLength(28);
    expect(reading.changes[2].minutes[0]).toBe(22 * 60 + 30);
    expect(reading.unreadable).toEqual([
      'scheduled action Once: at(2026-12-24T18:00:00) is a one-time action, not part of a representative week: not modelled',
      'scheduled action Monthly: cron(0 0 1 * ? *) recurs on days of the month (1), which a representative week cannot place: not modelled',
    ]);
  });

  test('an Auto Scaling group at min 0 / desired 0, scaled to 2 on weekdays 08:00-18:00 by raw scheduled actions, expects ~435 instance-hours', () => {
    // GIVEN the held-out app of issue 15
    const { app, stack } = testStack();
    const group = rawGroup(stack, { min: 0, desired: 0, max: 2 });
    new autoscaling.CfnScheduledAction(stack, 'MorningUp', { autoScalingGroupName: group.ref, recurrence: '0 8 * * MON-FRI', minSize: 2, desiredCapacity: 2 });
    new autoscaling.CfnScheduledAction(stack, 'EveningDown', { autoScalingGroupName: group.ref, recurrence: '0 18 * * MON-FRI', minSize: 0, desiredCapacity: 0 });
    // WHEN
    const [line] = linesAt(reportOf(app), 'TestStack/Group').filter(l => l.unit === 'instance-hour');
    // THEN 5 days × 10 h × 2 = 100 instance-hours a week × 730 / 168 = 434.52 a month × $0.7582 (inf2.xlarge)
    expect(line.quantity).toBeCloseTo(100 / 168 * HOURS, 3);
    expect(line.monthlyUsd.expected).toBeCloseTo(100 / 168 * HOURS * 0.7582, 2);
    // floor: the minimum in force, 2 for 50 h a week; ceiling: MaxSize 2 all week
    expect(line.monthlyUsd.floor).toBeCloseTo(100 / 168 * HOURS * 0.7582, 2);
    expect(line.monthlyUsd.ceiling).toBeCloseTo(2 * HOURS * 0.7582, 2);
    expect(line.assumptions.some(a => a.startsWith('scheduled actions: TestStack/MorningUp (0 8 * * MON-FRI UTC: min 2, desired 2)'))).toBe(true);
  });

  test('a two-variant config whose scheduled action drops one variant to [1, 1] at night prices that variant hour by hour', () => {
    // GIVEN variants A and B at [2, 2]; B drops to [1, 1] from 22:00 to 06:00 every day
    const { app, stack } = testStack();
    const config = new sagemaker.CfnEndpointConfig(stack, 'Config', {
      productionVariants: ['A', 'B'].map(v => ({ variantName: v, modelName: 'm', instanceType: 'ml.g5.xlarge', initialInstanceCount: 2, initialVariantWeight: 1 })),
    });
    const endpoint = new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: config.attrEndpointConfigName });
    for (const v of ['A', 'B']) {
      new appscaling.CfnScalableTarget(stack, `Target${v}`, {
        serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        resourceId: `endpoint/${endpoint.attrEndpointName}/variant/${v}`, minCapacity: 2, maxCapacity: 2,
        scheduledActions: v === 'A' ? undefined : [
          { scheduledActionName: 'Night', schedule: 'cron(0 22 * * ? *)', scalableTargetAction: { minCapacity: 1, maxCapacity: 1 } },
          { scheduledActionName: 'Day', schedule: 'cron(0 6 * * ? *)', scalableTargetAction: { minCapacity: 2, maxCapacity: 2 } },
        ],
      });
    }
    // WHEN
    const lines = linesAt(reportOf(app), 'TestStack/Config');
    const a = lines.find(l => l.component === 'A')!;
    const b = lines.find(l => l.component === 'B')!;
    // THEN A: 2 × 730; B: (16 × 2 + 8 × 1) / 24 × 730 = 1.667 × 730, at $1.4084 (ml.g5.xlarge hosting)
    expect(a.quantity).toBeCloseTo(2 * HOURS, 4);
    expect(b.quantity).toBeCloseTo((16 * 2 + 8) / 24 * HOURS, 3);
    expect(b.monthlyUsd.floor).toBeCloseTo(b.monthlyUsd.expected, 2);
    expect(b.monthlyUsd.ceiling).toBeCloseTo(b.monthlyUsd.expected, 2);
  });
});

// ---------------------------------------------------------------------------------------------
// The oracle: every example with a traffic profile, a week minute by minute

/** SageMaker instances take a few minutes to come into service. */
const SAGEMAKER_PROVISIONING_MINUTES = 5;

interface Comparison { readonly example: string; readonly what: string; readonly model: number; readonly oracle: number }

const examplesDir = path.join(__dirname, '..', '..', 'examples');
const comparisons: Comparison[] = [];
for (const file of fs.readdirSync(examplesDir).filter(f => f.endsWith('.ts'))) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(examplesDir, file)) as { createApp: (context?: Record<string, unknown>) => App };
  const app = mod.createApp(exampleContext());
  let captured: IAdvisorContext | undefined;
  CostReport.of(app).addAdvisor({ advise: ctx => { captured = ctx; return []; } });
  CostReport.of(app).compute();
  comparisons.push(...compare(file, captured!));
}
// Beside the examples (whose fleets see constant traffic): a fleet with a daily peak and a night
// window, and a real-time endpoint with an hourly profile of many steps.
{
  const { app, stack } = testStack();
  new InferenceFleet(stack, 'PeakFleet', {
    instanceTypes: ['inf2.xlarge'], maxCapacity: 8, maxRequestsPerSecondPerInstance: 2.5,
    serving: { container: { image: 'public.ecr.aws/example/server:1' } },
    traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 12, peakHoursPerDay: 6, peakStartHour: 17, offPeakRequestsPerSecond: 2 }),
    scaling: { scheduledWindows: [{ name: 'Night', startHour: 1, endHour: 6, minCapacity: 0, maxCapacity: 2 }] },
  });
  new RealtimeEndpoint(stack, 'Steps', {
    model: { image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310') },
    instanceType: 'ml.g5.xlarge', minCapacity: 1, maxCapacity: 6, maxRequestsPerSecondPerInstance: 10,
    traffic: TrafficProfile.hourly([1, 1, 1, 1, 1, 2, 5, 12, 20, 30, 35, 38, 40, 38, 35, 30, 28, 25, 20, 15, 10, 6, 3, 2]),
  });
  let captured: IAdvisorContext | undefined;
  CostReport.of(app).addAdvisor({ advise: ctx => { captured = ctx; return []; } });
  CostReport.of(app).compute();
  comparisons.push(...compare('synthetic', captured!));
}

describe('the hourly model against a minute-level oracle of target tracking and backlog scaling', () => {
  test('there are examples with traffic to compare', () => {
    expect(comparisons.length).toBeGreaterThan(3);
  });

  test.each(comparisons.map(c => [`${c.example} ${c.what}`, c]))('%s: within ±5% of the oracle\'s instance-hours', (_name, c) => {
    const { model, oracle } = c as Comparison;
    // Printed for the closing note of issue 15: model vs oracle instance-hours a month.
    process.stdout.write(`ORACLE ${(c as Comparison).example} ${(c as Comparison).what}: model ${model.toFixed(1)} oracle ${oracle.toFixed(1)} ` +
      `(${oracle > 0 ? ((model / oracle - 1) * 100).toFixed(1) : 'n/a'}%)\n`);
    if (oracle === 0) expect(model).toBe(0);
    else expect(Math.abs(model / oracle - 1)).toBeLessThanOrEqual(0.05);
  });
});

function compare(example: string, ctx: IAdvisorContext): Comparison[] {
  const out: Comparison[] = [];
  const graph = ctx.graph;
  for (const config of graph.ofType('AWS::SageMaker::EndpointConfig')) {
    const isAsync = config.properties.AsyncInferenceConfig !== undefined;
    for (const usage of ctx.usageOf(config.resource).variants) {
      if (!usage.hourlyDemand || !usage.hourlyRequestsPerSecond) continue;
      const line = ctx.lines.find(l => l.path === config.path && l.component === usage.variantName)!;
      const variant = config.properties.ProductionVariants.find((v: any) => v.VariantName === usage.variantName);
      const capacity = variantCapacity(graph, config, usage.variantName, variant.InitialInstanceCount ?? 1, usage.hourlyDemand, read);
      if ('reason' in capacity) throw new Error(capacity.reason);
      const bounds = boundsTimeline(capacity.min, capacity.max, capacity.reading?.changes ?? []);
      const policies = graph.scalingOfVariant(config, usage.variantName)?.policies ?? [];
      const tracking = policies.map(p => p.properties.TargetTrackingScalingPolicyConfiguration).find(Boolean);
      const step = policies.map(p => p.properties.StepScalingPolicyConfiguration).find(Boolean);
      const perWeek = isAsync
        ? oracleBacklog({
          hourlyRequests: usage.hourlyRequestsPerSecond.map(r => r * 3600),
          processingSeconds: usage.processingSecondsPerRequest!,
          concurrencyPerInstance: config.properties.AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance,
          targetBacklogPerInstance: tracking.TargetValue,
          bounds,
          scaleOutCooldownMinutes: tracking.ScaleOutCooldown / 60,
          scaleInCooldownMinutes: tracking.ScaleInCooldown / 60,
          wakeCooldownMinutes: (step?.Cooldown ?? 300) / 60,
          provisioningMinutes: SAGEMAKER_PROVISIONING_MINUTES,
        })
        : oracleTargetTracking({
          hourlyRequestsPerSecond: usage.hourlyRequestsPerSecond,
          targetPerInstance: tracking ? tracking.TargetValue / 60 : usage.targetRequestsPerSecondPerInstance!,
          bounds,
          scaleOutCooldownMinutes: (tracking?.ScaleOutCooldown ?? 0) / 60,
          scaleInCooldownMinutes: (tracking?.ScaleInCooldown ?? 0) / 60,
          provisioningMinutes: SAGEMAKER_PROVISIONING_MINUTES,
          billFromLaunch: false,
          initial: capacity.min,
        });
      out.push({ example, what: `${config.path} variant ${usage.variantName}`, model: line.quantity!, oracle: perWeek / 168 * HOURS });
    }
  }
  for (const group of graph.ofType('AWS::AutoScaling::AutoScalingGroup')) {
    const usage = ctx.usageOf(group.resource).group;
    if (!usage?.hourlyDemand) continue;
    const albUsage = graph.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')
      .filter(lb => lb.stack === group.stack).map(lb => ctx.usageOf(lb.resource).loadBalancer).find(Boolean)!;
    const policy = graph.ofType('AWS::AutoScaling::ScalingPolicy').find(p => graph.referenced(p.properties.AutoScalingGroupName, p.stack) === group)!;
    const perMinute = policy.properties.TargetTrackingConfiguration.TargetValue;
    const reading = autoScalingGroupSchedule(graph, group, read);
    const min = group.properties.MinSize;
    const max = group.properties.MaxSize;
    const perWeek = oracleTargetTracking({
      hourlyRequestsPerSecond: albUsage.hourlyRequestsPerSecond!,
      targetPerInstance: perMinute / 60,
      bounds: boundsTimeline(Number(min), Number(max), reading.changes),
      // EC2 Auto Scaling target tracking has no cooldowns; new instances count after the warm-up.
      scaleOutCooldownMinutes: 0,
      scaleInCooldownMinutes: 0,
      provisioningMinutes: (group.properties.DefaultInstanceWarmup ?? 300) / 60,
      billFromLaunch: true,
      initial: Number(min),
    });
    const model = ctx.lines.filter(l => l.path === group.path && l.unit === 'instance-hour').reduce((a, l) => a + l.quantity!, 0);
    out.push({ example, what: group.path, model, oracle: perWeek / 168 * HOURS });
  }
  return out;
}

/** The bounds in force minute by minute, replaying the changes (the week wraps). */
function boundsTimeline(min: number, max: number, changes: BoundsChange[]): BoundsAt {
  const at = new Map<number, BoundsChange[]>();
  for (const c of changes) for (const m of c.minutes) at.set(m, [...(at.get(m) ?? []), c]);
  const mins: number[] = [];
  const maxes: number[] = [];
  let lo = min;
  let hi = max;
  for (let pass = 0; pass < 2; pass++) {
    for (let m = 0; m < MINUTES_PER_WEEK; m++) {
      for (const c of at.get(m) ?? []) {
        lo = c.min ?? lo;
        hi = c.max ?? hi;
      }
      mins[m] = lo;
      maxes[m] = hi;
    }
  }
  return m => ({ min: mins[m], max: maxes[m] });
}

function days(f: (day: number) => number, count = 7): number[] {
  return Array.from({ length: count }, (_, d) => f(d));
}

function rawGroup(stack: import('aws-cdk-lib').Stack, o: { min: number; desired: number; max: number }): autoscaling.CfnAutoScalingGroup {
  const template = new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { instanceType: 'inf2.xlarge' } });
  return new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
    minSize: String(o.min), maxSize: String(o.max), desiredCapacity: String(o.desired),
    launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
    availabilityZones: ['us-east-1a'],
  });
}
