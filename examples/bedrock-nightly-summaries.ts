import { App, Stack, aws_events as events } from 'aws-cdk-lib';
import { BedrockBatchJob } from '../lib';
import { dataBucket } from './shared/buckets';
import { addChecks } from './shared/checks';

/**
 * A nightly summarization job: the day's support tickets (5,000 a night, about 1,500 input
 * tokens each) are summarized in about 250 tokens by Claude 3 Haiku as a Bedrock batch
 * inference job at 01:00 UTC. Nobody reads the summaries before morning, so the job can wait:
 * batch costs half the on-demand token price, and the report shows both figures.
 */
export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });
  const stack = new Stack(app, 'NightlySummaries', { env: { region: 'us-east-1' } });

  const tickets = dataBucket(stack, 'Tickets', 'tickets/');

  new BedrockBatchJob(stack, 'Summaries', {
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    input: { bucket: tickets, prefix: 'batch-input/' },
    output: { bucket: tickets, prefix: 'summaries/' },
    schedule: events.Schedule.cron({ hour: '1', minute: '0' }),
    costAllocationTags: { team: 'support', workload: 'ticket-summaries' },
    recordsPerMonth: 30 * 5_000,
    inputTokensPerRecord: 1_500,
    outputTokensPerRecord: 250,
  });

  addChecks(app);
  return app;
}

if (require.main === module) {
  createApp().synth();
}
