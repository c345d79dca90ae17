import {
  Duration, RemovalPolicy, Token, Validations, aws_applicationautoscaling as appscaling, aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cwActions, aws_iam as iam, aws_kms as kms, aws_s3 as s3, aws_sagemaker as sagemaker, aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CostReport } from '../cost/cost-report';
import { checkWorkloadComparison, Substrate, WorkloadComparisonOptions } from '../cost/workload-comparison';
import { HOURS_PER_MONTH } from '../cost/report-schema';
import { AsyncCapacitySimulation, AsyncTrafficProfile, simulateAsyncCapacity } from './async-traffic-profile';
import { InferenceModel, InferenceModelOptions } from './inference-model';
import { createEndpoint, createModel, grantInvokeEndpoint, sageMakerMetric } from './private/endpoint-resources';
import { InstanceTypeUse } from '../catalog/instance-catalog';
import { Problems } from '../private/validation';
import { figure } from '../cost/private/render';
import { PROVISIONING_SECONDS } from '../cost/capacity-model';
import { createVariantScalableTarget } from './private/scaling';

/** Properties of an `AsyncEndpoint`. */
export interface AsyncEndpointProps {
  /** The model to serve: image, artifact, environment, optional VPC and role. */
  readonly model: InferenceModelOptions;
  /** The SageMaker instance type, e.g. `ml.g6e.2xlarge` (priced at the asynchronous inference rate). */
  readonly instanceType: string;
  /** The most instances the endpoint may run; the report's ceiling is this many all month. */
  readonly maxCapacity: number;
  /**
   * Scale to zero instances when the backlog is empty, and wake on the first request with a
   * step scaling policy on `HasBacklogWithoutCapacity`.
   * @default true - $0 a month while there is no work
   */
  readonly scaleToZero?: boolean;
  /**
   * The fewest instances the endpoint runs. Must be 0 when `scaleToZero` is true.
   * @default - 0 with `scaleToZero`, else 1 (730 instance-hours a month of `instanceType`)
   */
  readonly minCapacity?: number;
  /**
   * Requests one instance processes at once (`MaxConcurrentInvocationsPerInstance`, 1 to 1000).
   * @default 1
   */
  readonly maxConcurrentInvocationsPerInstance?: number;
  /**
   * The queued requests per instance target tracking keeps (`ApproximateBacklogSizePerInstance`).
   * Higher means fewer instances and longer waits.
   * @default 5 - as in the SageMaker asynchronous inference autoscaling guide
   */
  readonly targetBacklogPerInstance?: number;
  /**
   * The bucket for requests (`input/`), results (`output/`) and failures (`failure/`).
   * @default - an encrypted, SSL-only bucket with public access blocked, retained on stack deletion (S3 storage is billed by use)
   */
  readonly bucket?: s3.IBucket;
  /**
   * How long requests, results and failures stay in the bucket this construct creates before
   * they expire (and incomplete uploads are aborted after a day). Ignored for a bucket passed in.
   * @default Duration.days(30) - payloads stop accruing S3 storage after a month
   */
  readonly payloadExpiration?: Duration;
  /**
   * The topic SageMaker notifies when a request succeeds.
   * @default - an encrypted, SSL-only topic (SNS publishes are billed by use)
   */
  readonly successTopic?: sns.ITopic;
  /**
   * The topic SageMaker notifies when a request fails.
   * @default - an encrypted, SSL-only topic
   */
  readonly errorTopic?: sns.ITopic;
  /**
   * How requests arrive and how long each takes, for the cost report only.
   * @default - none: the report expects the initial instance all month
   */
  readonly traffic?: AsyncTrafficProfile;
  /**
   * The production variant's name.
   * @default 'AllTraffic'
   */
  readonly variantName?: string;
  /**
   * Compare this workload with other substrates in the report: the same traffic priced on each
   * (this endpoint as `Substrate.ASYNC_ENDPOINT`, its throughput per instance taken as
   * `maxConcurrentInvocationsPerInstance` ÷ the traffic's processing time per request), the
   * cheapest marked, and the break-even. Needs `traffic`.
   * @default - no comparison
   */
  readonly compareWith?: WorkloadComparisonOptions;
}

