import { App, Duration, Stack, aws_events as events, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { BudgetGuard, SpotTrainingJob } from '../lib';
import { dataBucket } from './shared/buckets';
import { addChecks } from './shared/checks';

/**
 * Training a medium model 100 hours a month: 10 runs of about 10 hours on one ml.g5.2xlarge
 * (A10G, 24 GB), every third day, on managed Spot with checkpoints. The report prices the
 * expected hours at the Spot saving the team measured on its last runs (70%, an assumption of
 * this example, named as such in the report) and shows the same hours on-demand beside them.
 *
 * Run: `npx tsx examples/spot-training.ts` (prints the cost table on stderr).
 */
export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });
  const stack = new Stack(app, 'SpotTraining', { env: { region: 'us-east-1' } });

  const data = dataBucket(stack, 'TrainingData', 'training-data/');

  new SpotTrainingJob(stack, 'FineTune', {
    image: tasks.DockerImage.fromRegistry(
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker'),
    inputs: [
      { channelName: 'train', bucket: data, prefix: 'datasets/train/' },
      { channelName: 'validation', bucket: data, prefix: 'datasets/validation/' },
    ],
    output: { bucket: data, prefix: 'models/' },
    instanceType: 'ml.g5.2xlarge',
    hyperparameters: { epochs: '3', 'learning-rate': '0.0002' },
    maxRuntime: Duration.hours(12),
    maxWaitTime: Duration.hours(24),
    expectedRunTime: Duration.hours(10),
    runsPerMonth: 10,
    // This example's assumption, not a price: what the team's last runs reported as managed Spot
    // savings (1 − BillableTimeInSeconds ÷ TrainingTimeInSeconds, from DescribeTrainingJob). The
    // price book has no managed Spot discount, so without it expected would be priced on-demand.
    measuredSpotSavingsPercent: 70,
    schedule: events.Schedule.rate(Duration.days(3)),
  });
  // GPU training bills by the hour: a budget that follows the projection (plus 20%) warns the team.
  // An amount the team chose: the default (the report's projection + 20%) refuses to leave out
  // unpriced lines, and the embedded price book has no citable SageMaker training or ML storage
  // rate (`npx cdk-cost prices refresh --region us-east-1` fills them; then the default works).
  new BudgetGuard(stack, 'TrainingBudget', { emails: ['ml-team-leads@example.com'], amountUsd: 200 });

  addChecks(app);
  return app;
}

if (require.main === module) {
  createApp().synth();
}
