import {
  Arn, ArnFormat, Aws, CfnResource, Duration, RemovalPolicy, Stack, Token, Validations, aws_cloudwatch as cloudwatch, aws_events as events, aws_iam as iam, aws_s3 as s3,
  aws_sns as sns, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { JobS3Location, JobTriggerOptions } from '../batch/job-options';
import {
  checkJobNamePrefix, checkPositive, checkPrefix, checkWholeNumber, defaultJobNamePrefix, failureChain,
  failureTopicFor, isKnown, jobArnsFor, jobStateMachine, literalPattern, nameJob, overlaps, s3Uri, scheduleStart, syncIntegrationArn,
} from '../batch/private/job-workflow';
import { acknowledgeWildcards } from '../private/nag';
import { Problems, ecrImageRegionProblem, warnIfFractionForPercent } from '../private/validation';
import { InstanceTypeUse } from '../catalog/instance-catalog';
import { CostReport } from '../cost/cost-report';
import { HOURS_PER_MONTH } from '../cost/report-schema';
import { figure } from '../cost/private/render';
import { PriceService, PriceUsage } from '../pricing/price-entry';

/** One input channel of a training job: a named S3 prefix the job reads. */
export interface TrainingInputChannel extends JobS3Location {
  /** The channel name the algorithm sees, e.g. `train` (files land in `/opt/ml/input/data/<name>`). */
  readonly channelName: string;
  /**
   * The MIME type of the data.
   * @default - none given to the algorithm
   */
  readonly contentType?: string;
}

/** Properties of a `SpotTrainingJob`. */
export interface SpotTrainingJobProps extends JobTriggerOptions {
  /**
   * The training image, e.g. `DockerImage.fromEcrRepository(repo, 'v1')` or
   * `DockerImage.fromRegistry('<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>')`. The job
   * role is granted pull on an ECR repository given either way.
   */
  readonly image: tasks.DockerImage;
  /**
   * The input channels, read by the job role.
   * @default - no input channels
   */
  readonly inputs?: TrainingInputChannel[];
  /** Where the model artifacts are written (`<prefix><job name>/output/model.tar.gz`). */
  readonly output: JobS3Location;
  /** The SageMaker training instance type, e.g. `ml.g5.2xlarge`. */
  readonly instanceType: string;
  /**
   * Instances per run; every one is billed for the whole run.
   * @default 1
   */
  readonly instanceCount?: number;
  /**
   * The ML storage volume attached to each instance, in GB.
   * @default 30 (billed as SageMaker ML storage, not in this report)
   */
  readonly volumeSizeInGb?: number;
  /**
   * Hyperparameters passed to the algorithm.
   * @default - none
   */
  readonly hyperparameters?: Record<string, string>;
  /**
   * The longest a run may train (`StoppingCondition.MaxRuntimeInSeconds`), at most 28 days.
   * SageMaker stops the job when it is reached.
   */
  readonly maxRuntime: Duration;
  /**
   * The longest a run may take, waiting for Spot capacity included
   * (`StoppingCondition.MaxWaitTimeInSeconds`); at least `maxRuntime`. The report's ceiling
   * prices every run at this many on-demand hours.
   */
  readonly maxWaitTime: Duration;
  /**
   * The versioned bucket that keeps checkpoints, so an interrupted Spot run resumes where it stopped.
   * @default - a new bucket: versioned, SSE-S3, public access blocked, TLS only, noncurrent
   * checkpoint versions expired after 7 days (storage billed by S3 per GB-month)
   */
  readonly checkpointBucket?: s3.IBucket;
  /**
   * The prefix of the checkpoints in the checkpoint bucket; each run writes under `<prefix><job name>/`.
   * @default 'checkpoints/'
   */
  readonly checkpointPrefix?: string;
  /**
   * The role the training job runs as.
   * @default - a new role trusted by SageMaker: read on the inputs, write on the output, read/write on
   * the checkpoints, its own log group and metrics, and pull on the image's ECR repository
   */
  readonly role?: iam.IRole;
  /**
   * The start of each job name; the execution name is appended (`<prefix>-<execution name>`).
   * At most 26 characters so that a 36-character execution id fits SageMaker's 63.
   * @default - the construct id, cut to 26 characters
   */
  readonly jobNamePrefix?: string;
  /**
   * Runs a month, for the cost report.
   * @default 1
   */
  readonly runsPerMonth?: number;
  /**
   * How long a run is expected to train, for the report's expected figure (billed at the Spot rate).
   * @default - `maxRuntime`
   */
  readonly expectedRunTime?: Duration;
  /**
   * The share of on-demand cost, in percent (at least 0, below 100), that managed Spot saved on
   * recent runs of this job. SageMaker reports it per job as
   * `(1 − BillableTimeInSeconds ÷ TrainingTimeInSeconds) × 100` (DescribeTrainingJob; the
   * console's "Managed spot training savings"). For the cost report only: floor and expected are
   * priced at `(1 − measuredSpotSavingsPercent / 100)` of the on-demand training rate, the ceiling
   * stays on-demand at `maxWaitTime`, and the report names the figure as yours. It takes
   * precedence over the price book's estimate.
   * @default - the price book's estimated managed Spot discount for the instance type or family;
   * the embedded snapshot has none, so expected is priced on-demand
   */
  readonly measuredSpotSavingsPercent?: number;
}

/** The local path SageMaker syncs with the checkpoint S3 URI. */
export const CHECKPOINT_LOCAL_PATH = '/opt/ml/checkpoints';

const MAX_PREFIX = 26;
const MAX_RUNTIME_SECONDS = 28 * 24 * 3600;

/**
 * A SageMaker training job on managed Spot capacity with checkpoints, run by a Step Functions
 * state machine that names the job after the execution, waits for it (the optimized
 * `createTrainingJob.sync` integration) and publishes failures to SNS. Start it on a schedule
 * (`schedule`) or on demand (`grantStartExecution`).
 *
 * aws-cdk-lib's `SageMakerCreateTrainingJob` task has no Spot or checkpoint fields, so the task is
 * a `CustomState` carrying `EnableManagedSpotTraining`, `StoppingCondition` with
 * `MaxRuntimeInSeconds` and `MaxWaitTimeInSeconds`, and `CheckpointConfig`.
 *
 * Cost: a usage line of `runsPerMonth × expectedRunTime × instanceCount` training instance-hours
 * at the Spot saving you measured (`measuredSpotSavingsPercent`), else the price book's estimated
 * managed Spot discount, else on-demand; the ceiling prices `runsPerMonth × maxWaitTime ×
 * instanceCount` hours on-demand; the on-demand figure of the expected hours is shown beside it.
 */
export class SpotTrainingJob extends Construct {
  /** The local path SageMaker syncs with the checkpoint S3 URI (`CHECKPOINT_LOCAL_PATH`, for every jsii language). */
  public static readonly CHECKPOINT_LOCAL_PATH: string = CHECKPOINT_LOCAL_PATH;

  /** The state machine that runs the job. */
  public readonly stateMachine: sfn.StateMachine;
  /** The role the training job runs as. */
  public readonly role: iam.IRole;
  /** The bucket that keeps the checkpoints. */
  public readonly checkpointBucket: s3.IBucket;
  /** The topic failures are published to. */
  public readonly failureTopic: sns.ITopic;
  /** The schedule rule, when `schedule` is set. */
  public readonly scheduleRule?: events.Rule;
  /** The prefix of every job name. */
  public readonly jobNamePrefix: string;

  constructor(scope: Construct, id: string, props: SpotTrainingJobProps) {
    super(scope, id);
    const instanceCount = props.instanceCount ?? 1;
    const volumeSizeInGb = props.volumeSizeInGb ?? 30;
    const runsPerMonth = props.runsPerMonth ?? 1;
    const checkpointPrefix = props.checkpointPrefix ?? 'checkpoints/';
    this.jobNamePrefix = props.jobNamePrefix ?? defaultJobNamePrefix(this, MAX_PREFIX);
    validate(this, props, { instanceCount, volumeSizeInGb, runsPerMonth, jobNamePrefix: this.jobNamePrefix });

    this.checkpointBucket = props.checkpointBucket ?? this.createCheckpointBucket();
    const checkpoints: JobS3Location = { bucket: this.checkpointBucket, prefix: checkpointPrefix };
    this.role = props.role ?? this.createJobRole(props, checkpoints);
    const image = props.image.bind({ grantPrincipal: this.role });
    const imageProblems = new Problems('SpotTrainingJob', this);
    const imageRegion = ecrImageRegionProblem('image', image.imageUri, Stack.of(this).region);
    if (imageRegion) imageProblems.add(imageRegion);
    imageProblems.throwIfAny();
    if (!props.role) grantEcrPull(this.role, image.imageUri);
    this.failureTopic = failureTopicFor(this, props.failureTopic, props.notificationEmails);

    const stack = Stack.of(this);
    const train = new sfn.CustomState(this, 'Train', {
      stateJson: {
        Type: 'Task',
        Comment: 'Managed Spot training with checkpoints; .sync waits for the job to end',
        Resource: syncIntegrationArn('sagemaker', 'createTrainingJob'),
        Parameters: {
          'TrainingJobName.$': '$.job.name',
          'RoleArn': this.role.roleArn,
          'AlgorithmSpecification': { TrainingImage: image.imageUri, TrainingInputMode: 'File' },
          ...(props.hyperparameters ? { HyperParameters: props.hyperparameters } : {}),
          ...(props.inputs?.length ? {
            InputDataConfig: props.inputs.map(channel => ({
              ChannelName: channel.channelName,
              DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: s3Uri(channel), S3DataDistributionType: 'FullyReplicated' } },
              ...(channel.contentType ? { ContentType: channel.contentType } : {}),
            })),
          } : {}),
          'OutputDataConfig': { S3OutputPath: s3Uri(props.output) },
          'ResourceConfig': { InstanceType: props.instanceType, InstanceCount: instanceCount, VolumeSizeInGB: volumeSizeInGb },
          'EnableManagedSpotTraining': true,
          'StoppingCondition': {
            MaxRuntimeInSeconds: props.maxRuntime.toSeconds(),
            MaxWaitTimeInSeconds: props.maxWaitTime.toSeconds(),
          },
          'CheckpointConfig': {
            // One folder per run: a rerun of the same execution name resumes from its own checkpoints.
            'S3Uri.$': `States.Format('${s3Uri(checkpoints)}{}/', $.job.name)`,
            'LocalPath': CHECKPOINT_LOCAL_PATH,
          },
        },
        ResultPath: '$.training',
      },
    });
    // API throttling before the job exists is safe to retry; a failed job is not (its name is taken).
    train.addRetry({
      errors: ['SageMaker.AmazonSageMakerException', 'SageMaker.ResourceLimitExceededException', 'ThrottlingException'],
      interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 4, jitterStrategy: sfn.JitterType.FULL,
    });
    train.addCatch(failureChain(this, this.failureTopic, 'SageMaker training job'), { resultPath: '$.failure' });
    const definition = nameJob(this, this.jobNamePrefix).next(train).next(new sfn.Succeed(this, 'Trained'));

    this.stateMachine = jobStateMachine(this, {
      definition,
      failureTopic: this.failureTopic,
      kind: 'SageMaker training job',
      // The job cannot outlive MaxWait; the hour on top covers retries of the create call.
      timeout: props.maxWaitTime.plus(Duration.hours(1)),
      comment: `Managed Spot training job ${this.jobNamePrefix}-<execution name>`,
      acceptWildcards: [new RegExp(`:training-job/${literalPattern(this.jobNamePrefix)}-\\*$`, 'i')],
    });
    const jobArns = jobArnsFor(stack, 'training-job', this.jobNamePrefix);
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({
      actions: ['sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:AddTags'],
      resources: jobArns,
    }));
    // The .sync integration watches the job through a rule Step Functions manages in the account.
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({
      actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      resources: [stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForSageMakerTrainingJobsRule' })],
    }));
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [this.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }));
    this.scheduleRule = scheduleStart(this, this.stateMachine, props.schedule);

    this.recordCost(props, { instanceCount, runsPerMonth, volumeSizeInGb });
  }

  /** Lets a principal start a run on demand. */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  /** Runs that failed (a CloudWatch metric of the state machine). */
  public metricFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricFailed(props);
  }

  private createCheckpointBucket(): s3.Bucket {
    const bucket = new s3.Bucket(this, 'CheckpointBucket', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Each sync rewrites checkpoint files: old versions would pile up storage at S3 rates.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The bucket holds only transient training checkpoints, written and read by the training job role alone ' +
        '(scoped by IAM to the checkpoint prefix); pass checkpointBucket to use a bucket with server access logging.',
    });
    return bucket;
  }

  private createJobRole(props: SpotTrainingJobProps, checkpoints: JobS3Location): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'JobRole', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: `Training job role of ${this.node.path}`,
    });
    for (const channel of props.inputs ?? []) channel.bucket.grantRead(role, `${channel.prefix ?? ''}*`);
    // Read and put, never delete: a delete (of a version above all) would defeat the versioning
    // that keeps every checkpoint and model recoverable.
    for (const location of [props.output, checkpoints]) {
      location.bucket.grantRead(role, `${location.prefix ?? ''}*`);
      location.bucket.grantPut(role, `${location.prefix ?? ''}*`);
    }
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/TrainingJobs:*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      // PutMetricData has no resource-level permission; the namespace condition scopes it.
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
    }));
    const prefixes = [...(props.inputs ?? []), props.output, checkpoints].map(l => literalPattern(l.prefix ?? ''));
    acknowledgeWildcards(role, 'S3 object actions are scoped to the input, output and checkpoint prefixes; logs to the ' +
      'SageMaker training log group; cloudwatch:PutMetricData (namespace-conditioned) and ecr:GetAuthorizationToken have no ' +
      'resource-level permissions.', [
      /^Action::s3:[A-Za-z]+\*$/,
      new RegExp(`^Resource::.*/(${prefixes.join('|')})\\*$`),
      /^Resource::.*:log-group:\/aws\/sagemaker\/TrainingJobs:\*$/,
      /^Resource::\*$/,
    ]);
    return role;
  }

  private recordCost(props: SpotTrainingJobProps, values: { instanceCount: number; runsPerMonth: number; volumeSizeInGb: number }): void {
    const expectedHours = (props.expectedRunTime ?? props.maxRuntime).toSeconds() / 3600;
    const maxRuntimeHours = props.maxRuntime.toSeconds() / 3600;
    const maxWaitHours = props.maxWaitTime.toSeconds() / 3600;
    const { instanceCount, runsPerMonth, volumeSizeInGb } = values;
    const perRunInstances = runsPerMonth * instanceCount;
    const measured = props.measuredSpotSavingsPercent;
    CostReport.of(this).addUsageLine(this, {
      description: `${props.instanceType} managed Spot training, ${figure(runsPerMonth, 3)} run(s)/month × ${instanceCount} instance(s)`,
      service: PriceService.SAGEMAKER,
      usage: PriceUsage.TRAINING,
      sku: props.instanceType,
      // Billed per instance-second of training only: nothing between runs (floor 0). MaxRuntime
      // caps the billable training time of a run; the rest of MaxWait is spent waiting for Spot
      // capacity, which is not billed (SageMaker developer guide, "Managed Spot Training"). So the
      // ceiling is every run training for MaxRuntime, at on-demand rates.
      quantity: { floor: 0, expected: perRunInstances * expectedHours, ceiling: perRunInstances * maxRuntimeHours },
      spotDiscount: measured === undefined,
      statedSpotSavings: measured === undefined ? undefined : {
        // A token stays a token: the engine then leaves the line unpriced and says why.
        fraction: Token.isUnresolved(measured) ? measured : measured / 100,
        source: 'measuredSpotSavingsPercent; 1 − BillableTimeInSeconds ÷ TrainingTimeInSeconds of recent runs',
        statedAs: 'the Spot saving you measured',
      },
      alternativeUsage: PriceUsage.TRAINING,
      alternativeDescription: `${props.instanceType} on-demand training (Spot off), same hours`,
      assumptions: [
        `${figure(runsPerMonth, 3)} run(s) a month × ${figure(expectedHours, 3)} h expected training × ${instanceCount} instance(s)`,
        `ceiling: every run trains for MaxRuntime (${figure(maxRuntimeHours, 3)} h) × ${figure(runsPerMonth, 3)} run(s) × ${instanceCount} instance(s) at on-demand rates`,
        `MaxWait (${figure(maxWaitHours, 3)} h) includes up to ${figure(Math.max(0, maxWaitHours - maxRuntimeHours), 3)} h a run of waiting for Spot capacity, which is not billed`,
        'shown beside: the same expected hours on-demand (EnableManagedSpotTraining off)',
      ],
    });
    // The training ML storage volume (ResourceConfig.VolumeSizeInGB) is billed per GB-month for
    // the time each instance trains, prorated.
    const gbMonths = (hours: number): number => volumeSizeInGb * perRunInstances * hours / HOURS_PER_MONTH;
    CostReport.of(this).addUsageLine(this, {
      description: `ML storage, ${props.instanceType} training, ${volumeSizeInGb} GB per instance`,
      component: 'storage',
      service: PriceService.SAGEMAKER,
      usage: PriceUsage.ML_STORAGE_GB_MONTH,
      sku: 'training-ml-storage',
      quantity: { floor: 0, expected: gbMonths(expectedHours), ceiling: gbMonths(maxRuntimeHours) },
      assumptions: [
        `${volumeSizeInGb} GB (volumeSizeInGb) × ${instanceCount} instance(s) × the training hours ÷ ${HOURS_PER_MONTH} = GB-months`,
        `ceiling: every run trains for MaxRuntime (${figure(maxRuntimeHours, 3)} h)`,
      ],
    });
    CostReport.of(this).recordMeteredUsage(this.stateMachine.node.defaultChild as CfnResource, {
      // NameJob, Train, Trained: 3 transitions a run (the .sync wait is one state).
      quantities: { 'standard-transitions': runsPerMonth * 3 },
      assumptions: [`3 state transitions a run × ${figure(runsPerMonth, 3)} runs`],
    });
  }
}

