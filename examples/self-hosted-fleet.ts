import { App, Stack } from 'aws-cdk-lib';
import { BudgetGuard, InferenceFleet, ModelImage, RealtimeEndpoint, TrafficProfile } from '../lib';
import { addChecks } from './shared/checks';

/**
 * Self-hosting versus SageMaker for the same steady traffic: one 7B-parameter model served at
 * 6 requests per second around the clock, three ways, one stack each so the report gives
 * each its own monthly total.
 *
 * - `Inf2SpotFleet`: an `inf2.xlarge` InferenceFleet, one on-demand instance and Spot above it,
 *   the Spot share priced at a stated 50% saving over on-demand (an assumption of this example:
 *   the price book has no Spot discount for inf2);
 * - `G5OnDemandFleet`: a `g5.xlarge` InferenceFleet, all on-demand;
 * - `G5RealtimeEndpoint`: a SageMaker real-time endpoint on `ml.g5.xlarge`.
 *
 * The throughputs are what a load test of the model measured on one instance of each type
 * (assumptions of this example, not facts of the library): 1.5 requests/s on inf2.xlarge,
 * 2 requests/s on g5.xlarge (the same A10G GPU as ml.g5.xlarge). Each scales at 70% of it.
 *
 * A fourth stack, `FleetComparisonBudget`, holds the account's BudgetGuard: a monthly cost budget
 * at the report's projection plus 20%, with alerts at 80% forecasted and 100% actual spend.
 *
 * Run: `npx tsx examples/self-hosted-fleet.ts` (or `npx cdk synth --app "npx tsx examples/self-hosted-fleet.ts"`).
 */
export function createApp(context: Record<string, unknown> = {}): App {
  const app = new App({ context });
  const env = { region: 'us-east-1' };
  const traffic = TrafficProfile.constant({ requestsPerSecond: 6 });
  const modelId = 'mistralai/Mistral-7B-Instruct-v0.3';

  const inf2 = new Stack(app, 'Inf2SpotFleet', { env, description: 'inf2.xlarge fleet, 1 on-demand + Spot, behind an ALB' });
  new InferenceFleet(inf2, 'Fleet', {
    instanceTypes: ['inf2.xlarge'],
    maxCapacity: 10,
    maxRequestsPerSecondPerInstance: 1.5,
    purchase: {
      onDemandBaseCapacity: 1,
      onDemandPercentageAboveBaseCapacity: 0,
      // This example's assumption, not a price: the price book has no Spot discount for inf2, so
      // the example states a 50% saving over on-demand, as a team would read it from its Spot
      // price history for inf2.xlarge in us-east-1. The report names it as the stated figure.
      estimatedSpotSavingsPercent: 50,
    },
    serving: {
      container: {
        image: 'ghcr.io/huggingface/neuronx-tgi:0.0.25',
        args: ['--model-id', modelId, '--port', '8080'],
      },
      healthCheckPath: '/health',
    },
    traffic,
  });

  const g5 = new Stack(app, 'G5OnDemandFleet', { env, description: 'g5.xlarge fleet, all on-demand, behind an ALB' });
  new InferenceFleet(g5, 'Fleet', {
    instanceTypes: ['g5.xlarge'],
    maxCapacity: 10,
    maxRequestsPerSecondPerInstance: 2,
    purchase: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 100 },
    serving: {
      container: {
        image: 'ghcr.io/huggingface/text-generation-inference:3.0.1',
        args: ['--model-id', modelId, '--port', '8080'],
      },
      healthCheckPath: '/health',
    },
    traffic,
  });

  const sm = new Stack(app, 'G5RealtimeEndpoint', { env, description: 'SageMaker real-time endpoint on ml.g5.xlarge' });
  new RealtimeEndpoint(sm, 'Endpoint', {
    model: {
      image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04'),
      environment: { HF_MODEL_ID: modelId, SM_NUM_GPUS: '1' },
    },
    instanceType: 'ml.g5.xlarge',
    maxCapacity: 10,
    maxRequestsPerSecondPerInstance: 2,
    traffic,
  });

  const account = new Stack(app, 'FleetComparisonBudget', { env, description: 'Account cost budget for the inference fleets' });
  new BudgetGuard(account, 'Budget', { emails: ['ml-platform@example.com'] });

  addChecks(app);
  return app;
}

if (require.main === module) {
  createApp().synth();
}
