import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BudgetGuard, CostAwareChecks, ModelImage, RealtimeEndpoint, TrafficProfile } from '../lib';

/**
 * The README's first example, kept identical to it by a test: a chat model on a SageMaker
 * real-time GPU endpoint sized by its traffic, a budget at the projected cost, and both rule
 * packs. `npx cdk synth --app "npx tsx examples/quickstart.ts"` prints the monthly cost.
 */
export function createApp(context: Record<string, unknown> = {}): App {
  const app = new App({ context });
  const stack = new Stack(app, 'Quickstart', { env: { region: 'us-east-1' } });

  new RealtimeEndpoint(stack, 'Chat', {
    model: {
      image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04'),
      environment: { HF_MODEL_ID: 'mistralai/Mistral-7B-Instruct-v0.3', SM_NUM_GPUS: '1' },
    },
    instanceType: 'ml.g5.xlarge',
    maxCapacity: 4, // required: a GPU endpoint never scales without a ceiling
    maxRequestsPerSecondPerInstance: 2, // what your load test measured on one instance
    traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 5, peakHoursPerDay: 2, offPeakRequestsPerSecond: 0.5 }),
  });

  // A monthly AWS Budgets budget at the report's projection + 20%, alerting at 80% forecast and 100% actual.
  new BudgetGuard(stack, 'Budget', { emails: ['ml-team@example.com'] });

  // Synth fails on an unacknowledged security finding or cost hazard (an uncapped GPU, no budget, ...).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CostAwareChecks(app));
  return app;
}

if (require.main === module) {
  createApp().synth();
}
