import {
  Aws, Duration, Stack, aws_events as events, aws_events_targets as targets, aws_kms as kms,
  aws_logs as logs, aws_sns as sns, aws_sns_subscriptions as subscriptions, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { JobS3Location } from '../job-options';
import { acknowledgeWildcards } from '../../private/nag';
import { Problems, isKnown } from '../../private/validation';

// Shared plumbing of the job constructs (SpotTrainingJob, BatchTransformPipeline, BedrockBatchJob):
// every one is a Step Functions state machine that names its job after the execution, runs it,
// publishes failures to SNS and can be started on a schedule. Not exported from the package.

export { isKnown } from '../../private/validation';

/** Checks a count: a whole number of at least `min`. */
export function checkWholeNumber(problems: Problems, name: string, value: number | undefined, min: number): void {
  problems.wholeNumber(name, value, min);
}

/** Checks a quantity: a finite number greater than 0. */
export function checkPositive(problems: Problems, name: string, value: number | undefined): void {
  if (!problems.number(name, value)) return;
  if (!Number.isFinite(value) || value <= 0) problems.add(`${name} must be greater than 0, got: ${value}`);
}

/**
 * Checks a job-name prefix. SageMaker and Bedrock job names are at most 63 letters, digits and
 * hyphens; the state machine appends `-<execution name>` (a 36-character UUID when the start
 * does not name the execution), so the prefix gets what is left.
 */
export function checkJobNamePrefix(problems: Problems, name: string, value: string, maxLength: number): void {
  if (!isKnown(value)) return;
  if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(value) || value.length > maxLength) {
    problems.add(`${name} must be 1 to ${maxLength} letters, digits and inner hyphens (job names are at most 63 characters ` +
      `and the execution name is appended), got: '${value}'`);
  }
}

/** A default job-name prefix from a construct's id, cut to what the job name allows. */
export function defaultJobNamePrefix(scope: Construct, maxLength: number): string {
  const cleaned = scope.node.id.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'job';
  return cleaned.slice(0, maxLength).replace(/-+$/, '');
}

/** `s3://bucket/prefix`. */
export function s3Uri(location: JobS3Location): string {
  return `s3://${location.bucket.bucketName}/${location.prefix ?? ''}`;
}

/** The ARN pattern of the objects under a location. */
export function objectsArn(location: JobS3Location): string {
  return location.bucket.arnForObjects(`${location.prefix ?? ''}*`);
}

/** Checks a prefix: a key inside the bucket, not an `s3://` URI, no leading `/`. */
export function checkPrefix(problems: Problems, name: string, location: JobS3Location): void {
  problems.s3Key(`${name}.prefix`, location.prefix ?? '');
}

/**
 * True when writing to `output` could overwrite or land among the objects of `input`: the same
 * bucket and one prefix contains the other. Buckets are the same when they are the same construct
 * or have the same literal name.
 */
export function overlaps(input: JobS3Location, output: JobS3Location): boolean {
  const sameBucket = input.bucket === output.bucket
    || (isKnown(input.bucket.bucketName) && input.bucket.bucketName === output.bucket.bucketName);
  if (!sameBucket) return false;
  const a = input.prefix ?? '';
  const b = output.prefix ?? '';
  if (!isKnown(a) || !isKnown(b)) return false;
  return a.startsWith(b) || b.startsWith(a);
}

/** The failure topic: the one given, or a new one encrypted with the AWS managed SNS key, TLS only. */
export function failureTopicFor(scope: Construct, given: sns.ITopic | undefined, emails: string[] = []): sns.ITopic {
  const topic = given ?? new sns.Topic(scope, 'FailureTopic', {
    // The AWS managed key costs nothing a month (a customer managed key is $1/month) and lets the
    // state machine's role publish through SNS without a key policy of our own.
    masterKey: kms.Alias.fromAliasName(scope, 'SnsManagedKey', 'alias/aws/sns'),
    enforceSSL: true,
  });
  // A failure topic nobody hears is no notification: each address confirms its subscription by email.
  for (const email of emails) topic.addSubscription(new subscriptions.EmailSubscription(email));
  return topic;
}

/**
 * The states every failure goes through: publish the job name, error and cause to the topic,
 * then fail the execution with the same error. The failure must sit at `$.failure` (a Catch with
 * `resultPath: '$.failure'`, or a Pass that builds `{ Error, Cause }`) and the job name at `$.job.name`.
 */
