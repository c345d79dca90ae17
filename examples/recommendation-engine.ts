import { App, Stack, StackProps, TimeZone, Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { InferenceModelOptions, ModelData, ModelImage, RealtimeEndpoint, TrafficProfile } from '../lib';
import { addChecks } from './shared/checks';

// A recommendation engine whose traffic peaks two hours a day: 100 requests/s from 19:00 to
// 21:00 UTC, 15 requests/s the rest of the day. A load test measured 40 requests/s per
// ml.g5.xlarge instance at the latency goal.
const TRAFFIC = TrafficProfile.dailyPeak({ peakRequestsPerSecond: 100, peakHoursPerDay: 2, peakStartHour: 19, offPeakRequestsPerSecond: 15 });
const MEASURED_REQUESTS_PER_SECOND_PER_INSTANCE = 40;

function recommenderModel(scope: Construct): InferenceModelOptions {
  return {
    image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310'),
    modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(scope, 'ModelBucket', 'recommender-models'), 'two-tower/v7/model.tar.gz'),
    environment: { SAGEMAKER_PROGRAM: 'inference.py' },
  };
}

/**
 * The naive build: sized for the peak (ceil(100 / (40 × 0.7)) = 4 instances) and left on
 * around the clock, whatever the hour.
 */
export class NaiveRecommenderStack extends Stack {
  public readonly endpoint: RealtimeEndpoint;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.endpoint = new RealtimeEndpoint(this, 'Recommender', {
      model: recommenderModel(this),
      instanceType: 'ml.g5.xlarge',
      minCapacity: 4,
      maxCapacity: 4,
      maxRequestsPerSecondPerInstance: MEASURED_REQUESTS_PER_SECOND_PER_INSTANCE,
      traffic: TRAFFIC,
    });
    Validations.of(this.endpoint).acknowledge({
      id: 'CostAware-GPU1',
      reason: 'Deliberately the naive build: a fixed count sized for the peak, kept as the baseline this example compares the autoscaled build against',
    });
  }
}

/**
 * The cost-aware build: two instances across Availability Zones by day, target tracking up
 * to six for the evening peak, one instance from 01:00 to 07:00 when traffic is lowest.
 */
export class AutoscaledRecommenderStack extends Stack {
  public readonly endpoint: RealtimeEndpoint;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.endpoint = new RealtimeEndpoint(this, 'Recommender', {
      model: recommenderModel(this),
      instanceType: 'ml.g5.xlarge',
      minCapacity: 2,
      maxCapacity: 6,
      maxRequestsPerSecondPerInstance: MEASURED_REQUESTS_PER_SECOND_PER_INSTANCE,
      scheduledCapacity: [{ name: 'Nights', startHour: 1, endHour: 7, minCapacity: 1, maxCapacity: 2, timeZone: TimeZone.ETC_UTC }],
      traffic: TRAFFIC,
    });
  }
}

export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });
  const env = { region: 'us-east-1' };
  new NaiveRecommenderStack(app, 'RecommenderNaive', { env });
  new AutoscaledRecommenderStack(app, 'RecommenderAutoscaled', { env });
  // The example compares two endpoint builds; an account budget (BudgetGuard) is not its
  // subject and would add a line to both totals, so the budget rule is off here.
  addChecks(app, { requireBudget: false });
  return app;
}

if (require.main === module) {
  createApp().synth();
}
