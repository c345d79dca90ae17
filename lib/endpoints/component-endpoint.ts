import {
  Duration, Names, Tags, Token, aws_applicationautoscaling as appscaling, aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cwActions, aws_iam as iam, aws_sagemaker as sagemaker,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ComponentDemand, ComponentEndpointSimulation, simulateComponentEndpoint } from '../cost/component-packing';
import { CostReport } from '../cost/cost-report';
import { InstanceCapacity, knownInstanceCapacity } from '../cost/instance-capacity';
import { figure } from '../cost/private/render';
import { HOURS_PER_MONTH } from '../cost/report-schema';
import { TrafficProfile } from '../cost/traffic-profile';
import { InferenceModel, InferenceModelOptions } from './inference-model';
import { InstanceTypeUse } from '../catalog/instance-catalog';
import { Problems } from '../private/validation';
import { endpointPhysicalName, INFERENCE_TYPE_TAG, sageMakerMetric } from './private/endpoint-resources';
import { createSageMakerScalableTarget } from './private/scaling';

/** How a component endpoint spreads requests over the copies of a component. */
export enum RoutingStrategy {
  /** To the copy with the fewest requests in flight (suits requests of uneven length, such as generation). */
  LEAST_OUTSTANDING_REQUESTS = 'LEAST_OUTSTANDING_REQUESTS',
  /** To a copy chosen at random. */
  RANDOM = 'RANDOM',
}

/** One model hosted as an inference component of a `ComponentEndpoint`. */
export interface InferenceComponentOptions {
  /**
   * The component's name within the endpoint (letters, digits, hyphens); callers pass it as
   * `InferenceComponentName` beside the endpoint name.
   */
  readonly name: string;
  /** The model: image, artifact, environment, optional VPC and role. */
  readonly model: InferenceModelOptions;
  /**
   * Accelerator devices (GPUs) one copy reserves.
   * @default 1 on an accelerated instance type, 0 on a CPU type
   */
  readonly acceleratorsPerCopy?: number;
  /** Memory one copy reserves, in MB (`MinMemoryRequiredInMb`). */
  readonly memoryPerCopyInMb: number;
  /**
   * CPU cores one copy reserves (`NumberOfCpuCoresRequired`).
   * @default - none reserved: copies are packed by accelerators and memory only
   */
  readonly cpuCoresPerCopy?: number;
  /**
   * The fewest copies. `0` lets the component scale to zero when it gets no requests, and the
   * endpoint's instances with it; the first request after that fails while a copy starts
   * (several minutes), and wakes it through the `NoCapacityInvocationFailures` alarm.
   * @default 0 - no copy (and no instance for it) while there are no requests
   */
  readonly minCopies?: number;
  /** The most copies. Required: every copy holds part of an instance. */
  readonly maxCopies: number;
  /** The requests per second one copy serves at its latency goal, as you measured it. */
  readonly maxRequestsPerSecondPerCopy: number;
  /**
   * The share of `maxRequestsPerSecondPerCopy` target tracking keeps each copy at, in (0, 1].
   * @default 0.7
   */
  readonly targetUtilization?: number;
  /**
   * How requests to this component arrive, for the cost report only (never deployed).
   * @default - none: the report expects `minCopies` copies all month
   */
  readonly traffic?: TrafficProfile;
}

/** Properties of a `ComponentEndpoint`. */
export interface ComponentEndpointProps {
  /** The SageMaker hosting instance type the components share, e.g. `ml.g5.12xlarge`. */
  readonly instanceType: string;
  /** The models the endpoint hosts, each with its own resources, copies and traffic. */
  readonly components: InferenceComponentOptions[];
  /**
   * The fewest instances SageMaker managed instance scaling keeps (`MinInstanceCount`).
   * @default 0 - no instance (and no cost) while no component has a copy
   */
  readonly minInstanceCount?: number;
  /**
   * The most instances managed instance scaling may run (`MaxInstanceCount`). Required: the
   * report's ceiling is this many instances all month.
   */
  readonly maxInstanceCount: number;
  /**
   * What one instance offers the components: accelerators, memory, CPU cores.
   * @default - the hardware of `instanceType` when this library knows it (g4dn, g5, g6, g6e, p4d, p5, m5, c5)
   */
  readonly instanceCapacity?: InstanceCapacity;
  /**
   * How requests are spread over a component's copies.
   * @default RoutingStrategy.LEAST_OUTSTANDING_REQUESTS
   */
  readonly routingStrategy?: RoutingStrategy;
  /**
   * The production variant's name.
   * @default 'AllTraffic'
   */
  readonly variantName?: string;
}

