import {
  Duration, TimeZone, Token, aws_applicationautoscaling as appscaling, aws_cloudwatch as cloudwatch, aws_iam as iam, aws_sagemaker as sagemaker,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CapacitySimulation, ScheduledCapacityWindow, simulateCapacity, validateWindows, windowCron, windowTimeZoneName,
} from '../cost/capacity-schedule';
import { CostReport } from '../cost/cost-report';
import { HOURS_PER_MONTH } from '../cost/report-schema';
import { TrafficProfile } from '../cost/traffic-profile';
import { checkWorkloadComparison, Substrate, WorkloadComparisonOptions } from '../cost/workload-comparison';
import { InferenceModel, InferenceModelOptions } from './inference-model';
import { createEndpoint, createModel } from './private/endpoint-resources';
import { InstanceTypeUse } from '../catalog/instance-catalog';
import { Problems } from '../private/validation';
import { figure } from '../cost/private/render';
import { createVariantScalableTarget } from './private/scaling';
import { VariantEndpointBase } from './variant-endpoint-base';

/** Properties of a `RealtimeEndpoint`. */
export interface RealtimeEndpointProps {
  /** The model to serve: image, artifact, environment, optional VPC and role. */
  readonly model: InferenceModelOptions;
  /** The SageMaker hosting instance type, e.g. `ml.g5.xlarge`. */
  readonly instanceType: string;
  /**
   * The most instances the endpoint may run. Required: a GPU endpoint never scales without a
   * ceiling. The report's ceiling is this many instances running all month.
   */
  readonly maxCapacity: number;
  /**
   * The fewest instances the endpoint runs, around the clock (at least 1: use an
   * `AsyncEndpoint` to scale to zero). `2` spreads the endpoint over two Availability Zones.
   * @default 1 - one instance of `instanceType` always on (730 instance-hours a month), the report's floor
   */
  readonly minCapacity?: number;
  /**
   * The requests per second one instance serves at its latency goal, as you measured it (a load
   * test). The scaling target is `targetUtilization` of it.
   */
  readonly maxRequestsPerSecondPerInstance: number;
  /**
   * The share of `maxRequestsPerSecondPerInstance` target tracking keeps each instance at, in
   * (0, 1]. Lower buys headroom for bursts with more instance-hours.
   * @default 0.7 - about 1.4 instances paid per instance of measured load
   */
  readonly targetUtilization?: number;
  /**
   * How long target tracking waits after a scale-in before the next one.
   * @default Duration.seconds(300)
   */
  readonly scaleInCooldown?: Duration;
  /**
   * How long target tracking waits after a scale-out before the next one.
   * @default Duration.seconds(60)
   */
  readonly scaleOutCooldown?: Duration;
  /**
   * Recurring windows (nights, weekends) with lower capacity bounds, deployed as scheduled
   * actions and applied hour by hour in the cost simulation. Bounds must stay within
   * [1, maxCapacity].
   * @default - none: the same bounds around the clock
   */
  readonly scheduledCapacity?: ScheduledCapacityWindow[];
  /**
   * How requests arrive, for the cost report only (never deployed).
   * @default - none: the report expects `minCapacity` instances all month
   */
  readonly traffic?: TrafficProfile;
  /**
   * The production variant's name.
   * @default 'AllTraffic'
   */
  readonly variantName?: string;
  /**
   * Compare this workload with other substrates in the cost report (async, serverless, batch
   * transform on the same instance type; an EC2 fleet or Bedrock when named): the same `traffic`
   * priced on each, the cheapest marked, the break-even, and a chart beside the report. Needs
   * `traffic`. `{}` compares with what the endpoint itself states.
   * @default - no comparison
   */
  readonly compareWith?: WorkloadComparisonOptions;
}

const DEFAULT_TARGET_UTILIZATION = 0.7;

/**
 * A SageMaker real-time endpoint that pays for traffic, not for idle: one production variant
 * autoscaled by target tracking on `SageMakerVariantInvocationsPerInstance` between
 * `minCapacity` and a required `maxCapacity`, with optional scheduled windows (nights,
 * weekends). Its cost line runs the traffic profile hour by hour through that policy.
 *
 * Every resource carries the cost-allocation tag `InferenceType=Realtime`.
 */
