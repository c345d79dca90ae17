import { App, Stack } from 'aws-cdk-lib';
import {
  BedrockModelAccess, BedrockModelId, BudgetGuard, InferenceFleet, ModelImage, RealtimeEndpoint, Substrate, TrafficProfile, WorkloadComparisonOptions,
} from '../lib';
import { addChecks } from './shared/checks';
import { createSummarizer } from './shared/summarizer';

/**
 * Which substrate for a summarization feature? One workload deployed three ways, one stack each,
 * and each report line compared with the other two and with the break-even between them.
 *
 * The workload (assumptions of this example): a "summarize this ticket" button used in office
 * hours, 0.4 requests/s from 08:00 for 10 hours on weekdays and 0.02 requests/s otherwise (about
 * 350,000 summaries a month); each request sends 1,500 tokens of ticket and gets 200 back.
 *
 * - `BedrockSummaries`: a function calling Claude 3.5 Haiku through the US cross-Region inference
 *   profile, on demand, granted by `BedrockModelAccess` (which prices its input and output tokens);
 * - `SageMakerSummaries`: a `RealtimeEndpoint` on `ml.g5.xlarge` serving a 7B model, which a load
 *   test measured at 2 requests/s per instance;
 * - `Inf2Summaries`: an `InferenceFleet` of `inf2.xlarge` serving the same model, measured at
 *   1.5 requests/s per instance, one on-demand instance and Spot above it.
 *
 * Every deployment compares with the same three (`COMPARE_WITH`): the report adds the other two,
 * marks the cheapest and gives the traffic at which the order changes. Engineering time is not
 * priced: the fleet's figure (instances, load balancer, NAT gateway, volumes) leaves out the people
 * who build and run it.
 *
 * A fourth stack, `SummariesBudget`, holds the account's BudgetGuard.
 *
 * Run: `npx tsx examples/summarization-substrates.ts`; the charts are written beside
 * `cdk.out/cost-report.md`.
 */

/** The model through Bedrock, and what one summary costs in tokens (this example's figures). */
export const BEDROCK = { modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0', inputTokensPerRequest: 1_500, outputTokensPerRequest: 200 };
/** The SageMaker side: the instance type and what a load test measured on one instance. */
export const ENDPOINT = { instanceType: 'ml.g5.xlarge', maxRequestsPerSecondPerInstance: 2 };
/** The self-hosted side. */
export const FLEET = { instanceType: 'inf2.xlarge', maxRequestsPerSecondPerInstance: 1.5, onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 };

/** What every deployment is compared with: the other two substrates, on the same traffic. */
export const COMPARE_WITH: WorkloadComparisonOptions = {
  // Interactive: Bedrock batch and batch transform answer hours later, so they are left out.
  substrates: [Substrate.BEDROCK_ON_DEMAND, Substrate.REALTIME_ENDPOINT, Substrate.EC2_FLEET],
  bedrock: BEDROCK,
  endpoint: ENDPOINT,
  fleet: FLEET,
};

export function createApp(context: Record<string, unknown> = {}): App {
  const app = new App({ context });
  const env = { region: 'us-east-1' };
  const traffic = TrafficProfile.dailyPeak({
    peakRequestsPerSecond: 0.4, peakHoursPerDay: 10, peakStartHour: 8, weekends: false, offPeakRequestsPerSecond: 0.02,
  });
  const modelId = 'mistralai/Mistral-7B-Instruct-v0.3';

  const bedrock = new Stack(app, 'BedrockSummaries', { env, description: 'Summaries through Bedrock on-demand, Claude 3.5 Haiku (US profile)' });
  const role = createSummarizer(bedrock, {
    modelId: BEDROCK.modelId,
    converseFields: [
      'messages: [{ role: "user", content: [{ text: `Summarize this ticket:\\n${event.ticket}` }] }],',
      'inferenceConfig: { maxTokens: 300 },',
    ],
  });
  new BedrockModelAccess(bedrock, 'Summaries', {
    model: BedrockModelId.US_ANTHROPIC_CLAUDE_3_5_HAIKU,
    grantee: role,
    responseStreaming: false, // Converse only
    traffic,
    inputTokensPerRequest: BEDROCK.inputTokensPerRequest,
    outputTokensPerRequest: BEDROCK.outputTokensPerRequest,
    compareWith: COMPARE_WITH,
  });

  const sm = new Stack(app, 'SageMakerSummaries', { env, description: 'Summaries on a SageMaker real-time endpoint, ml.g5.xlarge' });
  new RealtimeEndpoint(sm, 'Endpoint', {
    model: {
      image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04'),
      environment: { HF_MODEL_ID: modelId, SM_NUM_GPUS: '1' },
    },
    instanceType: ENDPOINT.instanceType,
    maxCapacity: 4,
    maxRequestsPerSecondPerInstance: ENDPOINT.maxRequestsPerSecondPerInstance,
    traffic,
    compareWith: COMPARE_WITH,
  });

  const inf2 = new Stack(app, 'Inf2Summaries', { env, description: 'Summaries on an inf2.xlarge fleet, 1 on-demand + Spot, behind an ALB' });
  new InferenceFleet(inf2, 'Fleet', {
    instanceTypes: [FLEET.instanceType],
    maxCapacity: 4,
    maxRequestsPerSecondPerInstance: FLEET.maxRequestsPerSecondPerInstance,
    purchase: { onDemandBaseCapacity: FLEET.onDemandBaseCapacity, onDemandPercentageAboveBaseCapacity: FLEET.onDemandPercentageAboveBaseCapacity },
    serving: {
      container: { image: 'ghcr.io/huggingface/neuronx-tgi:0.0.25', args: ['--model-id', modelId, '--port', '8080'] },
      healthCheckPath: '/health',
    },
    traffic,
    compareWith: COMPARE_WITH,
  });

  const account = new Stack(app, 'SummariesBudget', { env, description: 'Account cost budget for the summarization feature' });
  new BudgetGuard(account, 'Budget', { emails: ['ml-platform@example.com'] });

  addChecks(app);
  return app;
}

if (require.main === module) {
  createApp().synth();
}