/** Properties of a `HostedComponent` (created by `ComponentEndpoint`). */
export interface HostedComponentProps {
  /** The component. */
  readonly component: InferenceComponentOptions;
  /** The endpoint that hosts it. */
  readonly endpoint: sagemaker.CfnEndpoint;
  /** The production variant of the endpoint it runs on. */
  readonly variantName: string;
  /**
   * Accelerator devices one copy reserves.
   * @default - `component.acceleratorsPerCopy`, else 0
   */
  readonly acceleratorsPerCopy?: number;
}

/** One inference component of a `ComponentEndpoint`: its model, the component, and its copy-count scaling. */
export class HostedComponent extends Construct {
  /** The inference component. */
  public readonly resource: sagemaker.CfnInferenceComponent;
  /** The component's physical name (`InferenceComponentName`). */
  public readonly inferenceComponentName: string;
  /** The model construct (role, image URI). */
  public readonly inferenceModel: InferenceModel;
  /** The scalable target of the component's copy count. */
  public readonly scalableTarget: appscaling.ScalableTarget;
  /** The alarm that wakes the component from zero copies; undefined when `minCopies` is above 0. */
  public readonly wakeFromZeroAlarm: cloudwatch.Alarm | undefined;
  /** The target tracking target: invocations per copy per minute. */
  public readonly targetInvocationsPerCopyPerMinute: number;
  /** The endpoint that hosts the component. */
  public readonly endpoint: sagemaker.CfnEndpoint;
  /** The hosting endpoint's name (a `Fn::GetAtt`): `InvokeEndpoint`'s `EndpointName` for this component. */
  public readonly endpointName: string;

  constructor(scope: Construct, id: string, options: HostedComponentProps) {
    super(scope, id);
    this.endpoint = options.endpoint;
    this.endpointName = options.endpoint.attrEndpointName;
    const spec = options.component;
    const acceleratorsPerCopy = options.acceleratorsPerCopy ?? spec.acceleratorsPerCopy ?? 0;
    const minCopies = spec.minCopies ?? 0;
    this.inferenceModel = new InferenceModel(this, 'Model', spec.model);
    this.inferenceComponentName = Names.uniqueResourceName(this, { maxLength: 63, separator: '-' });
    this.resource = new sagemaker.CfnInferenceComponent(this, 'Resource', {
      inferenceComponentName: this.inferenceComponentName,
      endpointName: options.endpoint.attrEndpointName,
      variantName: options.variantName,
      specification: {
        modelName: this.inferenceModel.modelName,
        computeResourceRequirements: {
          numberOfAcceleratorDevicesRequired: acceleratorsPerCopy > 0 ? acceleratorsPerCopy : undefined,
          minMemoryRequiredInMb: spec.memoryPerCopyInMb,
          numberOfCpuCoresRequired: spec.cpuCoresPerCopy,
        },
      },
      // One copy at creation, so the deployment proves the model loads; target tracking then
      // scales it to minCopies (zero included) when no requests come.
      runtimeConfig: { copyCount: Math.max(1, minCopies) },
    });
    this.resource.node.addDependency(this.inferenceModel.role);

    this.scalableTarget = createComponentScalableTarget(this, this.inferenceComponentName, minCopies, spec.maxCopies);
    this.scalableTarget.node.addDependency(this.resource);
    const target = spec.maxRequestsPerSecondPerCopy * (spec.targetUtilization ?? DEFAULT_TARGET_UTILIZATION) * 60;
    this.targetInvocationsPerCopyPerMinute = Math.round(target * 1000) / 1000;
    // SageMakerInferenceComponentInvocationsPerCopy counts invocations per copy per minute
    // (SageMaker guide "Scale an endpoint to zero instances", target tracking step).
    this.scalableTarget.scaleToTrackMetric('InvocationsPerCopy', {
      predefinedMetric: appscaling.PredefinedMetric.SAGEMAKER_INFERENCE_COMPONENT_INVOCATIONS_PER_COPY,
      targetValue: this.targetInvocationsPerCopyPerMinute,
      scaleInCooldown: Duration.seconds(300),
      scaleOutCooldown: Duration.seconds(60),
    });
    if (minCopies === 0) this.wakeFromZeroAlarm = this.createWakeFromZeroPolicy();
  }

