import {
  Aws, Duration, Stack, aws_bedrock as bedrock, aws_cloudwatch as cloudwatch, aws_events as events,
  aws_iam as iam, aws_sns as sns, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CostReport } from '../cost/cost-report';
import { HOURS_PER_MONTH } from '../cost/report-schema';
import { checkWorkloadComparison, Substrate, WorkloadComparisonOptions } from '../cost/workload-comparison';
import { JobS3Location, JobTriggerOptions } from './job-options';
import {
  checkJobNamePrefix, checkPositive, checkPrefix, defaultJobNamePrefix, failureChain, failureTopicFor, isKnown,
  jobStateMachine, literalPattern, nameJob, objectsArn, overlaps, s3Uri, scheduleStart,
} from './private/job-workflow';
import { acknowledgeWildcards } from '../private/nag';
import { Problems, warn } from '../private/validation';
import { PriceService, PriceUsage } from '../pricing/price-entry';

/** The input formats Bedrock batch inference reads. */
export enum BedrockBatchInputFormat {
  /** JSON Lines: one `{"recordId": ..., "modelInput": {...}}` object a line. */
  JSONL = 'JSONL',
}

/** Properties of a `BedrockBatchJob`. */
export interface BedrockBatchJobProps extends JobTriggerOptions {
  /**
   * The model, e.g. `anthropic.claude-3-haiku-20240307-v1:0`, a cross-region inference profile id
   * such as `us.anthropic.claude-3-haiku-20240307-v1:0`, or a model ARN. Priced by this id: an id
   * the price book does not know gives an unpriced line with close matches, not an error.
   */
  readonly modelId: string;
  /**
   * The JSONL input: a `.jsonl` object key, or a folder (ending in `/`) of `.jsonl` files, each line
   * `{"recordId": ..., "modelInput": {...}}`. Read only; never moved or deleted.
   */
  readonly input: JobS3Location;
  /**
   * The input format. Bedrock batch inference reads JSON Lines only.
   * @default BedrockBatchInputFormat.JSONL
   */
  readonly inputFormat?: BedrockBatchInputFormat;
  /** Where Bedrock writes `<prefix><job id>/<input file>.out`; must not overlap the input. */
  readonly output: JobS3Location;
  /**
   * When Bedrock stops the job (`timeoutDurationInHours`): whole hours from 24 to 168.
   * @default Duration.hours(24)
   */
  readonly timeout?: Duration;
  /**
   * How often the state machine asks Bedrock for the job's status (each poll is three state
   * transitions); the number of polls is bounded by the timeout.
   * @default Duration.minutes(10)
   */
  readonly pollInterval?: Duration;
  /**
   * Tags for cost allocation. When set, the job runs through a new application inference profile
   * (`AWS::Bedrock::ApplicationInferenceProfile`) carrying them, so Cost Explorer can split the
   * model's bill by tag. Only for models that support application inference profiles.
   * @default - no inference profile: the job calls the model directly
   */
  readonly costAllocationTags?: Record<string, string>;
  /**
   * The start of each job name: `<prefix>-<execution name>`. At most 26 characters.
   * @default - the construct id, cut to 26 characters
   */
  readonly jobNamePrefix?: string;
  /** Records (input lines) a month, for the cost report: e.g. 30 nightly jobs × 20,000 records. */
  readonly recordsPerMonth: number;
  /** Input tokens per record (prompt and document), for the cost report. */
  readonly inputTokensPerRecord: number;
  /** Output tokens per record, for the cost report. */
  readonly outputTokensPerRecord: number;
  /**
   * Compare this workload with other substrates in the report: the month's records, spread evenly
   * over its 730 hours, priced on each (this job as `Substrate.BEDROCK_BATCH` at its model's batch
   * rates), the cheapest marked, and the break-even. The comparison is attached to the input-token line.
   * @default - no comparison
   */
  readonly compareWith?: WorkloadComparisonOptions;
}

/** The bounds of `timeoutDurationInHours` in the CreateModelInvocationJob API. */
export const BEDROCK_BATCH_TIMEOUT_HOURS = { min: 24, max: 168 } as const;

