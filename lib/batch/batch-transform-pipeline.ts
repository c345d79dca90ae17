import {
  ArnFormat, CfnResource, Duration, Names, Stack, aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_events as events,
  aws_events_targets as targets, aws_iam as iam, aws_s3 as s3, aws_sns as sns, aws_stepfunctions as sfn,
  aws_stepfunctions_tasks as tasks,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CostReport } from '../cost/cost-report';
import { InstanceTypeUse } from '../catalog/instance-catalog';
import { JobS3Location, JobTriggerOptions } from './job-options';
import {
  checkJobNamePrefix, checkPositive, checkPrefix, checkWholeNumber, defaultJobNamePrefix, failureChain,
  failureTopicFor, isKnown, jobStateMachine, literalPattern, overlaps, s3Uri, scheduleStart,
} from './private/job-workflow';
import { acknowledgeWildcards } from '../private/nag';
import { Problems } from '../private/validation';
import { PriceService, PriceUsage } from '../pricing/price-entry';

/** Properties of a `BatchTransformPipeline`. */
export interface BatchTransformPipelineProps extends JobTriggerOptions {
  /** The name of the SageMaker model that transforms the data (an existing `AWS::SageMaker::Model`). */
  readonly modelName: string;
  /**
   * The model's execution role: a transform job reads its input and writes its output as this role,
   * so it is granted read on `input` and write on `output`.
   */
  readonly modelExecutionRole: iam.IRole;
  /**
   * The input prefix: every object under it is transformed by each run. Runs only read it; nothing
   * under it is moved or deleted. With `startOnUpload`, an imported bucket must have EventBridge
   * notifications turned on already.
   */
  readonly input: JobS3Location;
  /**
   * The output prefix: each run writes `<prefix><execution name>/<input key>.out`, so a rerun never
   * overwrites an earlier run's results. Must not overlap the input prefix.
   */
  readonly output: JobS3Location;
  /** The SageMaker instance type of the transform, e.g. `ml.m5.xlarge`. */
  readonly instanceType: string;
  /**
   * Instances per run, each billed for the whole run.
   * @default 1
   */
  readonly instanceCount?: number;
  /**
   * The MIME type of the input.
   * @default - none given to the model
   */
  readonly contentType?: string;
  /**
   * How input files are split into records.
   * @default - SplitType.NONE: each file is one request
   */
  readonly splitType?: tasks.SplitType;
  /**
   * The longest a run may wait for its job; the state times out and Step Functions stops the job.
   * The report's ceiling prices every run at this many hours.
   * @default Duration.hours(6)
   */
  readonly maxRuntime?: Duration;
  /**
   * Also start a run when an object is created under the input prefix (an EventBridge rule on
   * `Object Created`). A burst of uploads starts one job: see the concurrency guard.
   * @default false
   */
  readonly startOnUpload?: boolean;
  /**
   * Times a run starts a new job after one failed for lack of instance capacity, waiting 60 s,
   * then 120 s, and so on (the failed job is not billed).
   * @default 3
   */
  readonly capacityRetries?: number;
  /**
   * The start of each job name: `<prefix>-<attempt>-<execution name>`. At most 24 characters.
   * @default - the construct id, cut to 24 characters
   */
  readonly jobNamePrefix?: string;
  /**
   * Runs a month, for the cost report.
   * @default 30
   */
  readonly jobsPerMonth?: number;
  /**
   * How long a run is expected to take, for the report's expected figure.
   * @default Duration.hours(1)
   */
  readonly expectedRunTime?: Duration;
}

const MAX_PREFIX = 24;
const INITIAL_BACKOFF_SECONDS = 60;

/**
 * A SageMaker batch transform over an S3 input prefix, run by a Step Functions state machine that
 * waits for the job (`createTransformJob.sync`), retries throttling with backoff and capacity
 * failures with a new job, and publishes failures (job name and reason) to SNS. Start it on a
 * schedule, on demand (`grantStartExecution`) or when input lands (`startOnUpload`).
 *
 * Concurrency guard: every run first lists the state machine's running executions
 * (`ListExecutions`, newest first) and goes on only when it is the oldest one running; the others
 * end at once, as `Skipped`. A burst of uploads therefore starts one job, which transforms every
 * object under the prefix; objects that land while it runs wait for the next trigger (the next
 * upload or the schedule). The list is eventually consistent: two runs started within a second
 * or two can both go on. A lock table would close that gap at the price of a DynamoDB table;
 * a transform job is idempotent over the prefix, so the rare double run only costs its hours.
 *
 * Cost: a usage line of `jobsPerMonth × expectedRunTime × instanceCount` batch transform
 * instance-hours; floor $0 (nothing runs between jobs); ceiling at `maxRuntime` per run.
 */
