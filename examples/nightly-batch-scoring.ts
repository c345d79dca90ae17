import { App, Duration, Stack, StackProps, aws_events as events, aws_s3 as s3, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BatchTransformPipeline, InferenceModel, InferenceModelOptions, ModelData, ModelImage, RealtimeEndpoint, TrafficProfile } from '../lib';
import { dataBucket } from './shared/buckets';
import { addChecks } from './shared/checks';
import { addComparisonNote } from './shared/comparison';

const REGION = 'eu-west-1';
const INSTANCE_TYPE = 'ml.m5.xlarge';

// "Batch-shaped work sent through a real-time API": a churn-scoring XGBoost model scores the
// day's customer records (about 360,000 rows) once a night. Sent through an endpoint, that is
// 100 requests/s for an hour after the export lands (modelled as 02:00-03:00 UTC) and nothing the
// other 23 hours; a load test measured 150 requests/s on one ml.m5.xlarge, so one instance carries the hour.
const NIGHTLY_TRAFFIC = TrafficProfile.dailyPeak({ peakRequestsPerSecond: 100, peakHoursPerDay: 1, peakStartHour: 2 });
const MEASURED_REQUESTS_PER_SECOND_PER_INSTANCE = 150;

function churnModel(scope: Construct): InferenceModelOptions {
  return {
    // SageMaker's built-in XGBoost algorithm container in eu-west-1.
    image: ModelImage.fromImageUri('141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1'),
    modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(scope, 'ModelBucket', 'churn-models'), 'xgboost/v12/model.tar.gz'),
  };
}

/**
 * The batch build: the warehouse drops the day's export under `incoming/` at about 01:30 UTC,
 * which starts a transform job (`startOnUpload`); the 02:00 schedule is the fallback for a night
 * the upload event is missed, and ends as `Skipped` while the upload's job is still running
 * (the concurrency guard). Nothing runs between jobs: 30 jobs of about an hour on one
 * ml.m5.xlarge a month, stopped at 3 hours at the most.
 */
export class BatchScoringStack extends Stack {
  public readonly pipeline: BatchTransformPipeline;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const records = dataBucket(this, 'Records', 'records/');
    // Every run transforms every object under `incoming/` and nothing moves or deletes them:
    // without an expiry each night would score the whole history again, and take longer each time.
    // S3 expires an object at the first midnight UTC a day after it was written, so a run sees the
    // night's export and the one before: the hour expected allows for both.
    records.addLifecycleRule({ id: 'ExpireScoredInput', prefix: 'incoming/', expiration: Duration.days(1) });
    // The model the transform jobs run: a SageMaker model with its least-privilege execution
    // role (pull the XGBoost image, read the artifact); the pipeline adds read on the input
    // prefix and write on the output prefix.
    const model = new InferenceModel(this, 'ChurnModel', churnModel(this));

    this.pipeline = new BatchTransformPipeline(this, 'Scoring', {
      modelName: model.modelName,
      modelExecutionRole: model.role,
      input: { bucket: records, prefix: 'incoming/' },
      output: { bucket: records, prefix: 'scored/' },
      instanceType: INSTANCE_TYPE,
      contentType: 'text/csv',
      splitType: tasks.SplitType.LINE,
      schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
      startOnUpload: true,
      maxRuntime: Duration.hours(3),
      expectedRunTime: Duration.hours(1),
      jobsPerMonth: 30,
    });
  }
}

/**
 * The same model behind a real-time endpoint, as the scoring job would call it: one
 * ml.m5.xlarge (min = max = 1) warm all month for an hour of work a night.
 */
export class RealtimeScoringStack extends Stack {
  public readonly endpoint: RealtimeEndpoint;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.endpoint = new RealtimeEndpoint(this, 'Scoring', {
      model: churnModel(this),
      instanceType: INSTANCE_TYPE,
      minCapacity: 1,
      maxCapacity: 1,
      maxRequestsPerSecondPerInstance: MEASURED_REQUESTS_PER_SECOND_PER_INSTANCE,
      traffic: NIGHTLY_TRAFFIC,
    });
  }
}

/**
 * Nightly churn scoring in eu-west-1, two ways: `NightlyScoringBatch` (BatchTransformPipeline,
 * billed only while a job runs) and `NightlyScoringRealtime` (the same model on a real-time
 * endpoint kept on all month, for comparison). The report's closing note gives both monthly
 * figures and the difference.
 *
 * Run: `npx tsx examples/nightly-batch-scoring.ts` (prints the cost table on stderr).
 */
export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });
  const env = { region: REGION };
  const batch = new BatchScoringStack(app, 'NightlyScoringBatch', { env });
  const realtime = new RealtimeScoringStack(app, 'NightlyScoringRealtime', { env });

  addComparisonNote(app, {
    id: 'Example-NightlyBatchScoring',
    subject: "scoring the day's records",
    baseline: { stack: realtime, as: `on an always-on ${INSTANCE_TYPE} endpoint` },
    better: { stack: batch, as: 'as a nightly batch transform' },
  });

  addChecks(app);
  return app;
}

if (require.main === module) {
  createApp().synth();
}