export class RealtimeEndpoint extends VariantEndpointBase {
  /** The endpoint. */
  public readonly endpoint: sagemaker.CfnEndpoint;
  /** The endpoint config (priced per instance-hour in the report). */
  public readonly endpointConfig: sagemaker.CfnEndpointConfig;
  /** The SageMaker model. */
  public readonly model: sagemaker.CfnModel;
  /** The model construct (role, image URI, VPC connections). */
  public readonly inferenceModel: InferenceModel;
  /** The model's execution role. */
  public readonly role: iam.IRole;
  /**
   * The Application Auto Scaling target of the variant; undefined when `minCapacity` equals
   * `maxCapacity` and there is no scheduled window (nothing to scale).
   */
  public readonly scalableTarget: appscaling.ScalableTarget | undefined;
  /** The endpoint's name (a `Fn::GetAtt`). */
  public readonly endpointName: string;
  /** The production variant's name. */
  public readonly variantName: string;
  /** The target tracking target: invocations per instance per minute; undefined when not autoscaled or not known at synth. */
  public readonly targetInvocationsPerInstancePerMinute: number | undefined;
  /**
   * The hour-by-hour simulation behind the report's expected figure; undefined without a traffic profile.
   *
   * TypeScript only (`@jsii ignore`): its type is internal and may change in any release.
   * @jsii ignore
   */
  public readonly simulation: CapacitySimulation | undefined;

  constructor(scope: Construct, id: string, props: RealtimeEndpointProps) {
    super(scope, id);
    const minCapacity = props.minCapacity ?? 1;
    const maxCapacity = props.maxCapacity;
    const targetUtilization = props.targetUtilization ?? DEFAULT_TARGET_UTILIZATION;
    const windows = props.scheduledCapacity ?? [];
    this.variantName = props.variantName ?? 'AllTraffic';
    const boundsKnown = !Token.isUnresolved(minCapacity) && !Token.isUnresolved(maxCapacity);
    const autoscaled = !boundsKnown || maxCapacity > minCapacity || windows.length > 0;

    const problems = new Problems('RealtimeEndpoint', this);
    const type = problems.instanceType('instanceType', props.instanceType, InstanceTypeUse.HOSTING);
    problems.wholeNumber('minCapacity', minCapacity, 1);
    problems.wholeNumber('maxCapacity', maxCapacity, 1);
    if (boundsKnown && maxCapacity < minCapacity) problems.add(`maxCapacity must be at least minCapacity (${minCapacity}), got: ${maxCapacity}`);
    problems.positive('maxRequestsPerSecondPerInstance', props.maxRequestsPerSecondPerInstance, 'requests per second');
    if (problems.number('targetUtilization', targetUtilization) && !(targetUtilization > 0 && targetUtilization <= 1)) {
      problems.add(`targetUtilization must be in (0, 1], got: ${targetUtilization}`);
    }
    if (type?.burstable && autoscaled) {
      problems.add(`instanceType '${props.instanceType}' is a burstable type, which SageMaker cannot autoscale: ` +
        `use a non-burstable type, or set minCapacity equal to maxCapacity without scheduledCapacity (got minCapacity ${minCapacity}, maxCapacity ${maxCapacity})`);
    }
    problems.addAll(validateWindows('scheduledCapacity', windows));
    windows.forEach((w, i) => {
      const prop = `scheduledCapacity[${i}]`;
      if (Number.isInteger(w.minCapacity) && w.minCapacity < 1) {
        problems.add(`${prop}.minCapacity must be at least 1 (a real-time variant cannot run zero instances; use an AsyncEndpoint to scale to zero), got: ${w.minCapacity}`);
      }
      if (boundsKnown && w.maxCapacity > maxCapacity) problems.add(`${prop}.maxCapacity must be at most maxCapacity (${maxCapacity}), got: ${w.maxCapacity}`);
    });
    problems.sageMakerName('variantName', this.variantName);
    checkWorkloadComparison(problems, 'compareWith', props.compareWith);
    if (props.compareWith && !props.traffic) problems.add('compareWith needs traffic (a TrafficProfile) to compare: got no traffic');
    problems.throwIfAny();

    this.inferenceModel = createModel(this, props.model);
    this.model = this.inferenceModel.resource;
    this.role = this.inferenceModel.role;
    const { config, endpoint } = createEndpoint(this, {
      model: this.inferenceModel,
      inferenceType: 'Realtime',
      variant: {
        variantName: this.variantName,
        instanceType: props.instanceType,
        initialInstanceCount: minCapacity,
        initialVariantWeight: 1,
      },
    });
    this.endpointConfig = config;
    this.endpoint = endpoint;
    this.endpointName = endpoint.attrEndpointName;

    const targetPerInstanceRps = props.maxRequestsPerSecondPerInstance * targetUtilization;
    const targetKnown = !Token.isUnresolved(props.maxRequestsPerSecondPerInstance) && !Token.isUnresolved(targetUtilization);
    if (autoscaled) {
      this.scalableTarget = createVariantScalableTarget(this, { endpoint, variantName: this.variantName, minCapacity, maxCapacity });
      // SageMakerVariantInvocationsPerInstance counts invocations per instance per minute (SageMaker
      // developer guide, "Define a scaling policy"), so the per-second target is multiplied by 60.
      const targetValue = targetKnown ? roundTarget(targetPerInstanceRps * 60) : props.maxRequestsPerSecondPerInstance * targetUtilization * 60;
      this.targetInvocationsPerInstancePerMinute = targetKnown ? targetValue : undefined;
      this.scalableTarget.scaleToTrackMetric('InvocationsPerInstance', {
        predefinedMetric: appscaling.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
        targetValue,
        scaleInCooldown: props.scaleInCooldown ?? Duration.seconds(300),
        scaleOutCooldown: props.scaleOutCooldown ?? Duration.seconds(60),
      });
      windows.forEach(w => {
        const cron = windowCron(w);
        const timeZone = TimeZone.of(windowTimeZoneName(w));
        this.scalableTarget!.scaleOnSchedule(`${w.name}Start`, {
          schedule: appscaling.Schedule.cron({ minute: cron.start.minute, hour: cron.start.hour, weekDay: cron.start.weekDay === '*' ? undefined : cron.start.weekDay }),
          timeZone, minCapacity: w.minCapacity, maxCapacity: w.maxCapacity,
        });
        this.scalableTarget!.scaleOnSchedule(`${w.name}End`, {
          schedule: appscaling.Schedule.cron({ minute: cron.end.minute, hour: cron.end.hour, weekDay: cron.end.weekDay === '*' ? undefined : cron.end.weekDay }),
          timeZone, minCapacity, maxCapacity,
        });
      });
    }

    if (props.traffic && boundsKnown && targetKnown) {
      this.simulation = simulateCapacity({
        traffic: props.traffic, targetRequestsPerSecondPerInstance: targetPerInstanceRps, minCapacity, maxCapacity, windows,
      });
      CostReport.of(this).recordVariantUsage(config, {
        variantName: this.variantName,
        hourlyDemand: this.simulation.hourlyDemand,
        hourlyRequestsPerSecond: props.traffic.weeklyRequestsPerSecond(),
        targetRequestsPerSecondPerInstance: targetPerInstanceRps,
        dataProcessedGbPerMonth: props.traffic.dataProcessedGbPerMonth,
        assumptions: [
          ...realtimeAssumptions(props.traffic, this.simulation, { maxRps: props.maxRequestsPerSecondPerInstance, targetUtilization, autoscaled, windows }),
          ...(props.traffic.payloadDescription ? [props.traffic.payloadDescription] : []),
        ],
      });
      if (props.compareWith) {
        CostReport.of(this).recordWorkload(config, {
          component: this.variantName,
          hourlyRequestsPerSecond: props.traffic.weeklyRequestsPerSecond(),
          trafficDescription: props.traffic.description,
          substrate: Substrate.REALTIME_ENDPOINT,
          deployed: { endpoint: { instanceType: props.instanceType, maxRequestsPerSecondPerInstance: props.maxRequestsPerSecondPerInstance }, targetUtilization },
          minCapacity,
          compareWith: props.compareWith,
        });
      }
    } else {
      CostReport.of(this);
    }
  }