export class BatchTransformPipeline extends Construct {
  /** The state machine that runs the transform. */
  public readonly stateMachine: sfn.StateMachine;
  /** The topic failures are published to. */
  public readonly failureTopic: sns.ITopic;
  /** The schedule rule, when `schedule` is set. */
  public readonly scheduleRule?: events.Rule;
  /** The rule that starts a run on upload, when `startOnUpload` is set. */
  public readonly uploadRule?: events.Rule;
  /** The prefix of every job name. */
  public readonly jobNamePrefix: string;
  /** The input prefix every run transforms. */
  public readonly input: JobS3Location;
  /** The output prefix runs write to (`<prefix><input key>.out`). */
  public readonly output: JobS3Location;

  constructor(scope: Construct, id: string, props: BatchTransformPipelineProps) {
    super(scope, id);
    this.input = props.input;
    this.output = props.output;
    const instanceCount = props.instanceCount ?? 1;
    const maxRuntime = props.maxRuntime ?? Duration.hours(6);
    const expectedRunTime = props.expectedRunTime ?? Duration.hours(1);
    const capacityRetries = props.capacityRetries ?? 3;
    const jobsPerMonth = props.jobsPerMonth ?? 30;
    this.jobNamePrefix = props.jobNamePrefix ?? defaultJobNamePrefix(this, MAX_PREFIX);

    const problems = new Problems('BatchTransformPipeline', this);
    problems.instanceType('instanceType', props.instanceType, InstanceTypeUse.TRANSFORM);
    // The job fails at every run on a name SageMaker refuses (e.g. an underscore).
    problems.sageMakerName('modelName', props.modelName);
    checkWholeNumber(problems, 'instanceCount', instanceCount, 1);
    checkWholeNumber(problems, 'capacityRetries', capacityRetries, 0);
    if (isKnown(capacityRetries) && capacityRetries > 9) problems.add(`capacityRetries must be at most 9 (one digit of the job name), got: ${capacityRetries}`);
    checkPositive(problems, 'jobsPerMonth', jobsPerMonth);
    checkJobNamePrefix(problems, 'jobNamePrefix', this.jobNamePrefix, MAX_PREFIX);
    checkPrefix(problems, 'input', props.input);
    checkPrefix(problems, 'output', props.output);
    if (overlaps(props.input, props.output)) {
      problems.add(`output must not overlap input (results would land among the input and be transformed again), got: ` +
        `'${props.output.prefix ?? ''}' and '${props.input.prefix ?? ''}' in the same bucket`);
    }
    if (maxRuntime.toSeconds() < 60) problems.add(`maxRuntime must be at least 1 minute, got: ${maxRuntime.toSeconds()} s`);
    if (expectedRunTime.toSeconds() <= 0 || expectedRunTime.toSeconds() > maxRuntime.toSeconds()) {
      problems.add(`expectedRunTime must be greater than 0 and at most maxRuntime (${maxRuntime.toSeconds()} s), got: ${expectedRunTime.toSeconds()} s`);
    }
    problems.throwIfAny();

    this.failureTopic = failureTopicFor(this, props.failureTopic, props.notificationEmails);
    props.input.bucket.grantRead(props.modelExecutionRole, `${props.input.prefix ?? ''}*`);
    props.output.bucket.grantPut(props.modelExecutionRole, `${props.output.prefix ?? ''}*`);
    acknowledgeWildcards(props.modelExecutionRole, 'Batch transform reads the input prefix and writes the output prefix as the ' +
      "model's execution role; S3 object actions are scoped to those prefixes.", [
      /^Action::s3:[A-Za-z]+\*$/,
      new RegExp(`^Resource::.*/(${[props.input, props.output].map(l => literalPattern(l.prefix ?? '')).join('|')})\\*$`),
    ]);
    // The job writes its container logs and metrics as the model's execution role too. A policy of
    // this construct's own, so that the acknowledgements below cover these statements and nothing
    // else the role may hold.
    const jobLogging = new iam.Policy(this, 'TransformJobLogging', {
      roles: [props.modelExecutionRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [Stack.of(this).formatArn({
            service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/TransformJobs:*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          })],
        }),
        new iam.PolicyStatement({
          // PutMetricData has no resource-level permission; the namespace condition scopes it.
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
        }),
      ],
    });
    acknowledgeWildcards(jobLogging, 'A transform job writes one log stream per job and instance, named at run time, in the ' +
      'SageMaker transform job log group; cloudwatch:PutMetricData has no resource-level permission and is scoped by namespace.', [
      /^Resource::.*:log-group:\/aws\/sagemaker\/TransformJobs:\*$/,
      /^Resource::\*$/,
    ]);

    // An explicit name lets the role list this state machine's executions without a reference cycle.
    const stateMachineName = Names.uniqueResourceName(this, { maxLength: 80 });
    const stack = Stack.of(this);
    const stateMachineArn = stack.formatArn({
      service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const jobName = (attempt: string): string => `States.Format('${this.jobNamePrefix}-{}-{}', ${attempt}, $$.Execution.Name)`;
    const nameJob = new sfn.Pass(this, 'NameJob', {
      comment: 'Job names must be unique: attempt and execution name make them so',
      parameters: { 'name.$': jobName('0'), 'attempt': 0, 'backoffSeconds': INITIAL_BACKOFF_SECONDS },
      resultPath: '$.job',
    });
    const settle = new sfn.Wait(this, 'LetOtherStartsSettle', {
      comment: 'ListExecutions is eventually consistent: give runs started together time to see each other',
      time: sfn.WaitTime.duration(Duration.seconds(10)),
    });
    const listRunning = new tasks.CallAwsService(this, 'ListRunningExecutions', {
      service: 'sfn',
      action: 'listExecutions',
      iamAction: 'states:ListExecutions',
      iamResources: [stateMachineArn],
      parameters: { 'StateMachineArn.$': '$$.StateMachine.Id', 'StatusFilter': 'RUNNING', 'MaxResults': 1000 },
      resultSelector: { 'count.$': 'States.ArrayLength($.Executions)', 'executions.$': '$.Executions' },
      resultPath: '$.guard',
    });
    const pickOldest = new sfn.Pass(this, 'PickOldestRunning', {
      comment: 'Executions are listed newest first: the last one is the oldest',
      parameters: {
        'oldest.$': 'States.ArrayGetItem($.guard.executions, States.MathAdd($.guard.count, -1))',
        'me.$': '$$.Execution.Id',
      },
      resultPath: '$.guard',
    });
    const skipped = new sfn.Succeed(this, 'Skipped', { comment: 'An older run is transforming the prefix' });

    const transform = new tasks.SageMakerCreateTransformJob(this, 'Transform', {
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      transformJobName: sfn.JsonPath.stringAt('$.job.name'),
      modelName: props.modelName,
      role: props.modelExecutionRole,
      transformInput: {
        transformDataSource: { s3DataSource: { s3Uri: s3Uri(props.input), s3DataType: tasks.S3DataType.S3_PREFIX } },
        ...(props.contentType ? { contentType: props.contentType } : {}),
        ...(props.splitType ? { splitType: props.splitType } : {}),
      },
      // Each run writes under its own prefix (the execution name): a rerun never overwrites good results.
      transformOutput: { s3OutputPath: sfn.JsonPath.format(`${s3Uri(props.output)}{}/`, sfn.JsonPath.stringAt('$$.Execution.Name')) },
      transformResources: { instanceCount, instanceType: new ec2.InstanceType(props.instanceType.replace(/^ml\./, '')) },
      taskTimeout: sfn.Timeout.duration(maxRuntime),
      resultPath: '$.transform',
    });
    // API throttling and account limits, before a job exists: the same name is still free.
    transform.addRetry({
      errors: ['SageMaker.AmazonSageMakerException', 'SageMaker.ResourceLimitExceededException', 'ThrottlingException'],
      interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 4, jitterStrategy: sfn.JitterType.FULL,
    });
    const backoff = new sfn.Wait(this, 'BackOff', { time: sfn.WaitTime.secondsPath('$.job.backoffSeconds') });
    const rename = new sfn.Pass(this, 'NameNextAttempt', {
      comment: 'A failed job keeps its name: the next attempt needs a new one',
      parameters: {
        'name.$': jobName('States.MathAdd($.job.attempt, 1)'),
        'attempt.$': 'States.MathAdd($.job.attempt, 1)',
        'backoffSeconds.$': 'States.MathAdd($.job.backoffSeconds, $.job.backoffSeconds)',
      },
      resultPath: '$.job',
    });
    const failed = failureChain(this, this.failureTopic, 'SageMaker batch transform job');
    const capacityFailure = new sfn.Choice(this, 'CapacityFailure')
      .when(sfn.Condition.and(
        sfn.Condition.isPresent('$.failure.Cause'),
        sfn.Condition.or(sfn.Condition.stringMatches('$.failure.Cause', '*CapacityError*'),
          sfn.Condition.stringMatches('$.failure.Cause', '*InsufficientInstanceCapacity*')),
        sfn.Condition.numberLessThan('$.job.attempt', capacityRetries),
      ), backoff.next(rename).next(transform))
      .otherwise(failed);
    transform.addCatch(capacityFailure, { resultPath: '$.failure' });
    listRunning.addCatch(failed, { resultPath: '$.failure' });
    listRunning.addRetry({ errors: ['Sfn.SfnException', 'Sfn.ThrottlingException'], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 3 });

    const done = new sfn.Succeed(this, 'Transformed');
    const definition = nameJob.next(settle).next(listRunning).next(
      new sfn.Choice(this, 'AnyOtherRun')
        .when(sfn.Condition.numberEquals('$.guard.count', 0), transform)
        .otherwise(pickOldest.next(new sfn.Choice(this, 'OldestRun')
          .when(sfn.Condition.stringEqualsJsonPath('$.guard.oldest.ExecutionArn', '$.guard.me'), transform)
          .otherwise(skipped))));
    transform.next(done);

    const backoffTotal = INITIAL_BACKOFF_SECONDS * (2 ** capacityRetries - 1);
    this.stateMachine = jobStateMachine(this, {
      definition,
      failureTopic: this.failureTopic,
      kind: 'SageMaker batch transform job',
      stateMachineName,
      timeout: Duration.seconds(maxRuntime.toSeconds() * (capacityRetries + 1) + backoffTotal + 3600),
      comment: `Batch transform ${s3Uri(props.input)} with ${props.modelName}`,
      acceptWildcards: [/:transform-job\/\*$/],
    });
    this.scheduleRule = scheduleStart(this, this.stateMachine, props.schedule);
    if (props.startOnUpload) this.uploadRule = this.startOnUpload(props.input);

    CostReport.of(this).addUsageLine(this, {
      description: `${props.instanceType} batch transform, ${jobsPerMonth} job(s)/month × ${instanceCount} instance(s)`,
      service: PriceService.SAGEMAKER,
      usage: PriceUsage.BATCH_TRANSFORM,
      sku: props.instanceType,
      // Billed per instance-second while a job runs; no warm capacity between jobs (floor 0).
      quantity: {
        floor: 0,
        expected: jobsPerMonth * instanceCount * expectedRunTime.toSeconds() / 3600,
        ceiling: jobsPerMonth * instanceCount * maxRuntime.toSeconds() / 3600,
      },
      assumptions: [
        `${jobsPerMonth} job(s) a month × ${expectedRunTime.toSeconds() / 3600} h expected × ${instanceCount} instance(s)`,
        `ceiling: every job runs until maxRuntime (${maxRuntime.toSeconds() / 3600} h)`,
        'floor: no job runs; nothing is billed between jobs',
      ],
    });
    CostReport.of(this).recordMeteredUsage(this.stateMachine.node.defaultChild as CfnResource, {
      // NameJob, wait, list, choice, pick, choice, transform, succeed: about 8 transitions a run.
      quantities: { 'standard-transitions': jobsPerMonth * 8 },
      assumptions: [`about 8 state transitions a run × ${jobsPerMonth} runs`],
    });
  }

  /** Lets a principal start a run on demand. */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  /** Runs that failed (a CloudWatch metric of the state machine). */
  public metricFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricFailed(props);
  }

  private startOnUpload(input: JobS3Location): events.Rule {
    const cfn = input.bucket.node.defaultChild;
    // Set the CloudFormation property directly: Bucket.enableEventBridgeNotification() goes
    // through a Lambda-backed custom resource this pipeline does not need.
    if (cfn instanceof s3.CfnBucket) cfn.addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
    return new events.Rule(this, 'OnUpload', {
      description: `Starts ${this.node.path} when an object is created under ${s3Uri(input)}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [input.bucket.bucketName] },
          ...(input.prefix ? { object: { key: [{ prefix: input.prefix }] } } : {}),
        },
      },
      targets: [new targets.SfnStateMachine(this.stateMachine, {
        input: events.RuleTargetInput.fromObject({ trigger: 'upload', key: events.EventField.fromPath('$.detail.object.key') }),
      })],
    });
  }
}
