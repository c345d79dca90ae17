import { Duration, Stack, aws_events as events, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BatchTransformPipeline, BatchTransformPipelineProps } from '../../lib';
import { permissionsOf, policyPermissions, reportOf, testStack } from '../helpers';
import { definitionOf, errorOf, usageLine } from './job-helpers';
import { PriceUsage } from '../../lib/pricing/price-entry';

function pipeline(stack: Stack, overrides: Partial<BatchTransformPipelineProps> = {}): BatchTransformPipeline {
  const data = new s3.Bucket(stack, 'Data');
  const role = new iam.Role(stack, 'ModelRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  return new BatchTransformPipeline(stack, 'Scoring', {
    modelName: 'churn-model',
    modelExecutionRole: role,
    input: { bucket: data, prefix: 'incoming/' },
    output: { bucket: data, prefix: 'scored/' },
    instanceType: 'ml.m5.xlarge',
    ...overrides,
  });
}

describe('BatchTransformPipeline', () => {
  test('runs the transform through createTransformJob.sync over the input prefix, with the defaults pinned', () => {
    // GIVEN
    const { stack } = testStack('eu-west-1');
    // WHEN
    pipeline(stack);
    // THEN
    const transform = definitionOf(stack).States.Transform;
    expect(transform.Resource).toBe('arn:aws:states:::sagemaker:createTransformJob.sync');
    expect(transform.TimeoutSeconds).toBe(6 * 3600);
    expect(transform.Parameters).toMatchObject({
      'ModelName': 'churn-model',
      'TransformJobName.$': '$.job.name',
      'TransformInput': { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: expect.stringMatching(/^s3:\/\/<Ref:Data[0-9A-F]+>\/incoming\/$/) } } },
      // each run under its own prefix: the execution name
      'TransformOutput': { 'S3OutputPath.$': expect.stringMatching(/^States\.Format\('s3:\/\/<Ref:Data[0-9A-F]+>\/scored\/\{\}\/', \$\$\.Execution\.Name\)$/) },
      'TransformResources': { InstanceCount: 1, InstanceType: 'ml.m5.xlarge' },
    });
  });

  test('retries throttling with backoff and a capacity failure with a new job name; anything else goes to SNS', () => {
    // GIVEN
    const { stack } = testStack('eu-west-1');
    // WHEN
    pipeline(stack, { jobNamePrefix: 'churn' });
    // THEN
    const states = definitionOf(stack).States;
    expect(states.Transform.Retry).toEqual([{
      ErrorEquals: ['SageMaker.AmazonSageMakerException', 'SageMaker.ResourceLimitExceededException', 'ThrottlingException'],
      IntervalSeconds: 30, MaxAttempts: 4, BackoffRate: 2, JitterStrategy: 'FULL',
    }]);
    expect(states.Transform.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'CapacityFailure' }]);
    expect(JSON.stringify(states.CapacityFailure.Choices)).toContain('*CapacityError*');
    expect(states.CapacityFailure.Choices[0].Next).toBe('BackOff');
    expect(states.CapacityFailure.Default).toBe('NotifyFailure');
    expect(states.BackOff).toMatchObject({ Type: 'Wait', SecondsPath: '$.job.backoffSeconds', Next: 'NameNextAttempt' });
    expect(states.NameJob.Parameters).toEqual({ 'name.$': "States.Format('churn-{}-{}', 0, $$.Execution.Name)", 'attempt': 0, 'backoffSeconds': 60 });
    expect(states.NameNextAttempt.Parameters['name.$']).toBe("States.Format('churn-{}-{}', States.MathAdd($.job.attempt, 1), $$.Execution.Name)");
    expect(states.NotifyFailure.Parameters['Message.$']).toContain('SageMaker batch transform job {} failed');
  });

  test('goes on only when it is the oldest running execution (the concurrency guard)', () => {
    // GIVEN
    const { stack } = testStack('eu-west-1');
    // WHEN
    pipeline(stack);
    // THEN
    const states = definitionOf(stack).States;
    expect(states.ListRunningExecutions).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:sfn:listExecutions',
      Parameters: { 'StateMachineArn.$': '$$.StateMachine.Id', 'StatusFilter': 'RUNNING', 'MaxResults': 1000 },
    });
    expect(states.AnyOtherRun.Choices).toEqual([{ Variable: '$.guard.count', NumericEquals: 0, Next: 'Transform' }]);
    expect(states.OldestRun.Choices).toEqual([{ Variable: '$.guard.oldest.ExecutionArn', StringEqualsPath: '$.guard.me', Next: 'Transform' }]);
    expect(states.OldestRun.Default).toBe('Skipped');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: 'states:ListExecutions',
        Resource: Match.stringLikeRegexp('^arn:aws:states:eu-west-1:123456789012:stateMachine:TestStackScoring'),
      })]) },
    });
  });

  test('starts on uploads under the input prefix through EventBridge, turning notifications on for the bucket', () => {
    // GIVEN
    const { stack } = testStack('eu-west-1');
    // WHEN
    pipeline(stack, { startOnUpload: true, schedule: events.Schedule.cron({ hour: '3', minute: '0' }) });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: [{ Ref: Match.stringLikeRegexp('^Data') }] }, object: { key: [{ prefix: 'incoming/' }] } },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 3 * * ? *)' });
  });

  test("grants the model's role read on the input and write on the output, and never delete", () => {
    // GIVEN
    const { stack } = testStack('eu-west-1');
    // WHEN
    pipeline(stack);
    // THEN
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('^ModelRole') } });
    const actions = JSON.stringify(Object.values(policies)[0].Properties.PolicyDocument.Statement.map((s: any) => s.Action));
    expect(actions).toContain('s3:GetObject*');
    expect(actions).toContain('s3:PutObject');
    expect(actions).not.toContain('s3:DeleteObject');
  });

  test("lets the model's role write the transform job's logs and SageMaker metrics, in a policy of the pipeline's own", () => {
    // GIVEN
    const { stack } = testStack('eu-west-1');
    // WHEN
    const scoring = pipeline(stack);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^ScoringTransformJobLogging'),
      Roles: [{ Ref: stack.getLogicalId(stack.node.findChild('ModelRole').node.defaultChild as iam.CfnRole) }],
    });
    expect(policyPermissions(stack, 'ScoringTransformJobLogging')).toEqual(permissionsOf([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/sagemaker/TransformJobs:*',
      },
      {
        Effect: 'Allow',
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
      },
    ]));
    expect(scoring.node.tryFindChild('TransformJobLogging')).toBeDefined();
  });

  test('prices jobs × expected hours × instances at the batch transform price, floor $0', () => {
    // GIVEN
    const { app, stack } = testStack('eu-west-1');
    pipeline(stack, { jobsPerMonth: 20, expectedRunTime: Duration.minutes(90), instanceCount: 2, maxRuntime: Duration.hours(4) });
    // WHEN
    const line = usageLine(reportOf(app), 'TestStack/Scoring');
    // THEN
    expect(line.price).toMatchObject({ region: 'eu-west-1', sku: 'ml.m5.xlarge', usage: PriceUsage.BATCH_TRANSFORM });
    expect(line.unitPriceUsd).toBe(0.257);
    expect(line.monthlyUsd.floor).toBe(0);
    // 20 jobs × 1.5 h × 2 instances × $0.257
    expect(line.monthlyUsd.expected).toBeCloseTo(20 * 1.5 * 2 * 0.257, 2);
    // 20 jobs × 4 h maxRuntime × 2 instances × $0.257
    expect(line.monthlyUsd.ceiling).toBeCloseTo(20 * 4 * 2 * 0.257, 2);
  });

  test('fails when the output prefix overlaps the input prefix', () => {
    const { stack } = testStack('eu-west-1');
    const data = new s3.Bucket(stack, 'Same');
    expect(() => pipeline(stack, { input: { bucket: data, prefix: 'in/' }, output: { bucket: data, prefix: 'in/out/' } }))
      .toThrow("output must not overlap input (results would land among the input and be transformed again), got: 'in/out/' and 'in/' in the same bucket");
  });

  test('fails when the instance type is unknown and the counts are not positive, in one error', () => {
    // GIVEN
    const { stack } = testStack('eu-west-1');
    // WHEN
    const message = errorOf(() => pipeline(stack, { instanceType: 'm5.xlarge', instanceCount: 0, jobsPerMonth: 0 }));
    // THEN
    expect(message).toContain('Invalid BatchTransformPipeline props at TestStack/');
    expect(message).toContain("instanceType: 'm5.xlarge' is not an instance type SageMaker batch transform offers (it exists for EC2, but SageMaker batch transform does not offer it)");
    expect(message).toContain("did you mean 'ml.m5.xlarge'?");
    expect(message).toContain('instanceCount must be a whole number of at least 1, got: 0');
    expect(message).toContain('jobsPerMonth must be greater than 0, got: 0');
  });
});

describe('BatchTransformPipeline reports every run that does not succeed', () => {
  test('subscribes the notification emails to the failure topic', () => {
    const { stack } = testStack();
    pipeline(stack, { notificationEmails: ['ml-oncall@example.com'] });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email', Endpoint: 'ml-oncall@example.com', TopicArn: { Ref: Match.stringLikeRegexp('FailureTopic') },
    });
  });

  test('a run that times out or is aborted is reported to the failure topic like a failed one', () => {
    const { stack } = testStack();
    pipeline(stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        'detail': { status: ['TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: Match.stringLikeRegexp('^Scoring[0-9A-F]+$') }] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('EndStateNotifier') } })],
    });
    const notifier = Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine')).find(m => m.Properties.StateMachineType === 'EXPRESS');
    const definition = JSON.stringify(notifier.Properties.DefinitionString);
    expect(definition).toContain('arn:');
    expect(definition).toContain(':states:::sns:publish');
    expect(definition).toContain('FailureTopic');
    expect(definition).toContain('$.detail.status');
  });
});