  /**
   * Lets `grantee` call `sagemaker:InvokeEndpoint` on this component only: the hosting endpoint
   * and this component's ARN. `InvokeEndpoint` requires the `endpoint` resource and, when the
   * request names an `InferenceComponentName`, also authorizes the optional `inference-component`
   * resource (`arn:${Partition}:sagemaker:${Region}:${Account}:inference-component/${InferenceComponentName}`);
   * no condition key names the component (Service Authorization Reference, "Actions, resources,
   * and condition keys for Amazon SageMaker": InvokeEndpoint, resource types `endpoint*` and
   * `inference-component`). The other components of the endpoint stay out of reach.
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:InvokeEndpoint'],
      resourceArns: [this.endpoint.ref, this.resource.attrInferenceComponentArn],
    });
  }

  /** A metric of this component (namespace `AWS/SageMaker`, dimension `InferenceComponentName`). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return sageMakerMetric(metricName, { InferenceComponentName: this.inferenceComponentName }, props);
  }

  /** Requests sent while the component had no copy to serve them (Sum): what wakes it from zero. */
  public metricNoCapacityInvocationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NoCapacityInvocationFailures', { statistic: 'Sum', period: Duration.minutes(1), ...props });
  }

  /**
   * The step scaling policy that adds a copy when a request arrives with none, on an alarm on
   * `NoCapacityInvocationFailures` (Sum over 60 s, 1 of 1 period), with the policy the SageMaker
   * guide "Scale an endpoint to zero instances" gives (ChangeInCapacity +1 at lower bound 0,
   * Maximum aggregation, cooldown 60 s). The guide's alarm compares `> 1`; this one fires at
   * `≥ 1` so that a single request wakes the component.
   */
  private createWakeFromZeroPolicy(): cloudwatch.Alarm {
    const action = new appscaling.StepScalingAction(this, 'WakeFromZero', {
      scalingTarget: this.scalableTarget,
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
      cooldown: Duration.seconds(60),
    });
    action.addAdjustment({ adjustment: 1, lowerBound: 0 });
    const alarm = new cloudwatch.Alarm(this, 'NoCapacityInvocationFailuresAlarm', {
      metric: this.metricNoCapacityInvocationFailures(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `A request reached ${this.node.path} with no copy running: add one`,
    });
    alarm.addAlarmAction(new cwActions.ApplicationScalingAction(action));
    return alarm;
  }
}

const DEFAULT_TARGET_UTILIZATION = 0.7;

/**
 * A SageMaker real-time endpoint whose instances several models share, as inference
 * components, and that scales to zero: each component reserves its accelerators and memory per
 * copy and scales its copy count on its own traffic (target tracking on
 * `SageMakerInferenceComponentInvocationsPerCopy`, from `minCopies` — 0 by default — woken by
 * a step policy on `NoCapacityInvocationFailures`); SageMaker managed instance scaling adds and
 * removes instances to fit the copies, between `minInstanceCount` (0 by default) and a
 * required `maxInstanceCount`. Its cost line packs each hour's copies onto instances.
 *
 * Every resource carries the cost-allocation tag `InferenceType=Realtime`.
 */