const MAX_PREFIX = 26;
/** Polls beyond the job timeout: a job can sit in Submitted/Validating/Scheduled before its clock starts. */
const QUEUE_ALLOWANCE_HOURS = 6;

/**
 * A Bedrock batch inference job (`CreateModelInvocationJob`; there is no CloudFormation resource
 * for it) over JSONL in S3, run by a Step Functions state machine that names the job after the
 * execution, polls `GetModelInvocationJob` in a bounded loop until the job ends, stops the job if
 * the loop runs out, and publishes failures to SNS. Start it on a schedule or on demand
 * (`grantStartExecution`).
 *
 * Waiting by polling rather than with the `Batch Inference Job State Change` event and a task
 * token: the event carries the job ARN but not the token, so the token would have to be kept in a
 * table and a function would have to send it back; polling every 10 minutes costs about 3 state
 * transitions a poll (~450 for a 24-hour job, a few cents a month) and needs nothing else.
 *
 * The service role Bedrock assumes may read only the input prefix, write only the output prefix
 * and invoke only this model (and its profile).
 *
 * Cost: usage lines for batch input and output tokens (millions a month) at the model's batch
 * price, with the on-demand price of the same tokens shown beside each as the alternative.
 */
export class BedrockBatchJob extends Construct {
  /** The state machine that runs the job. */
  public readonly stateMachine: sfn.StateMachine;
  /** The service role Bedrock assumes to read the input and write the output. */
  public readonly serviceRole: iam.Role;
  /** The application inference profile, when `costAllocationTags` is set. */
  public readonly inferenceProfile?: bedrock.CfnApplicationInferenceProfile;
  /** The topic failures are published to. */
  public readonly failureTopic: sns.ITopic;
  /** The schedule rule, when `schedule` is set. */
  public readonly scheduleRule?: events.Rule;
  /** The prefix of every job name. */
  public readonly jobNamePrefix: string;