/**
 * How long an idle instance stays after its backlog empties: target tracking scales in after
 * its low alarm sees 15 consecutive one-minute datapoints below target (Application Auto
 * Scaling user guide, "Target tracking scaling policies").
 */
export const ASYNC_SCALE_IN_TAIL = Duration.minutes(15);

/**
 * A SageMaker asynchronous endpoint that scales to zero: requests queue in S3, results land in
 * S3 and SNS says when. Target tracking on `ApproximateBacklogSizePerInstance` (dimension
 * `EndpointName`) adds and removes instances; a step scaling policy on the
 * `HasBacklogWithoutCapacity` alarm wakes it from zero, as the SageMaker guide documents
 * (without it the endpoint stays at zero until the backlog passes the target).
 *
 * Every resource carries the cost-allocation tag `InferenceType=Async`.
 */
export class AsyncEndpoint extends Construct {
  /** The endpoint. */
  public readonly endpoint: sagemaker.CfnEndpoint;
  /** The endpoint config (priced per instance-hour at the asynchronous inference rate). */
  public readonly endpointConfig: sagemaker.CfnEndpointConfig;
  /** The SageMaker model. */
  public readonly model: sagemaker.CfnModel;
  /** The model construct (role, image URI, VPC connections). */
  public readonly inferenceModel: InferenceModel;
  /** The model's execution role. */
  public readonly role: iam.IRole;
  /** The bucket of requests, results and failures. */
  public readonly bucket: s3.IBucket;
  /** The success topic. */
  public readonly successTopic: sns.ITopic;
  /** The error topic. */
  public readonly errorTopic: sns.ITopic;
  /** The topics this construct created, encrypted with the AWS managed key of SNS. */
  private readonly awsManagedKeyTopics = new Set<sns.ITopic>();
  /** The Application Auto Scaling target of the variant. */
  public readonly scalableTarget: appscaling.ScalableTarget;
  /** The alarm that wakes the endpoint from zero; undefined when it does not scale to zero. */
  public readonly wakeFromZeroAlarm: cloudwatch.Alarm | undefined;
  /** The endpoint's name (a `Fn::GetAtt`). */
  public readonly endpointName: string;
  /** The production variant's name. */
  public readonly variantName: string;
  /** The S3 URI prefix callers put requests under. */
  public readonly inputPrefix = 'input/';
  /**
   * The hour-by-hour simulation behind the report's expected figure; undefined without a traffic profile.
   *
   * TypeScript only (`@jsii ignore`): its type is internal and may change in any release.
   * @jsii ignore
   */
  public readonly simulation: AsyncCapacitySimulation | undefined;

  constructor(scope: Construct, id: string, props: AsyncEndpointProps) {
    super(scope, id);
    const scaleToZero = props.scaleToZero ?? true;
    const minCapacity = props.minCapacity ?? (scaleToZero ? 0 : 1);
    const maxCapacity = props.maxCapacity;
    const concurrency = props.maxConcurrentInvocationsPerInstance ?? 1;
    const targetBacklog = props.targetBacklogPerInstance ?? 5;
    this.variantName = props.variantName ?? 'AllTraffic';
    const boundsKnown = !Token.isUnresolved(minCapacity) && !Token.isUnresolved(maxCapacity);

    const problems = new Problems('AsyncEndpoint', this);
    const type = problems.instanceType('instanceType', props.instanceType, InstanceTypeUse.HOSTING);
    problems.wholeNumber('minCapacity', minCapacity, 0);
    problems.wholeNumber('maxCapacity', maxCapacity, 1);
    if (boundsKnown && maxCapacity < minCapacity) problems.add(`maxCapacity must be at least minCapacity (${minCapacity}), got: ${maxCapacity}`);
    if (scaleToZero && !Token.isUnresolved(minCapacity) && minCapacity > 0) {
      problems.add(`minCapacity must be 0 when scaleToZero is true (set scaleToZero: false to keep instances warm), got: ${minCapacity}`);
    }
    if (!scaleToZero && !Token.isUnresolved(minCapacity) && minCapacity === 0) {
      problems.add('minCapacity must be at least 1 when scaleToZero is false (without the wake-from-zero policy the endpoint would stay at zero), got: 0');
    }
    if (problems.number('maxConcurrentInvocationsPerInstance', concurrency) && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000)) {
      problems.add(`maxConcurrentInvocationsPerInstance must be a whole number from 1 to 1000, got: ${concurrency}`);
    }
    problems.positive('targetBacklogPerInstance', targetBacklog, 'queued requests per instance');
    if (type?.burstable) problems.add(`instanceType '${props.instanceType}' is a burstable type, which SageMaker cannot autoscale: use a non-burstable type`);
    problems.sageMakerName('variantName', this.variantName);
    checkWorkloadComparison(problems, 'compareWith', props.compareWith);
    if (props.compareWith && !props.traffic) problems.add('compareWith needs traffic (an AsyncTrafficProfile) to compare: got no traffic');
    if (props.payloadExpiration !== undefined && !props.bucket) {
      if (!Token.isUnresolved(props.payloadExpiration.toSeconds())) {
        // S3 lifecycle expiration is a whole number of days, at least 1 (ExpirationInDays).
        const days = props.payloadExpiration.toSeconds() / 86400;
        if (!Number.isInteger(days) || days < 1) {
          problems.add(`payloadExpiration must be a whole number of days, at least 1 (S3 lifecycle rules expire objects by the day), ` +
            `got: ${props.payloadExpiration.toHumanString()} (use e.g. Duration.days(${Math.max(1, Math.ceil(days))}))`);
        }
      }
    }
    problems.throwIfAny();