export class ComponentEndpoint extends Construct {
  /** The endpoint. */
  public readonly endpoint: sagemaker.CfnEndpoint;
  /** The endpoint config (priced per instance-hour in the report). */
  public readonly endpointConfig: sagemaker.CfnEndpointConfig;
  /** The endpoint's name (a `Fn::GetAtt`). */
  public readonly endpointName: string;
  /** The production variant's name. */
  public readonly variantName: string;
  /** The hosted components, in the order given. */
  public readonly components: HostedComponent[];
  /** The capacity of one instance the packing used. */
  public readonly instanceCapacity: InstanceCapacity;
  /**
   * The hour-by-hour simulation behind the report's expected figure.
   *
   * TypeScript only (`@jsii ignore`): its type is internal and may change in any release.
   * @jsii ignore
   */
  public readonly simulation: ComponentEndpointSimulation;

  constructor(scope: Construct, id: string, props: ComponentEndpointProps) {
    super(scope, id);
    this.variantName = props.variantName ?? 'AllTraffic';
    const minInstances = props.minInstanceCount ?? 0;
    const { capacity, accelerators } = validate(this, props, minInstances);
    this.instanceCapacity = capacity;

    const physicalName = endpointPhysicalName(this);
    this.endpointConfig = new sagemaker.CfnEndpointConfig(this, 'Config', {
      productionVariants: [{
        variantName: this.variantName,
        instanceType: props.instanceType,
        // CreateEndpoint needs an instance to put in service; managed instance scaling then
        // follows the copies, down to MinInstanceCount.
        initialInstanceCount: Math.max(1, minInstances),
        managedInstanceScaling: { status: 'ENABLED', minInstanceCount: minInstances, maxInstanceCount: props.maxInstanceCount },
        routingConfig: { routingStrategy: props.routingStrategy ?? RoutingStrategy.LEAST_OUTSTANDING_REQUESTS },
      }],
    });
    this.endpoint = new sagemaker.CfnEndpoint(this, 'Resource', {
      endpointName: physicalName,
      endpointConfigName: this.endpointConfig.attrEndpointConfigName,
    });
    this.endpointName = this.endpoint.attrEndpointName;

    this.components = props.components.map((spec, i) => new HostedComponent(this, spec.name, {
      component: spec, endpoint: this.endpoint, variantName: this.variantName, acceleratorsPerCopy: accelerators[i],
    }));
    // An endpoint hosting inference components runs with an execution role of its own: the
    // first component's (each model's role gets its own image, artifact and this endpoint's logs).
    const first = this.components[0].inferenceModel;
    this.endpointConfig.executionRoleArn = first.role.roleArn;
    this.endpoint.node.addDependency(first.role);
    for (const c of this.components) c.inferenceModel.grantWriteEndpointLogs(physicalName);
    Tags.of(this).add(INFERENCE_TYPE_TAG, 'Realtime');

    this.simulation = this.recordUsage(props, minInstances, accelerators);
  }

  /** The component named `name` (as given in `components`). */
  public component(name: string): HostedComponent {
    const found = this.components.find(c => c.node.id === name);
    if (!found) throw new Error(`ComponentEndpoint ${this.node.path} has no component '${name}': it has ${this.components.map(c => `'${c.node.id}'`).join(', ')}`);
    return found;
  }