  constructor(scope: Construct, id: string, props: BedrockBatchJobProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.hours(24);
    const pollInterval = props.pollInterval ?? Duration.minutes(10);
    this.jobNamePrefix = props.jobNamePrefix ?? defaultJobNamePrefix(this, MAX_PREFIX);
    const timeoutHours = timeout.toHours({ integral: false });
    validate(this, props, { timeoutHours, pollSeconds: pollInterval.toSeconds(), jobNamePrefix: this.jobNamePrefix });

    const stack = Stack.of(this);
    const model = modelArns(stack, props.modelId);
    this.failureTopic = failureTopicFor(this, props.failureTopic, props.notificationEmails);
    this.serviceRole = this.createServiceRole(props, model.invokable);
    if (props.costAllocationTags) {
      this.inferenceProfile = new bedrock.CfnApplicationInferenceProfile(this, 'InferenceProfile', {
        inferenceProfileName: `${this.jobNamePrefix}-batch`,
        // The API allows letters, digits, ':', '.', and single spaces, '_' or '-' between them.
        description: `Cost allocation for ${this.jobNamePrefix} batch inference`,
        modelSource: { copyFrom: model.source },
        tags: Object.entries(props.costAllocationTags).map(([key, value]) => ({ key, value })),
      });
      this.serviceRole.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel', 'bedrock:GetInferenceProfile'],
        resources: [this.inferenceProfile.attrInferenceProfileArn],
      }));
    }
    const modelForJob = this.inferenceProfile?.attrInferenceProfileArn ?? props.modelId;

    const jobArns = stack.formatArn({ service: 'bedrock', resource: 'model-invocation-job', resourceName: '*' });
    const create = new tasks.CallAwsService(this, 'CreateJob', {
      service: 'bedrock',
      action: 'createModelInvocationJob',
      iamAction: 'bedrock:CreateModelInvocationJob',
      iamResources: [jobArns, ...model.invokable, ...(this.inferenceProfile ? [this.inferenceProfile.attrInferenceProfileArn] : [])],
      parameters: {
        'JobName.$': '$.job.name',
        'RoleArn': this.serviceRole.roleArn,
        'ModelId': modelForJob,
        'InputDataConfig': { S3InputDataConfig: { S3Uri: s3Uri(props.input), S3InputFormat: 'JSONL' } },
        'OutputDataConfig': { S3OutputDataConfig: { S3Uri: s3Uri(props.output) } },
        'TimeoutDurationInHours': timeoutHours,
      },
      additionalIamStatements: [new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.serviceRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } },
      })],
      resultSelector: { 'jobArn.$': '$.JobArn' },
      resultPath: '$.created',
    });
    create.addRetry({
      errors: ['Bedrock.ThrottlingException', 'Bedrock.ServiceQuotaExceededException', 'Bedrock.InternalServerException'],
      interval: Duration.minutes(1), backoffRate: 2, maxAttempts: 5, jitterStrategy: sfn.JitterType.FULL,
    });
    const wait = new sfn.Wait(this, 'WaitForJob', { time: sfn.WaitTime.duration(pollInterval) });
    const poll = new tasks.CallAwsService(this, 'GetJob', {
      service: 'bedrock',
      action: 'getModelInvocationJob',
      iamAction: 'bedrock:GetModelInvocationJob',
      iamResources: [jobArns],
      parameters: { 'JobIdentifier.$': '$.created.jobArn' },
      resultSelector: { 'status.$': '$.Status', 'response.$': '$' },
      resultPath: '$.poll',
    });
    poll.addRetry({ errors: ['Bedrock.ThrottlingException', 'Bedrock.InternalServerException'], interval: Duration.seconds(20), backoffRate: 2, maxAttempts: 5 });
    const count = new sfn.Pass(this, 'CountPoll', {
      parameters: { 'count.$': 'States.MathAdd($.polls.count, 1)' },
      resultPath: '$.polls',
    });
    const stop = new tasks.CallAwsService(this, 'StopJob', {
      service: 'bedrock',
      action: 'stopModelInvocationJob',
      iamAction: 'bedrock:StopModelInvocationJob',
      iamResources: [jobArns],
      parameters: { 'JobIdentifier.$': '$.created.jobArn' },
      resultPath: sfn.JsonPath.DISCARD,
    });
    const failed = failureChain(this, this.failureTopic, 'Bedrock batch inference job');
    const describeEnd = (stateId: string, error: string, cause: string): sfn.Pass => new sfn.Pass(this, stateId, {
      parameters: { Error: error, 'Cause.$': cause },
      resultPath: '$.failure',
    });
    const jobEnded = describeEnd('JobDidNotComplete', 'BedrockBatchJobNotCompleted',
      "States.Format('status {}: {}', $.poll.status, States.JsonToString($.poll.response))");
    const outOfPolls = describeEnd('OutOfPolls', 'BedrockBatchJobWaitExceeded',
      "States.Format('still {} after {} polls; stop requested', $.poll.status, $.polls.count)");
    for (const task of [create, poll, stop]) task.addCatch(failed, { resultPath: '$.failure' });

    const maxPolls = Math.ceil((timeoutHours + QUEUE_ALLOWANCE_HOURS) * 3600 / pollInterval.toSeconds());
    const definition = nameJob(this, this.jobNamePrefix)
      .next(new sfn.Pass(this, 'StartPollCount', { result: sfn.Result.fromObject({ count: 0 }), resultPath: '$.polls' }))
      .next(create).next(wait).next(poll).next(count)
      .next(new sfn.Choice(this, 'JobStatus')
        .when(sfn.Condition.stringEquals('$.poll.status', 'Completed'), new sfn.Succeed(this, 'Completed'))
        // PartiallyCompleted: some records failed; their errors are in the output, and the run says so.
        .when(sfn.Condition.or(...['Failed', 'Stopped', 'Expired', 'PartiallyCompleted'].map(s => sfn.Condition.stringEquals('$.poll.status', s))),
          jobEnded.next(failed))
        .when(sfn.Condition.numberGreaterThanEquals('$.polls.count', maxPolls), outOfPolls.next(stop).next(failed))
        .otherwise(wait));

    this.stateMachine = jobStateMachine(this, {
      definition,
      failureTopic: this.failureTopic,
      kind: 'Bedrock batch inference job',
      timeout: Duration.hours(timeoutHours + QUEUE_ALLOWANCE_HOURS + 1),
      comment: `Bedrock batch inference with ${props.modelId}, polled every ${pollInterval.toSeconds()} s, at most ${maxPolls} polls`,
      acceptWildcards: [/:model-invocation-job\/\*$/, /^Resource::arn:.*:bedrock:\*::foundation-model\//],
    });
    this.scheduleRule = scheduleStart(this, this.stateMachine, props.schedule);
    this.recordCost(props);
  }

  /** Lets a principal start a run on demand. */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  /** Runs that failed (a CloudWatch metric of the state machine). */
  public metricFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricFailed(props);
  }

  private createServiceRole(props: BedrockBatchJobProps, invokable: string[]): iam.Role {
    const stack = Stack.of(this);
    // Bedrock's documented trust policy for batch inference, scoped to this account's jobs.
    const role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'bedrock', resource: 'model-invocation-job', resourceName: '*' }) },
        },
      }),
      description: `Bedrock batch inference service role of ${this.node.path}`,
    });
    const list = (location: JobS3Location, exact = false): iam.PolicyStatement => new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [location.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${location.prefix ?? ''}${exact ? '' : '*'}`] } },
    });
    // A single .jsonl input is granted as that one object; a folder as the objects under it.
    const inputKey = props.input.prefix ?? '';
    const singleObject = isKnown(inputKey) && inputKey.toLowerCase().endsWith('.jsonl');
    const inputObjects = singleObject ? props.input.bucket.arnForObjects(inputKey) : objectsArn(props.input);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [inputObjects] }));
    role.addToPrincipalPolicy(list(props.input, singleObject));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objectsArn(props.output)] }));
    role.addToPrincipalPolicy(list(props.output));
    props.input.bucket.encryptionKey?.grantDecrypt(role);
    props.output.bucket.encryptionKey?.grantEncrypt(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: invokable }));
    acknowledgeWildcards(role, 'S3 access is limited to the objects under the input and output prefixes; a cross-region ' +
      "inference profile invokes the model in any of its profile's regions.", [
      new RegExp(`^Resource::.*/(${[props.input, props.output].map(l => literalPattern(l.prefix ?? '')).join('|')})\\*$`),
      /^Resource::arn:.*:bedrock:\*::foundation-model\//,
    ]);
    return role;
  }

  private recordCost(props: BedrockBatchJobProps): void {
    const report = CostReport.of(this);
    const lines = [
      { usage: PriceUsage.BATCH_INPUT_TOKENS, alternative: PriceUsage.ON_DEMAND_INPUT_TOKENS, perRecord: props.inputTokensPerRecord, what: 'input' },
      { usage: PriceUsage.BATCH_OUTPUT_TOKENS, alternative: PriceUsage.ON_DEMAND_OUTPUT_TOKENS, perRecord: props.outputTokensPerRecord, what: 'output' },
    ] as const;
    for (const line of lines) {
      const millions = props.recordsPerMonth * line.perRecord / 1e6;
      report.addUsageLine(this, {
        description: `Bedrock batch inference, ${props.modelId} ${line.what} tokens`,
        service: PriceService.BEDROCK,
        usage: line.usage,
        sku: props.modelId,
        // Billed per token processed; nothing when no job runs. The template does not bound the
        // volume, so the ceiling is the stated volume.
        quantity: { floor: 0, expected: millions, ceiling: millions },
        alternativeUsage: line.alternative,
        alternativeDescription: `${props.modelId} on-demand ${line.what} tokens, same volume`,
        assumptions: [
          `${props.recordsPerMonth} records a month × ${line.perRecord} ${line.what} tokens = ${round(millions)}M tokens`,
          'ceiling: the stated volume (the template does not bound it)',
          'shown beside: the same tokens at the on-demand price',
        ],
      });
    }
    const volumes = [props.recordsPerMonth, props.inputTokensPerRecord, props.outputTokensPerRecord];
    if (props.compareWith && volumes.every(isKnown) && isKnown(props.modelId)) {
      // A month's records as a flat rate: the jobs' own timing (a nightly run) does not change what
      // tokens cost, and the instance-based alternatives are sized to the average.
      const rps = props.recordsPerMonth / (HOURS_PER_MONTH * 3600);
      report.recordWorkload(this, {
        hourlyRequestsPerSecond: new Array(168).fill(rps),
        trafficDescription: `${props.recordsPerMonth} records a month, spread evenly over its ${HOURS_PER_MONTH} hours (the jobs' own schedule is not modelled)`,
        substrate: Substrate.BEDROCK_BATCH,
        deployed: {
          bedrock: { modelId: props.modelId, inputTokensPerRequest: props.inputTokensPerRecord, outputTokensPerRequest: props.outputTokensPerRecord },
          targetUtilization: props.compareWith.targetUtilization,
        },
        compareWith: props.compareWith,
      });
    }
  }
}