    this.inferenceModel = createModel(this, props.model);
    this.model = this.inferenceModel.resource;
    this.role = this.inferenceModel.role;
    this.bucket = props.bucket ?? this.createBucket(props.payloadExpiration ?? Duration.days(30));
    this.successTopic = props.successTopic ?? this.createTopic('SuccessTopic');
    this.errorTopic = props.errorTopic ?? this.createTopic('ErrorTopic');
    this.grantEndpointAccess();

    const { config, endpoint } = createEndpoint(this, {
      model: this.inferenceModel,
      inferenceType: 'Async',
      variant: {
        variantName: this.variantName,
        instanceType: props.instanceType,
        // SageMaker creates a variant with at least one instance; target tracking then scales it to minCapacity.
        initialInstanceCount: Token.isUnresolved(minCapacity) ? 1 : Math.max(1, minCapacity),
        initialVariantWeight: 1,
      },
      asyncInferenceConfig: {
        outputConfig: {
          s3OutputPath: this.bucket.s3UrlForObject('output/'),
          s3FailurePath: this.bucket.s3UrlForObject('failure/'),
          notificationConfig: { successTopic: this.successTopic.topicArn, errorTopic: this.errorTopic.topicArn },
        },
        clientConfig: { maxConcurrentInvocationsPerInstance: concurrency },
      },
    });
    this.endpointConfig = config;
    this.endpoint = endpoint;
    this.endpointName = endpoint.attrEndpointName;

    this.scalableTarget = createVariantScalableTarget(this, { endpoint, variantName: this.variantName, minCapacity, maxCapacity });
    // As in the SageMaker guide "Autoscale an asynchronous endpoint": backlog per instance,
    // dimension EndpointName only, scale-in cooldown 600 s, scale-out 300 s.
    this.scalableTarget.scaleToTrackMetric('BacklogPerInstance', {
      customMetric: this.metricApproximateBacklogSizePerInstance(),
      targetValue: targetBacklog,
      scaleInCooldown: Duration.seconds(600),
      scaleOutCooldown: Duration.seconds(300),
    });
    if (scaleToZero) {
      this.wakeFromZeroAlarm = this.createWakeFromZeroPolicy();
    }

