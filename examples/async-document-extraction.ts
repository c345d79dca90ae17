import { App, Duration, Stack, StackProps, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AsyncEndpoint, AsyncTrafficProfile, ModelData, ModelImage, TrafficProfile } from '../lib';
import { addChecks } from './shared/checks';

/**
 * Document extraction on a GPU that scales to zero: scanned documents arrive during office
 * hours (180 an hour, 9:00-17:00 UTC on weekdays), each takes 45 s on an ml.g6e.2xlarge that
 * processes two at once. Nights and weekends cost nothing.
 */
export class DocumentExtractionStack extends Stack {
  public readonly extractor: AsyncEndpoint;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.extractor = new AsyncEndpoint(this, 'Extractor', {
      model: {
        image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04'),
        modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(this, 'ModelBucket', 'document-models'), 'layout-extractor/v3/model.tar.gz'),
      },
      instanceType: 'ml.g6e.2xlarge',
      maxCapacity: 4,
      maxConcurrentInvocationsPerInstance: 2,
      // 180 documents an hour = 0.05 requests/s, read back as requests per hour.
      traffic: AsyncTrafficProfile.fromTrafficProfile(
        TrafficProfile.dailyPeak({ peakRequestsPerSecond: 180 / 3600, peakHoursPerDay: 8, peakStartHour: 9, offPeakRequestsPerSecond: 0, weekends: false }),
        Duration.seconds(45),
      ),
    });
  }
}

export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });
  new DocumentExtractionStack(app, 'DocumentExtraction', { env: { region: 'us-east-1' } });
  // The example shows one endpoint's cost on its own; an account budget (BudgetGuard) is not its
  // subject and would add a line to the total, so the budget rule is off here.
  addChecks(app, { requireBudget: false });
  return app;
}

if (require.main === module) {
  createApp().synth();
}
