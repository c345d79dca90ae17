import { aws_events as events, aws_s3 as s3, aws_sns as sns } from 'aws-cdk-lib';

/** A folder in S3: a bucket and a key prefix. */
export interface JobS3Location {
  /** The bucket. */
  readonly bucket: s3.IBucket;
  /**
   * The key prefix, e.g. `input/`. A prefix that does not end in `/` also matches keys that
   * merely start with it (`in` matches `input/a.csv` and `inbox/b.csv`).
   * @default - the whole bucket
   */
  readonly prefix?: string;
}

/**
 * How a job state machine is started and where it reports failures. Every job construct of
 * this library can also be started on demand: `grantStartExecution(grantee)`, or the console
 * and `aws stepfunctions start-execution` on `stateMachine`.
 */
export interface JobTriggerOptions {
  /**
   * Start the job on a schedule (an EventBridge rule), e.g. `Schedule.cron({ hour: '2', minute: '0' })`.
   * @default - no schedule: started on demand only (nothing runs, nothing is billed, until started)
   */
  readonly schedule?: events.Schedule;
  /**
   * The SNS topic that receives a message, with the job name and the reason, when a run fails
   * (and with the execution and its status when a run times out or is aborted).
   * @default - a new topic, encrypted with the AWS managed key `alias/aws/sns`, that accepts only TLS
   */
  readonly failureTopic?: sns.ITopic;
  /**
   * Email addresses subscribed to the failure topic (each confirms by email). A run that fails,
   * times out or is aborted is reported there.
   * @default - none: subscribe to `failureTopic` yourself
   */
  readonly notificationEmails?: string[];
}