    if (props.traffic && boundsKnown && !Token.isUnresolved(concurrency)) {
      this.simulation = simulateAsyncCapacity({
        traffic: props.traffic, concurrencyPerInstance: concurrency, minCapacity, maxCapacity, scaleInTail: ASYNC_SCALE_IN_TAIL, targetBacklogPerInstance: targetBacklog,
      });
      CostReport.of(this).recordVariantUsage(config, {
        variantName: this.variantName,
        hourlyDemand: this.simulation.hourlyDemand,
        hourlyRequestsPerSecond: props.traffic.weeklyRequestsPerHour().map(r => r / 3600),
        processingSecondsPerRequest: props.traffic.processingTimePerRequest.toMilliseconds({ integral: false }) / 1000,
        dataProcessedGbPerMonth: props.traffic.dataProcessedGbPerMonth,
        assumptions: [
          ...asyncAssumptions(props.traffic, this.simulation, concurrency),
          ...(props.traffic.payloadDescription ? [props.traffic.payloadDescription] : []),
        ],
      });
      if (props.compareWith) this.recordComparison(config, props.instanceType, props.traffic, concurrency, minCapacity, props.compareWith);
    } else {
      CostReport.of(this);
    }
  }

  /**
   * Lets `grantee` submit requests: `sagemaker:InvokeEndpointAsync` on this endpoint, put
   * objects under `input/`, and read results under `output/` and `failure/`.
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    const grant = grantInvokeEndpoint(grantee, this.endpoint, 'sagemaker:InvokeEndpointAsync');
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:PutObject'], resourceArns: [this.bucket.arnForObjects(`${this.inputPrefix}*`)] });
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects('output/*'), this.bucket.arnForObjects('failure/*')] });
    this.bucket.encryptionKey?.grantEncryptDecrypt(grantee);
    return grant;
  }

  /** A metric of this endpoint (namespace `AWS/SageMaker`, dimension `EndpointName`). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return sageMakerMetric(metricName, { EndpointName: this.endpointName }, props);
  }

  /** Requests queued for the endpoint (Average). */
  public metricApproximateBacklogSize(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ApproximateBacklogSize', { statistic: 'Average', ...props });
  }

  /** Requests queued per instance (Average): what target tracking holds at `targetBacklogPerInstance`. */
  public metricApproximateBacklogSizePerInstance(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ApproximateBacklogSizePerInstance', { statistic: 'Average', ...props });
  }

  /** 1 while requests wait and no instance runs (Average): what wakes the endpoint from zero. */
  public metricHasBacklogWithoutCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('HasBacklogWithoutCapacity', { statistic: 'Average', period: Duration.minutes(1), ...props });
  }

  /** The model's latency in microseconds (Average), per variant. */
  public metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return sageMakerMetric('ModelLatency', { EndpointName: this.endpointName, VariantName: this.variantName }, { statistic: 'Average', ...props });
  }

  /**
   * Records the workload for the report's comparison: one instance serves `concurrency` requests
   * at once, each for the traffic's processing time, so its throughput is concurrency ÷ seconds
   * requests/s, which the substrate models (and the alternatives on the same instance type) use.
   */
  private recordComparison(config: sagemaker.CfnEndpointConfig, instanceType: string, traffic: AsyncTrafficProfile,
    concurrency: number, minCapacity: number, compareWith: WorkloadComparisonOptions): void {
    const seconds = traffic.processingTimePerRequest.toMilliseconds({ integral: false }) / 1000;
    if (!(seconds > 0)) return;
    const throughput = concurrency / seconds;
    CostReport.of(this).recordWorkload(config, {
      component: this.variantName,
      hourlyRequestsPerSecond: traffic.weeklyRequestsPerHour().map(r => r / 3600),
      trafficDescription: `${traffic.description}; ${concurrency} concurrent per instance ÷ ${figure(seconds)} s per request = ` +
        `${figure(throughput)} requests/s per instance`,
      substrate: Substrate.ASYNC_ENDPOINT,
      deployed: { endpoint: { instanceType, maxRequestsPerSecondPerInstance: throughput }, targetUtilization: compareWith.targetUtilization },
      minCapacity,
      compareWith,
    });
  }

  private createBucket(expiration: Duration): s3.Bucket {
    const bucket = new s3.Bucket(this, 'Bucket', {
      lifecycleRules: [
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ...[this.inputPrefix, 'output/', 'failure/'].map(prefix => ({ id: `Expire-${prefix.replace('/', '')}`, prefix, expiration })),
      ],
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Holds transient asynchronous inference payloads read and written only by the endpoint role and the principals given grantInvoke; use CloudTrail S3 data events when an access trail is needed',
    });
    return bucket;
  }

  private createTopic(id: string): sns.Topic {
    return this.remember(new sns.Topic(this, id, {
      // The AWS managed key: the execution role publishes through SNS, which the key's policy allows for principals of the account.
      masterKey: kms.Alias.fromAliasName(this, `${id}Key`, 'alias/aws/sns'),
      enforceSSL: true,
    }));
  }

  private remember(topic: sns.Topic): sns.Topic {
    this.awsManagedKeyTopics.add(topic);
    return topic;
  }

  private grantEndpointAccess(): void {
    iam.Grant.addToPrincipal({ grantee: this.role, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects(`${this.inputPrefix}*`)] });
    iam.Grant.addToPrincipal({ grantee: this.role, actions: ['s3:PutObject'], resourceArns: [this.bucket.arnForObjects('output/*'), this.bucket.arnForObjects('failure/*')] });
    this.bucket.encryptionKey?.grantEncryptDecrypt(this.role);
    for (const topic of new Set([this.successTopic, this.errorTopic])) {
      if (this.awsManagedKeyTopics.has(topic)) {
        // Our topics are encrypted with the AWS managed key alias/aws/sns, whose key policy lets every
        // principal of the account use it through SNS (kms:CallerAccount + kms:ViaService): publishing
        // needs sns:Publish only. topic.grantPublish would add kms:Decrypt and kms:GenerateDataKey* on
        // key/* under @aws-cdk/aws-kms:applyImportedAliasPermissionsToPrincipal (set by `cdk init`):
        // a wildcard that grants nothing the key policy does not already give.
        iam.Grant.addToPrincipal({ grantee: this.role, actions: ['sns:Publish'], resourceArns: [topic.topicArn] });
      } else {
        topic.grantPublish(this.role); // a topic passed in: its own key, if any, is granted too
      }
    }
    const reason = 'SageMaker names each request and result object at run time: the role is held to the input/, output/ and failure/ prefixes of the endpoint bucket';
    for (const prefix of [this.inputPrefix, 'output/', 'failure/']) {
      this.inferenceModel.acknowledgeWildcardResource(this.bucket.arnForObjects(`${prefix}*`), reason);
    }
  }

  /**
   * The step scaling policy that adds an instance when requests wait with none running, on
   * the `HasBacklogWithoutCapacity` alarm (Average over 60 s, 2 of 2 periods, ≥ 1), as the
   * SageMaker guide documents ("Define a scaling policy that scales up from zero").
   */
  private createWakeFromZeroPolicy(): cloudwatch.Alarm {
    const action = new appscaling.StepScalingAction(this, 'WakeFromZero', {
      scalingTarget: this.scalableTarget,
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      metricAggregationType: appscaling.MetricAggregationType.AVERAGE,
      cooldown: Duration.seconds(300),
    });
    action.addAdjustment({ adjustment: 1, lowerBound: 0 });
    const alarm = new cloudwatch.Alarm(this, 'HasBacklogWithoutCapacityAlarm', {
      metric: this.metricHasBacklogWithoutCapacity(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      alarmDescription: `Requests wait for ${this.node.path} with no instance running: add one`,
    });
    alarm.addAlarmAction(new cwActions.ApplicationScalingAction(action));
    return alarm;
  }
}

