import { Duration, RemovalPolicy, aws_iam as iam, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** What the summarizer function sends besides the model id. */
export interface SummarizerOptions {
  /** The model or inference profile id the function calls (its `MODEL_ID`). */
  readonly modelId: string;
  /** The fields of the Converse request after `modelId`, as lines of JavaScript. */
  readonly converseFields: string[];
  /** More environment variables the request reads. */
  readonly environment?: { [key: string]: string };
}

/**
 * A summarizer function: one Converse call per event, with its own log group and role. Returns
 * the role, which is what `BedrockModelAccess` grants to.
 */
export function createSummarizer(scope: Construct, options: SummarizerOptions): iam.Role {
  const logGroup = new logs.LogGroup(scope, 'SummarizerLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(scope, 'SummarizerRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'The ticket summarizer: writes its logs, invokes one Bedrock model',
  });
  logGroup.grantWrite(role);
  new lambda.Function(scope, 'Summarizer', {
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
      ...options.converseFields.map(l => `    ${l}`),
      '  }));',
      '  return { summary: out.output.message.content[0].text };',
      '};',
    ].join('\n')),
    environment: { MODEL_ID: options.modelId, ...options.environment },
    timeout: Duration.seconds(30),
    memorySize: 256,
    role,
    logGroup,
  });
  return role;
}