function validate(scope: Construct, props: BedrockBatchJobProps, v: { timeoutHours: number; pollSeconds: number; jobNamePrefix: string }): void {
  const problems = new Problems('BedrockBatchJob', scope);
  const region = Stack.of(scope).region;
  const geography = profileGeographyProblem(props.modelId, region);
  if (geography) problems.add(geography);
  const { min, max } = BEDROCK_BATCH_TIMEOUT_HOURS;
  if (!Number.isInteger(v.timeoutHours) || v.timeoutHours < min || v.timeoutHours > max) {
    problems.add(`timeout must be a whole number of hours from ${min} to ${max} (CreateModelInvocationJob timeoutDurationInHours), got: ${v.timeoutHours} h`);
  }
  const format: string = props.inputFormat ?? BedrockBatchInputFormat.JSONL;
  if (format !== BedrockBatchInputFormat.JSONL) problems.add(`inputFormat must be 'JSONL' (Bedrock batch inference reads JSON Lines only), got: '${format}'`);
  const prefix = props.input.prefix ?? '';
  if (isKnown(prefix) && prefix !== '' && !prefix.endsWith('/') && !prefix.toLowerCase().endsWith('.jsonl')) {
    problems.add(`input.prefix must be a '.jsonl' object key or a folder ending in '/', got: '${prefix}'`);
  }
  checkPrefix(problems, 'input', props.input);
  checkPrefix(problems, 'output', props.output);
  if (overlaps(props.input, props.output)) {
    problems.add(`output must not overlap input (results would land among the input), got: '${props.output.prefix ?? ''}' and '${prefix}' in the same bucket`);
  }
  if (v.pollSeconds < 60) problems.add(`pollInterval must be at least 1 minute, got: ${v.pollSeconds} s`);
  checkJobNamePrefix(problems, 'jobNamePrefix', v.jobNamePrefix, MAX_PREFIX);
  if (props.costAllocationTags && Object.keys(props.costAllocationTags).length === 0) {
    problems.add('costAllocationTags must have at least one tag when set, got: {}');
  }
  checkPositive(problems, 'recordsPerMonth', props.recordsPerMonth);
  checkPositive(problems, 'inputTokensPerRecord', props.inputTokensPerRecord);
  checkPositive(problems, 'outputTokensPerRecord', props.outputTokensPerRecord);
  checkWorkloadComparison(problems, 'compareWith', props.compareWith);
  problems.throwIfAny();
  if (props.costAllocationTags && isKnown(props.modelId) && !props.modelId.startsWith('arn:')) warnUnknownModel(scope, props.modelId);
}