export function failureChain(scope: Construct, topic: sns.ITopic, kind: string): sfn.IChainable {
  const fail = new sfn.Fail(scope, 'Failed', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' });
  const notify = new tasks.SnsPublish(scope, 'NotifyFailure', {
    topic,
    subject: `${kind} failed`.slice(0, 100),
    message: sfn.TaskInput.fromText(sfn.JsonPath.format(
      `${kind} {} failed (execution {}). Error: {}. Cause: {}`,
      sfn.JsonPath.stringAt('$.job.name'),
      sfn.JsonPath.stringAt('$$.Execution.Id'),
      sfn.JsonPath.stringAt('$.failure.Error'),
      sfn.JsonPath.stringAt('$.failure.Cause'),
    )),
    resultPath: sfn.JsonPath.DISCARD,
  });
  // A failure to notify must not hide the job's own failure.
  notify.addCatch(fail, { resultPath: '$.notifyFailure' });
  return notify.next(fail);
}

/** Options of `jobStateMachine`. */
export interface JobStateMachineOptions {
  readonly definition: sfn.IChainable;
  readonly timeout: Duration;
  readonly stateMachineName?: string;
  readonly comment: string;
  /**
   * Wildcard findings (cdk-nag IAM5) of the state machine role this construct accepts, beside
   * `Resource::*` for X-Ray and log delivery, e.g. job ARNs under the job-name prefix.
   */
  readonly acceptWildcards: RegExp[];
  /** Where a run that times out or is aborted is reported, like a failed one. */
  readonly failureTopic: sns.ITopic;
  /** What the job is, for the message, e.g. `SageMaker training job`. */
  readonly kind: string;
}

/**
 * The state machine (id `Resource`): standard workflow, every event logged to a log group kept
 * a month, X-Ray tracing on (cdk-nag AwsSolutions-SF1 and SF2).
 */
export function jobStateMachine(scope: Construct, options: JobStateMachineOptions): sfn.StateMachine {
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
  const stateMachine = new sfn.StateMachine(scope, 'Resource', {
    definitionBody: sfn.DefinitionBody.fromChainable(options.definition),
    stateMachineName: options.stateMachineName,
    timeout: options.timeout,
    comment: options.comment,
    tracingEnabled: true,
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
  });
  acknowledgeWildcards(stateMachine.role, 'X-Ray and CloudWatch Logs delivery actions have no resource-level permissions; ' +
    'job names carry the execution name, so job actions are scoped to the job-name prefix in this account and region.',
  [/^Resource::\*$/, ...options.acceptWildcards]);
  notifyTimedOutOrAborted(scope, stateMachine, options.failureTopic, options.kind);
  return stateMachine;
}

/**
 * A run that times out or is aborted ends the execution without passing through its Catch, so
 * an EventBridge rule on the execution's status reports it to the failure topic. The rule starts a
 * one-state Express workflow that publishes: EventBridge itself cannot publish to a topic encrypted
 * with the AWS managed key `alias/aws/sns`, a state machine's role can.
 */
function notifyTimedOutOrAborted(scope: Construct, stateMachine: sfn.StateMachine, topic: sns.ITopic, kind: string): void {
  const publish = new tasks.SnsPublish(scope, 'NotifyEndState', {
    topic,
    subject: `${kind} timed out or was aborted`.slice(0, 100),
    message: sfn.TaskInput.fromText(sfn.JsonPath.format(`${kind}: execution {} ended {}.`,
      sfn.JsonPath.stringAt('$.detail.executionArn'), sfn.JsonPath.stringAt('$.detail.status'))),
  });
  const notifier = new sfn.StateMachine(scope, 'EndStateNotifier', {
    stateMachineType: sfn.StateMachineType.EXPRESS,
    definitionBody: sfn.DefinitionBody.fromChainable(publish),
    comment: `Reports ${kind} runs that time out or are aborted to the failure topic`,
    tracingEnabled: true,
    logs: { destination: new logs.LogGroup(scope, 'EndStateNotifierLogs', { retention: logs.RetentionDays.ONE_MONTH }), level: sfn.LogLevel.ALL },
  });
  acknowledgeWildcards(notifier.role, 'X-Ray and CloudWatch Logs delivery actions have no resource-level permissions.', [/^Resource::\*$/]);
  new events.Rule(scope, 'OnTimedOutOrAborted', {
    description: `Reports ${scope.node.path} runs that time out or are aborted`,
    eventPattern: {
      source: ['aws.states'],
      detailType: ['Step Functions Execution Status Change'],
      detail: { status: ['TIMED_OUT', 'ABORTED'], stateMachineArn: [stateMachine.stateMachineArn] },
    },
    targets: [new targets.SfnStateMachine(notifier)],
  });
}

/** Starts the state machine on a schedule through an EventBridge rule (id `Schedule`). */
export function scheduleStart(scope: Construct, stateMachine: sfn.IStateMachine, schedule: events.Schedule | undefined): events.Rule | undefined {
  if (!schedule) return undefined;
  return new events.Rule(scope, 'Schedule', {
    schedule,
    description: `Starts ${scope.node.path} on a schedule`,
    targets: [new targets.SfnStateMachine(stateMachine, { input: events.RuleTargetInput.fromObject({ trigger: 'schedule' }) })],
  });
}

/** The Pass state that names the job `<prefix>-<execution name>` at `$.job.name`. */
export function nameJob(scope: Construct, prefix: string, extra: Record<string, unknown> = {}): sfn.Pass {
  return new sfn.Pass(scope, 'NameJob', {
    comment: 'Job names must be unique: the execution name makes them so',
    parameters: {
      'name.$': `States.Format('${prefix}-{}', $$.Execution.Name)`,
      ...extra,
    },
    resultPath: '$.job',
  });
}

/** `arn:<partition>:states:::<service>:<action>.sync`, the optimized integration that waits for the job. */
export function syncIntegrationArn(service: string, action: string): string {
  return `arn:${Aws.PARTITION}:states:::${service}:${action}.sync`;
}

/**
 * The ARNs a job-name prefix can produce. SageMaker writes job names in lower case in ARNs, so
 * both spellings are allowed when they differ.
 */
export function jobArnsFor(stack: Stack, resource: string, prefix: string): string[] {
  const spellings = isKnown(prefix) ? [...new Set([prefix, prefix.toLowerCase()])] : [prefix];
  return spellings.map(p => stack.formatArn({ service: 'sagemaker', resource, resourceName: `${p}-*` }));
}

/** A RegExp matching a literal string. */
export function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