  /** Invocations per instance (Sum per period): the metric the scaling policy tracks, per minute. */
  public metricInvocationsPerInstance(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InvocationsPerInstance', { statistic: 'Sum', period: Duration.minutes(1), ...props });
  }

  /** Requests the model answered with a 5xx error (Sum). */
  public metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Invocation5XXErrors', { statistic: 'Sum', ...props });
  }
}

function roundTarget(value: number): number {
  // 40 × 0.7 × 60 is 1680.0000000000002 in floating point: keep the template readable.
  return Math.round(value * 1000) / 1000;
}

function realtimeAssumptions(traffic: TrafficProfile, sim: CapacitySimulation, o: {
  maxRps: number; targetUtilization: number; autoscaled: boolean; windows: ScheduledCapacityWindow[];
}): string[] {
  const target = o.maxRps * o.targetUtilization;
  const out = [
    `traffic: ${traffic.description}`,
    o.autoscaled
      ? `target tracking at ${figure(o.targetUtilization * 100)}% of ${figure(o.maxRps)} requests/s measured per instance = ` +
        `${figure(target)} requests/s (${figure(target * 60)} invocations per instance per minute); instances each hour = ceil(load / ${figure(target)}), clamped to [min, max]`
      : `fixed instance count (minCapacity = maxCapacity); ${figure(target)} requests/s per instance at ${figure(o.targetUtilization * 100)}% of measured throughput`,
    ...(o.windows.length > 0 ? [`scheduled windows: ${o.windows.map(w => `${w.name} ${w.startHour}:00-${w.endHour}:00 ${w.days ?? 'every-day'} ${windowTimeZoneName(w)} [${w.minCapacity}, ${w.maxCapacity}]`).join('; ')}`] : []),
    `average ${figure(sim.averageInstances)} instances (${figure(sim.averageInstances * HOURS_PER_MONTH)} instance-hours a month)`,
  ];
  if (sim.hoursAtMaxShortfall > 0) {
    out.push(`demand exceeds what maxCapacity serves at target in ${figure(sim.hoursAtMaxShortfall * 100)}% of hours: instances then run above target`);
  }
  return out;
}