/**
 * The Regions each cross-Region inference profile prefix serves as source Regions (Amazon Bedrock
 * user guide, "Supported Regions and models for inference profiles"): a `us.` profile called from
 * eu-west-1 does not exist there, and the job fails at every run.
 */
const PROFILE_GEOGRAPHIES: { readonly [prefix: string]: { readonly name: string; readonly matches: (region: string) => boolean } } = {
  'us': { name: 'United States (us-*)', matches: r => /^us-(east|west)-\d+$/.test(r) },
  'us-gov': { name: 'AWS GovCloud (us-gov-*)', matches: r => r.startsWith('us-gov-') },
  'eu': { name: 'Europe (eu-*)', matches: r => r.startsWith('eu-') },
  'apac': { name: 'Asia Pacific (ap-*)', matches: r => r.startsWith('ap-') },
  'jp': { name: 'Japan (ap-northeast-1, ap-northeast-3)', matches: r => r === 'ap-northeast-1' || r === 'ap-northeast-3' },
  'au': { name: 'Australia (ap-southeast-2, ap-southeast-4)', matches: r => r === 'ap-southeast-2' || r === 'ap-southeast-4' },
  'ca': { name: 'Canada (ca-*)', matches: r => r.startsWith('ca-') },
  'global': { name: 'all commercial Regions', matches: r => !/^(cn|us-gov|us-iso|eu-isoe|eusc)-/.test(r) },
};

