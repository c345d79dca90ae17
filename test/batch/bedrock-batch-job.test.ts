import { Duration, Stack, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BedrockBatchInputFormat, BedrockBatchJob, BedrockBatchJobProps } from '../../lib';
import { policyPermissions, reportOf, testStack } from '../helpers';
import { definitionOf, errorOf, usageLinesAt } from './job-helpers';
import { PriceUsage } from '../../lib/pricing/price-entry';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

function batchJob(stack: Stack, overrides: Partial<BedrockBatchJobProps> = {}): BedrockBatchJob {
  const data = new s3.Bucket(stack, 'Data');
  return new BedrockBatchJob(stack, 'Summaries', {
    modelId: HAIKU,
    input: { bucket: data, prefix: 'tickets/' },
    output: { bucket: data, prefix: 'summaries/' },
    recordsPerMonth: 150_000,
    inputTokensPerRecord: 1_500,
    outputTokensPerRecord: 250,
    ...overrides,
  });
}

describe('BedrockBatchJob', () => {
  test('creates the job with CreateModelInvocationJob over JSONL, timing out after 24 h by default', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    batchJob(stack);
    // THEN
    const create = definitionOf(stack).States.CreateJob;
    expect(create.Resource).toBe('arn:aws:states:::aws-sdk:bedrock:createModelInvocationJob');
    expect(create.Parameters).toMatchObject({
      'JobName.$': '$.job.name',
      'ModelId': HAIKU,
      'RoleArn': expect.stringMatching(/^<GetAtt:SummariesServiceRole[0-9A-F]+\.Arn>$/),
      'InputDataConfig': { S3InputDataConfig: { S3Uri: expect.stringMatching(/\/tickets\/$/), S3InputFormat: 'JSONL' } },
      'OutputDataConfig': { S3OutputDataConfig: { S3Uri: expect.stringMatching(/\/summaries\/$/) } },
      'TimeoutDurationInHours': 24,
    });
    expect(create.Retry[0].ErrorEquals).toEqual(['Bedrock.ThrottlingException', 'Bedrock.ServiceQuotaExceededException', 'Bedrock.InternalServerException']);
  });

  test('polls GetModelInvocationJob in a loop bounded by the timeout, stopping the job when the loop runs out', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    batchJob(stack, { timeout: Duration.hours(48), pollInterval: Duration.minutes(15) });
    // THEN
    const states = definitionOf(stack).States;
    expect(states.WaitForJob).toEqual({ Type: 'Wait', Seconds: 900, Next: 'GetJob' });
    expect(states.GetJob.Resource).toBe('arn:aws:states:::aws-sdk:bedrock:getModelInvocationJob');
    expect(states.GetJob.Parameters).toEqual({ 'JobIdentifier.$': '$.created.jobArn' });
    const choices = states.JobStatus.Choices;
    expect(choices[0]).toEqual({ Variable: '$.poll.status', StringEquals: 'Completed', Next: 'Completed' });
    expect(choices[1].Next).toBe('JobDidNotComplete');
    // (48 h timeout + 6 h queueing) × 4 polls an hour
    expect(choices[2]).toEqual({ Variable: '$.polls.count', NumericGreaterThanEquals: (48 + 6) * 4, Next: 'OutOfPolls' });
    expect(states.JobStatus.Default).toBe('WaitForJob');
    expect(states.OutOfPolls.Next).toBe('StopJob');
    expect(states.StopJob.Resource).toBe('arn:aws:states:::aws-sdk:bedrock:stopModelInvocationJob');
    expect(states.JobDidNotComplete.Next).toBe('NotifyFailure');
  });

  test('the service role Bedrock assumes reads only the input, writes only the output and invokes only the model', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    batchJob(stack);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({
        Principal: { Service: 'bedrock.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': 'arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/*' },
        },
      })] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^SummariesServiceRole'),
      PolicyDocument: { Statement: [
        { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Data'), 'Arn'] }, '/tickets/*']] } },
        { Action: 's3:ListBucket', Effect: 'Allow', Condition: { StringLike: { 's3:prefix': ['tickets/*'] } }, Resource: Match.anyValue() },
        { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Data'), 'Arn'] }, '/summaries/*']] } },
        { Action: 's3:ListBucket', Effect: 'Allow', Condition: { StringLike: { 's3:prefix': ['summaries/*'] } }, Resource: Match.anyValue() },
        { Action: 'bedrock:InvokeModel', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:bedrock:us-east-1::foundation-model/${HAIKU}`]] } },
      ] },
    });
  });

  test('the state machine passes the service role to Bedrock only', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    batchJob(stack);
    // THEN
    const permissions = policyPermissions(stack, 'SummariesRole');
    expect(permissions).toContainEqual(expect.objectContaining({ Action: 'iam:PassRole', Condition: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } } }));
    expect(permissions).toContainEqual(expect.objectContaining({ Action: 'bedrock:GetModelInvocationJob' }));
  });

  test('runs through a tagged application inference profile when cost allocation tags are given', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    batchJob(stack, { costAllocationTags: { team: 'support' } });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      InferenceProfileName: 'Summaries-batch',
      ModelSource: { CopyFrom: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:bedrock:us-east-1::foundation-model/${HAIKU}`]] } },
      Tags: [{ Key: 'team', Value: 'support' }],
    });
    expect(definitionOf(stack).States.CreateJob.Parameters.ModelId).toMatch(/^<GetAtt:SummariesInferenceProfile[0-9A-F]+\.InferenceProfileArn>$/);
  });

  test('prices batch tokens and shows the on-demand price of the same tokens beside them', () => {
    // GIVEN
    const { app, stack } = testStack();
    batchJob(stack);
    // WHEN
    const [input, output] = usageLinesAt(reportOf(app), 'TestStack/Summaries').sort((a, b) => a.description.localeCompare(b.description));
    // THEN
    expect(input.price).toMatchObject({ region: 'us-east-1', sku: HAIKU, usage: PriceUsage.BATCH_INPUT_TOKENS });
    expect(input.unitPriceUsd).toBe(0.125);
    expect(input.quantity).toBe(225); // 150,000 records × 1,500 tokens = 225M tokens
    expect(input.monthlyUsd.expected).toBeCloseTo(225 * 0.125, 2);
    expect(input.alternative?.price.usage).toBe('on-demand-input-tokens');
    expect(input.alternative?.monthlyUsd.expected).toBeCloseTo(225 * 0.25, 2);
    expect(output.price).toMatchObject({ usage: PriceUsage.BATCH_OUTPUT_TOKENS });
    // 150,000 records × 250 tokens = 37.5M tokens × $0.625
    expect(output.monthlyUsd.expected).toBeCloseTo(37.5 * 0.625, 2);
    // 37.5M tokens × $1.25 on-demand = $46.875, rounded to cents
    expect(output.alternative?.monthlyUsd.expected).toBe(46.88);
  });

  test('a model id the price book does not know gives unpriced lines with close matches, and still synthesizes', () => {
    // GIVEN
    const { app, stack } = testStack();
    batchJob(stack, { modelId: 'anthropic.claude-3-haiku-20240307-v2:0' });
    // WHEN
    const lines = usageLinesAt(reportOf(app), 'TestStack/Summaries');
    // THEN
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.priced).toBe(false);
      expect(line.reason).toContain(`did you mean '${HAIKU}'`);
    }
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when the timeout is outside 24 to 168 hours', () => {
    const { stack } = testStack();
    expect(() => batchJob(stack, { timeout: Duration.hours(12) }))
      .toThrow('timeout must be a whole number of hours from 24 to 168 (CreateModelInvocationJob timeoutDurationInHours), got: 12 h');
    const other = testStack();
    expect(() => batchJob(other.stack, { timeout: Duration.days(8) })).toThrow('got: 192 h');
  });

  test('fails when the input is not declared JSONL, listing every problem in one error', () => {
    // GIVEN
    const { stack } = testStack();
    const data = new s3.Bucket(stack, 'Other');
    // WHEN
    const message = errorOf(() => batchJob(stack, {
      inputFormat: 'CSV' as BedrockBatchInputFormat, input: { bucket: data, prefix: 'tickets.csv' }, output: { bucket: data, prefix: 'tickets' },
      recordsPerMonth: 0,
    }));
    // THEN
    expect(message).toContain('Invalid BedrockBatchJob props at TestStack/');
    expect(message).toContain("inputFormat must be 'JSONL' (Bedrock batch inference reads JSON Lines only), got: 'CSV'");
    expect(message).toContain("input.prefix must be a '.jsonl' object key or a folder ending in '/', got: 'tickets.csv'");
    expect(message).toContain("output must not overlap input (results would land among the input), got: 'tickets' and 'tickets.csv' in the same bucket");
    expect(message).toContain('recordsPerMonth must be greater than 0, got: 0');
  });
});
