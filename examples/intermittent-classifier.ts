import { App, Duration, Stack, StackProps, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { InferenceModelOptions, ModelData, ModelImage, RealtimeEndpoint, ServerlessEndpoint, TrafficProfile } from '../lib';
import { addChecks } from './shared/checks';
import { addComparisonNote } from './shared/comparison';

const REGION = 'us-east-1';

// An internal help desk classifies each new ticket (team and priority) as it is filed: 360
// tickets an hour from 08:00 to 18:00 UTC on weekdays (0.1 requests/s, 3,600 a day), none at
// night or at weekends. The model, TF-IDF and a linear classifier, answers in about 250 ms
// with 2 GB of memory (the example's measurement).
const OFFICE_HOURS = TrafficProfile.dailyPeak({ peakRequestsPerSecond: 0.1, peakHoursPerDay: 10, peakStartHour: 8, weekends: false });
const INFERENCE_TIME = Duration.millis(250);
const MEASURED_REQUESTS_PER_SECOND_PER_INSTANCE = 40;

function ticketClassifier(scope: Construct): InferenceModelOptions {
  return {
    // SageMaker's scikit-learn serving container in us-east-1, running the script packed in the artifact.
    image: ModelImage.fromImageUri('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3'),
    modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(scope, 'ModelBucket', 'helpdesk-models'), 'ticket-classifier/v4/model.tar.gz'),
    environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
  };
}

/**
 * The serverless build: billed per GB-second while a request runs, nothing while idle. Two
 * concurrent slots cover tickets filed at the same moment (the peak keeps 0.025 of one busy).
 */
export class ServerlessClassifierStack extends Stack {
  public readonly endpoint: ServerlessEndpoint;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.endpoint = new ServerlessEndpoint(this, 'Classifier', {
      model: ticketClassifier(this),
      memorySizeInMb: 2048,
      maxConcurrency: 2,
      inferenceTimePerRequest: INFERENCE_TIME,
      traffic: OFFICE_HOURS,
    });
  }
}

/** The same model on one ml.m5.large real-time instance (min = max = 1), on all month. */
export class RealtimeClassifierStack extends Stack {
  public readonly endpoint: RealtimeEndpoint;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.endpoint = new RealtimeEndpoint(this, 'Classifier', {
      model: ticketClassifier(this),
      instanceType: 'ml.m5.large',
      minCapacity: 1,
      maxCapacity: 1,
      maxRequestsPerSecondPerInstance: MEASURED_REQUESTS_PER_SECOND_PER_INSTANCE,
      traffic: OFFICE_HOURS,
    });
  }
}

/**
 * An internal ticket classifier called a few thousand times a day in office hours, two ways:
 * `TicketClassifierServerless` (ServerlessEndpoint, 2 GB, 250 ms a request) and
 * `TicketClassifierRealtime` (one ml.m5.large kept on all month). The report's closing note gives
 * both monthly figures and the difference.
 *
 * The serverless line's ceiling is both slots busy every second of the month, which is more than
 * the always-on instance: the bound the template sets, not a forecast.
 *
 * Not priced: serverless data processing (per GB of requests and responses). The price book has
 * no `serverless-data` rate, so the report leaves that charge out; a ticket is a few KB, so a
 * month of them is well under a GB.
 *
 * Run: `npx tsx examples/intermittent-classifier.ts` (prints the cost table on stderr).
 */
export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });
  const env = { region: REGION };
  const serverless = new ServerlessClassifierStack(app, 'TicketClassifierServerless', { env });
  const realtime = new RealtimeClassifierStack(app, 'TicketClassifierRealtime', { env });

  addComparisonNote(app, {
    id: 'Example-IntermittentClassifier',
    subject: 'the ticket classifier',
    baseline: { stack: realtime, as: 'on one always-on ml.m5.large' },
    better: { stack: serverless, as: 'on serverless inference' },
  });

  addChecks(app);
  return app;
}

if (require.main === module) {
  createApp().synth();
}