function validate(scope: Construct, props: SpotTrainingJobProps, v: { instanceCount: number; volumeSizeInGb: number; runsPerMonth: number; jobNamePrefix: string }): void {
  const problems = new Problems('SpotTrainingJob', scope);
  problems.instanceType('instanceType', props.instanceType, InstanceTypeUse.TRAINING);
  if (props.checkpointPrefix !== undefined) problems.s3Key('checkpointPrefix', props.checkpointPrefix);
  checkWholeNumber(problems, 'instanceCount', v.instanceCount, 1);
  checkWholeNumber(problems, 'volumeSizeInGb', v.volumeSizeInGb, 1);
  checkPositive(problems, 'runsPerMonth', v.runsPerMonth);
  checkJobNamePrefix(problems, 'jobNamePrefix', v.jobNamePrefix, MAX_PREFIX);
  const runtime = props.maxRuntime.toSeconds();
  const wait = props.maxWaitTime.toSeconds();
  if (runtime < 1 || runtime > MAX_RUNTIME_SECONDS) {
    problems.add(`maxRuntime must be between 1 second and 28 days (${MAX_RUNTIME_SECONDS} s), got: ${runtime} s`);
  }
  if (wait < runtime) {
    problems.add(`maxWaitTime must be at least maxRuntime (${runtime} s): it includes the time waiting for Spot capacity, got: ${wait} s`);
  }
  const saved = props.measuredSpotSavingsPercent;
  if (problems.number('measuredSpotSavingsPercent', saved) && !(saved >= 0 && saved < 100)) {
    problems.add(`measuredSpotSavingsPercent must be a percentage of at least 0 and below 100, got: ${saved}`);
  }
  if (props.expectedRunTime) {
    const expected = props.expectedRunTime.toSeconds();
    if (expected <= 0 || expected > runtime) problems.add(`expectedRunTime must be greater than 0 and at most maxRuntime (${runtime} s), got: ${expected} s`);
  }
  const names = new Set<string>();
  for (const [i, channel] of (props.inputs ?? []).entries()) {
    if (!/^[A-Za-z0-9.\-_]{1,64}$/.test(channel.channelName)) {
      problems.add(`inputs[${i}].channelName must be 1 to 64 letters, digits, '.', '-' or '_', got: '${channel.channelName}'`);
    }
    if (names.has(channel.channelName)) problems.add(`inputs[${i}].channelName must be unique, got: '${channel.channelName}' twice`);
    names.add(channel.channelName);
    checkPrefix(problems, `inputs[${i}]`, channel);
    if (overlaps(channel, props.output)) {
      problems.add(`output must not overlap inputs[${i}] (the job would write among its input data), got: '${props.output.prefix ?? ''}' and '${channel.prefix ?? ''}' in the same bucket`);
    }
  }
  checkPrefix(problems, 'output', props.output);
  const hyper = Object.entries(props.hyperparameters ?? {});
  if (hyper.length > 100) problems.add(`hyperparameters may have at most 100 entries, got: ${hyper.length}`);
  if (props.checkpointBucket) checkVersioned(problems, props.checkpointBucket);
  problems.throwIfAny();
  warnIfFractionForPercent(scope, 'measuredSpotSavingsPercent', saved);
}

/** A checkpoint bucket of this app must keep versions, so a bad sync cannot destroy the last good checkpoint. */
function checkVersioned(problems: Problems, bucket: s3.IBucket): void {
  const cfn = bucket.node.defaultChild;
  if (!(cfn instanceof s3.CfnBucket)) return; // imported: cannot be checked at synth
  const versioning = cfn.versioningConfiguration as s3.CfnBucket.VersioningConfigurationProperty | undefined;
  if (!versioning || (isKnown(versioning.status) && versioning.status !== 'Enabled')) {
    problems.add(`checkpointBucket must have versioning enabled, got: ${versioning?.status ?? 'no versioning'}`);
  }
}

/** Grants pull on the ECR repository of an image URI, when it is one. */
function grantEcrPull(role: iam.IRole, imageUri: string): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  if (Token.isUnresolved(imageUri)) return; // DockerImage.fromEcrRepository/fromAsset grant pull themselves
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(imageUri);
  if (!match) return;
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    resources: [Arn.format({ partition: Aws.PARTITION, service: 'ecr', region: match[2], account: match[1], resource: 'repository', resourceName: match[3] })],
  }));
}