  /**
   * Lets `grantee` call `sagemaker:InvokeEndpoint` on this endpoint's components (the endpoint
   * and each inference component's ARN: invocations name both; see `HostedComponent.grantInvoke`
   * to grant one component only).
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:InvokeEndpoint'],
      resourceArns: [this.endpoint.ref, ...this.components.map(c => c.resource.attrInferenceComponentArn)],
    });
  }

  /** A metric of this endpoint's variant (namespace `AWS/SageMaker`, dimensions `EndpointName` and `VariantName`). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return sageMakerMetric(metricName, { EndpointName: this.endpointName, VariantName: this.variantName }, props);
  }

  /** Requests the endpoint received, all components together (Sum per period). */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Invocations', { statistic: 'Sum', ...props });
  }

  /** The models' latency in microseconds (Average). */
  public metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ModelLatency', { statistic: 'Average', ...props });
  }

  /** The cost model: each hour's copies packed onto instances; one place to adapt to typed usage. */
  private recordUsage(props: ComponentEndpointProps, minInstances: number, accelerators: number[]): ComponentEndpointSimulation {
    const demands: ComponentDemand[] = props.components.map((c, i) => ({
      name: c.name,
      requirements: { acceleratorCount: accelerators[i], memoryInMb: c.memoryPerCopyInMb, cpuCoreCount: c.cpuCoresPerCopy ?? 0 },
      hourlyRequestsPerSecond: c.traffic ? c.traffic.weeklyRequestsPerSecond() : [0],
      targetRequestsPerSecondPerCopy: c.maxRequestsPerSecondPerCopy * (c.targetUtilization ?? DEFAULT_TARGET_UTILIZATION),
      minCopies: c.minCopies ?? 0,
      maxCopies: c.maxCopies,
    }));
    const sim = simulateComponentEndpoint({ capacity: this.instanceCapacity, components: demands, minInstances, maxInstances: props.maxInstanceCount });
    CostReport.of(this).recordVariantUsage(this.endpointConfig, {
      variantName: this.variantName,
      hourlyDemand: sim.hourlyInstances,
      assumptions: componentAssumptions(props, demands, sim, this.instanceCapacity),
    });
    return sim;
  }
}