function asyncAssumptions(traffic: AsyncTrafficProfile, sim: AsyncCapacitySimulation, concurrency: number): string[] {
  const seconds = traffic.processingTimePerRequest.toMilliseconds({ integral: false }) / 1000;
  const out = [
    `traffic: ${traffic.description}, ${figure(seconds)} s of processing per request, ${concurrency} concurrent per instance`,
    `busy instance-hours = requests × ${figure(seconds)} s ÷ ${concurrency} = ${figure(sim.busyInstanceHoursPerMonth)} a month (${figure(traffic.requestsPerMonth)} requests)`,
    `whole instances: backlog target tracking keeps ceil(in-process ÷ target backlog) up, and the next whole instance while the backlog ` +
      `is above target (${PROVISIONING_SECONDS / 60} min to provision, 15 min of scale-in evaluation); the wake from zero and a ` +
      `${ASYNC_SCALE_IN_TAIL.toMinutes()}-minute scale-in tail after the backlog empties; requests spread evenly within each hour`,
    `average ${figure(sim.averageInstances)} instances (${figure(sim.averageInstances * HOURS_PER_MONTH)} instance-hours a month)`,
  ];
  if (sim.hoursAtMaxShortfall > 0) {
    out.push(`work exceeds maxCapacity in ${figure(sim.hoursAtMaxShortfall * 100)}% of hours: the backlog grows then`);
  }
  return out;
}
