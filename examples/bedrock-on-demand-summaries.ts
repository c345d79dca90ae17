import { App, Duration, RemovalPolicy, Stack, aws_iam as iam, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { BedrockModelAccess, BedrockModelId, BudgetGuard, TrafficProfile } from '../lib';
import { addChecks } from './shared/checks';

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

  const logGroup = new logs.LogGroup(stack, 'SummarizerLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(stack, 'SummarizerRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'The ticket summarizer: writes its logs, invokes one Bedrock model',
  });
  logGroup.grantWrite(role);
  new lambda.Function(stack, 'Summarizer', {
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    // The Converse call the function makes; the SDK ships with the runtime.
    code: lambda.Code.fromInline([
      "const { BedrockRuntimeClient, ConverseCommand } = require('@aws-sdk/client-bedrock-runtime');",
      'const client = new BedrockRuntimeClient({});',
      'exports.handler = async (event) => {',
      '  const out = await client.send(new ConverseCommand({',
      '    modelId: process.env.MODEL_ID,',
      '    system: [{ text: process.env.STYLE_GUIDE }, { cachePoint: { type: "default" } }],',
      '    messages: [{ role: "user", content: [{ text: event.ticket }] }],',
      '    inferenceConfig: { maxTokens: 400 },',
      '  }));',
      '  return { summary: out.output.message.content[0].text };',
      '};',
    ].join('\n')),
    environment: { MODEL_ID: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5.modelId, STYLE_GUIDE: 'Summarize the ticket in five bullet points.' },
    timeout: Duration.seconds(30),
    memorySize: 256,
    role,
    logGroup,
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