/** A message when `modelId` is a cross-Region inference profile of another geography than `region`. */
export function profileGeographyProblem(modelId: string, region: string): string | undefined {
  if (!isKnown(modelId) || !isKnown(region) || typeof modelId !== 'string') return undefined;
  const match = /^(us-gov|us|eu|apac|jp|au|ca|global)\.(.+)$/.exec(modelId);
  if (!match) return undefined;
  const geography = PROFILE_GEOGRAPHIES[match[1]];
  if (geography.matches(region)) return undefined;
  const local = Object.entries(PROFILE_GEOGRAPHIES).find(([prefix, g]) => prefix !== 'global' && g.matches(region));
  const fix = local ? `use '${local[0]}.${match[2]}' (the ${local[1].name} profile) or '${match[2]}'` : `use '${match[2]}' or deploy to a Region of ${geography.name}`;
  return `modelId '${modelId}' is a cross-Region inference profile of ${geography.name}, which the stack's Region ${region} cannot call: ${fix}`;
}

/**
 * Warns when an application inference profile would copy from a model id the price book knows
 * in no Region: almost certainly a typo, which CloudFormation refuses at deploy. A warning, not
 * an error: no offline list of every Bedrock model exists (the SDK publishes none), and the book
 * covers a few models only.
 */
function warnUnknownModel(scope: Construct, modelId: string): void {
  const book = CostReport.of(scope).priceBook;
  const lookup = book.lookup({ service: PriceService.BEDROCK, usage: PriceUsage.ON_DEMAND_INPUT_TOKENS, region: Stack.of(scope).region, sku: modelId });
  if (lookup.entry || lookup.pricedInRegions!.length > 0) return;
  const hint = lookup.suggestions!.length > 0 ? `; did you mean ${lookup.suggestions!.map(s => `'${s}'`).join(' or ')}?` : '';
  warn(scope, 'BedrockModelUnknown',
    `modelId '${modelId}' is not a model the price book knows in any Region, and costAllocationTags makes an application ` +
    `inference profile copy from it (deploy fails if the model does not exist)${hint}`);
}

/**
 * The ARNs a model id stands for: `invokable` (what the roles may invoke) and `source` (what an
 * application inference profile copies from).
 */
function modelArns(stack: Stack, modelId: string): { invokable: string[]; source: string } {
  if (!isKnown(modelId) || modelId.startsWith('arn:')) return { invokable: [modelId], source: modelId };
  const foundation = (region: string, id: string): string => `arn:${Aws.PARTITION}:bedrock:${region}::foundation-model/${id}`;
  const profile = /^(us|eu|apac|jp|au|ca|us-gov|global)\.(.+)$/.exec(modelId);
  if (profile) {
    // A cross-region inference profile routes to the model in any region of its geography.
    const profileArn = stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: modelId });
    return { invokable: [profileArn, foundation('*', profile[2])], source: profileArn };
  }
  return { invokable: [foundation(stack.region, modelId)], source: foundation(stack.region, modelId) };
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}
