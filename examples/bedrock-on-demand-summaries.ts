import { App, Stack } from 'aws-cdk-lib';
import { BedrockModelAccess, BedrockModelId, BudgetGuard, TrafficProfile } from '../lib';
import { addChecks } from './shared/checks';
import { createSummarizer } from './shared/summarizer';

/**
 * A support desk's "summarize this ticket" button: a function calls Claude Haiku 4.5 through the
 * US cross-Region inference profile with Converse, on demand, as agents click. Agents work
 * weekdays: 2 requests/s for the 8 busiest hours (from 09:00 UTC), 0.1 requests/s otherwise
 * and at weekends. Each request sends a 2,500-token system prompt and style guide (cached:
 * agents click often enough that 90% of requests find it in the cache) and a 1,500-token
 * ticket, and gets a 250-token summary. Nothing is paid while nobody clicks, and nothing caps
 * the bill when everybody does: a budget at the projected cost alerts on a surge.
 */
export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });
  const stack = new Stack(app, 'TicketSummaries', { env: { region: 'us-east-1' } });

  const role = createSummarizer(stack, {
    modelId: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5.modelId,
    converseFields: [
      'system: [{ text: process.env.STYLE_GUIDE }, { cachePoint: { type: "default" } }],',
      'messages: [{ role: "user", content: [{ text: event.ticket }] }],',
      'inferenceConfig: { maxTokens: 400 },',
    ],
    environment: { STYLE_GUIDE: 'Summarize the ticket in five bullet points.' },
  });

  new BedrockModelAccess(stack, 'Summaries', {
    model: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5,
    grantee: role,
    responseStreaming: false, // Converse only, no ConverseStream
    traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 2, peakHoursPerDay: 8, peakStartHour: 9, offPeakRequestsPerSecond: 0.1, weekends: false }),
    inputTokensPerRequest: 4_000,
    outputTokensPerRequest: 250,
    promptCaching: { cacheablePrefixTokens: 2_500, expectedHitRate: 0.9 },
  });

  // Nothing in the template caps a token bill: a monthly budget at the projection + 20% alerts
  // (without one, the pack's CostAware-Advice-UncappedTokenBill recommends it).
  new BudgetGuard(stack, 'Budget', { emails: ['support-eng@example.com'] });

  addChecks(app);
  return app;
}

if (require.main === module) {
  createApp().synth();
}