function componentAssumptions(props: ComponentEndpointProps, demands: ComponentDemand[], sim: ComponentEndpointSimulation, capacity: InstanceCapacity): string[] {
  const out = [
    `${demands.length} inference components share ${props.instanceType} instances (${capacity.acceleratorCount} accelerator(s), ${figure(capacity.memoryInMb)} MB, ${capacity.cpuCoreCount} vCPUs each; SageMaker's own memory share not deducted)`,
    ...props.components.map((c, i) => {
      const d = demands[i];
      return `${c.name}: ${c.traffic ? `traffic ${c.traffic.description}` : 'no traffic profile: minCopies all month'}; ` +
        `${d.requirements.acceleratorCount} accelerator(s), ${figure(d.requirements.memoryInMb)} MB per copy; ` +
        `copies each hour = ceil(load / ${figure(d.targetRequestsPerSecondPerCopy)} requests/s), at least 1 while requests arrive, within [${d.minCopies}, ${d.maxCopies}]; ` +
        `average ${figure(mean(sim.hourlyCopies[c.name]))} copies`;
    }),
    `instances each hour = the copies packed onto instances (first-fit decreasing by accelerators, memory and cores), within managed instance scaling [${props.minInstanceCount ?? 0}, ${props.maxInstanceCount}]`,
    'hourly granularity: the ~15 minutes before scale-in after the last request and the minutes to wake from zero are not modelled',
    `average ${figure(sim.averageInstances)} instances (${figure(sim.averageInstances * HOURS_PER_MONTH)} instance-hours a month); no instance in ${figure(sim.hoursAtZero * 100)}% of hours`,
  ];
  if (sim.hoursAtMaxShortfall > 0) {
    out.push(`the copies need more than maxInstanceCount instances in ${figure(sim.hoursAtMaxShortfall * 100)}% of hours: copies then wait for room`);
  }
  return out;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function validate(scope: Construct, props: ComponentEndpointProps, minInstances: number): { capacity: InstanceCapacity; accelerators: number[] } {
  const problems = new Problems('ComponentEndpoint', scope);
  const type = problems.instanceType('instanceType', props.instanceType, InstanceTypeUse.HOSTING);
  const capacity = props.instanceCapacity ?? (type ? knownInstanceCapacity(props.instanceType) : undefined);
  if (type && !capacity) {
    problems.add(`instanceCapacity must be given for instanceType '${props.instanceType}': this library does not know its accelerators and memory (it knows g4dn, g5, g6, g6e, p4d, p5, m5 and c5 sizes)`);
  }
  if (type?.burstable) problems.add(`instanceType '${props.instanceType}' is a burstable type, which SageMaker cannot scale: use a non-burstable type`);
  for (const [prop, value, least] of [['minInstanceCount', minInstances, 0], ['maxInstanceCount', props.maxInstanceCount, 1]] as const) {
    if (Token.isUnresolved(value)) problems.add(`${prop} must be a number at synth (the packing and the cap need it), got an unresolved token`);
    else problems.wholeNumber(prop, value, least);
  }
  if (props.maxInstanceCount < minInstances) problems.add(`maxInstanceCount must be at least minInstanceCount (${minInstances}), got: ${props.maxInstanceCount}`);
  problems.sageMakerName('variantName', props.variantName ?? 'AllTraffic');
  if (props.components.length === 0) problems.add('components must list at least one inference component, got: []');
  const seen = new Set<string>();
  const accelerators = props.components.map((c, i) => {
    const p = `components[${i}]`;
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,39}$/.test(c.name)) problems.add(`${p}.name must be 1 to 40 letters, digits or hyphens, starting and ending with a letter or digit, got: '${c.name}'`);
    if (seen.has(c.name)) problems.add(`${p}.name must be unique in components, got a second '${c.name}'`);
    seen.add(c.name);
    const acc = c.acceleratorsPerCopy ?? (capacity && capacity.acceleratorCount > 0 ? 1 : 0);
    problems.wholeNumber(`${p}.acceleratorsPerCopy`, acc, 0);
    problems.wholeNumber(`${p}.maxCopies`, c.maxCopies, 1);
    problems.wholeNumber(`${p}.minCopies`, c.minCopies ?? 0, 0);
    if ((c.minCopies ?? 0) > c.maxCopies) problems.add(`${p}.minCopies must be at most ${p}.maxCopies (${c.maxCopies}), got: ${c.minCopies}`);
    problems.positive(`${p}.memoryPerCopyInMb`, c.memoryPerCopyInMb, 'MB');
    problems.positive(`${p}.maxRequestsPerSecondPerCopy`, c.maxRequestsPerSecondPerCopy, 'requests per second');
    const util = c.targetUtilization ?? DEFAULT_TARGET_UTILIZATION;
    if (!(util > 0 && util <= 1)) problems.add(`${p}.targetUtilization must be in (0, 1], got: ${util}`);
    if (c.cpuCoresPerCopy !== undefined) problems.positive(`${p}.cpuCoresPerCopy`, c.cpuCoresPerCopy, 'CPU cores');
    if ([c.maxCopies, c.minCopies, c.memoryPerCopyInMb, c.maxRequestsPerSecondPerCopy, acc, c.cpuCoresPerCopy, util].some(v => Token.isUnresolved(v))) {
      problems.add(`${p} must give its copies, resources and throughput as numbers at synth (the packing needs them), got an unresolved token`);
    }
    if (capacity) {
      if (acc > capacity.acceleratorCount) problems.add(`${p}.acceleratorsPerCopy must be at most the ${capacity.acceleratorCount} accelerators of one ${props.instanceType}, got: ${acc}`);
      if (c.memoryPerCopyInMb > capacity.memoryInMb) problems.add(`${p}.memoryPerCopyInMb must be at most the ${capacity.memoryInMb} MB of one ${props.instanceType}, got: ${c.memoryPerCopyInMb}`);
      if ((c.cpuCoresPerCopy ?? 0) > capacity.cpuCoreCount) problems.add(`${p}.cpuCoresPerCopy must be at most the ${capacity.cpuCoreCount} vCPUs of one ${props.instanceType}, got: ${c.cpuCoresPerCopy}`);
    }
    return acc;
  });
  problems.throwIfAny();
  return { capacity: capacity!, accelerators };
}

/** The Application Auto Scaling target of one component's copy count, through the service-linked role. */
function createComponentScalableTarget(scope: Construct, componentName: string, minCopies: number, maxCopies: number): appscaling.ScalableTarget {
  return createSageMakerScalableTarget(scope, {
    scalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
    resourceId: `inference-component/${componentName}`,
    minCapacity: minCopies,
    maxCapacity: maxCopies,
  });
}
