import { Duration, Stack, aws_iam as iam, aws_s3 as s3, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AsyncEndpoint, AsyncEndpointProps, AsyncTrafficProfile, ModelData, ModelImage, PriceBook } from '../../lib';
import { addChecks } from '../../examples/shared/checks';
import { lineAt, permissionsOf, reportOf, rolePermissions, TEST_PRICE_CACHE, testApp, testStack } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/doc-extractor:v2';
// The built snapshot has no citable ml.g6e.2xlarge async figure: these tests price over the test price cache.
const G6E_ASYNC = PriceBook.load(TEST_PRICE_CACHE).lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.ASYNC, region: 'us-east-1', sku: 'ml.g6e.2xlarge' });
const HOURLY = 2.8026; // ml.g6e.2xlarge asynchronous inference, us-east-1, per instance-hour

function asyncEndpoint(stack: Stack, props: Partial<AsyncEndpointProps> = {}, id = 'Extractor'): AsyncEndpoint {
  return new AsyncEndpoint(stack, id, {
    model: {
      image: ModelImage.fromImageUri(IMAGE),
      modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(stack, `${id}Models`, 'my-models'), 'extractor/model.tar.gz'),
    },
    instanceType: 'ml.g6e.2xlarge',
    maxCapacity: 3,
    ...props,
  });
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: any } } | any): string {
  return stack.getLogicalId(construct.node?.defaultChild ?? construct);
}

describe('AsyncEndpoint', () => {
  test('the ml.g6e.2xlarge us-east-1 asynchronous inference price these tests use is the test price cache entry', () => {
    expect(G6E_ASYNC.entry?.priceUsd).toBe(HOURLY);
  });

  describe('template', () => {
    test('writes results and failures to its bucket and notifies its topics, one request per instance at a time', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = asyncEndpoint(stack);
      // THEN
      const bucket = logicalId(stack, ep.bucket);
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [Match.objectLike({ VariantName: 'AllTraffic', InstanceType: 'ml.g6e.2xlarge', InitialInstanceCount: 1 })],
        AsyncInferenceConfig: {
          ClientConfig: { MaxConcurrentInvocationsPerInstance: 1 },
          OutputConfig: {
            S3OutputPath: { 'Fn::Join': ['', ['s3://', { Ref: bucket }, '/output/']] },
            S3FailurePath: { 'Fn::Join': ['', ['s3://', { Ref: bucket }, '/failure/']] },
            NotificationConfig: { SuccessTopic: { Ref: logicalId(stack, ep.successTopic) }, ErrorTopic: { Ref: logicalId(stack, ep.errorTopic) } },
          },
        },
      });
    });

    test('creates an encrypted, SSL-only, private bucket and encrypted SSL-only topics', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = asyncEndpoint(stack);
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
      // Payloads expire after 30 days; incomplete uploads are aborted after one.
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: [
            { Id: 'AbortIncompleteUploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
            { Id: 'Expire-input', Prefix: 'input/', ExpirationInDays: 30, Status: 'Enabled' },
            { Id: 'Expire-output', Prefix: 'output/', ExpirationInDays: 30, Status: 'Enabled' },
            { Id: 'Expire-failure', Prefix: 'failure/', ExpirationInDays: 30, Status: 'Enabled' },
          ],
        },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(stack, ep.bucket) },
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      });
      const topics = Object.values(template.findResources('AWS::SNS::Topic'));
      expect(topics).toHaveLength(2);
      // The AWS managed SNS key, by alias ARN in the stack's account and region.
      for (const topic of topics) expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).toContain(':alias/aws/sns');
      template.resourcePropertiesCountIs('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      }, 2);
    });

    test('scales to zero: min 0, target tracking on ApproximateBacklogSizePerInstance by EndpointName', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = asyncEndpoint(stack);
      // THEN
      const template = Template.fromStack(stack);
      const endpointName = { 'Fn::GetAtt': [stack.getLogicalId(ep.endpoint), 'EndpointName'] };
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: 0,
        MaxCapacity: 3,
        ResourceId: { 'Fn::Join': ['', ['endpoint/', endpointName, '/variant/AllTraffic']] },
        ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        ServiceNamespace: 'sagemaker',
        RoleARN: Match.absent(),
      });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: logicalId(stack, ep.scalableTarget) },
        TargetTrackingScalingPolicyConfiguration: {
          CustomizedMetricSpecification: {
            Namespace: 'AWS/SageMaker', MetricName: 'ApproximateBacklogSizePerInstance', Statistic: 'Average',
            Dimensions: [{ Name: 'EndpointName', Value: endpointName }],
          },
          TargetValue: 5,
          ScaleInCooldown: 600,
          ScaleOutCooldown: 300,
        },
      });
    });

    test('wakes from zero: a step policy adding one instance, triggered by the HasBacklogWithoutCapacity alarm on the same endpoint', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = asyncEndpoint(stack);
      // THEN
      const template = Template.fromStack(stack);
      const stepPolicies = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', { Properties: { PolicyType: 'StepScaling' } });
      expect(Object.keys(stepPolicies)).toHaveLength(1);
      const [stepPolicyId] = Object.keys(stepPolicies);
      expect(stepPolicies[stepPolicyId].Properties).toEqual(expect.objectContaining({
        ScalingTargetId: { Ref: logicalId(stack, ep.scalableTarget) },
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity', Cooldown: 300, MetricAggregationType: 'Average',
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        },
      }));
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SageMaker',
        MetricName: 'HasBacklogWithoutCapacity',
        Dimensions: [{ Name: 'EndpointName', Value: { 'Fn::GetAtt': [stack.getLogicalId(ep.endpoint), 'EndpointName'] } }],
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'missing',
        AlarmActions: [{ Ref: stepPolicyId }],
      });
    });

    test('without scaleToZero keeps one instance and has no wake-from-zero policy', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = asyncEndpoint(stack, { scaleToZero: false });
      // THEN
      expect(ep.wakeFromZeroAlarm).toBeUndefined();
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1 });
      template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
      template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
    });

    test('the role reads requests, writes results and failures, and publishes to its two topics only', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = asyncEndpoint(stack);
      // THEN
      const bucketArn = { 'Fn::GetAtt': [logicalId(stack, ep.bucket), 'Arn'] };
      const permissions = rolePermissions(stack, logicalId(stack, ep.role));
      expect(permissions).toEqual(expect.arrayContaining(permissionsOf([
        { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [bucketArn, '/input/*']] } },
        {
          Action: 's3:PutObject', Effect: 'Allow',
          Resource: [{ 'Fn::Join': ['', [bucketArn, '/output/*']] }, { 'Fn::Join': ['', [bucketArn, '/failure/*']] }],
        },
        { Action: 'sns:Publish', Effect: 'Allow', Resource: [{ Ref: logicalId(stack, ep.successTopic) }, { Ref: logicalId(stack, ep.errorTopic) }] },
      ])));
      // the topics' AWS managed key (alias/aws/sns) is usable through SNS by its key policy: no KMS statement
      expect(permissions.filter(p => p.Action.startsWith('kms:'))).toEqual([]);
    });

    test('uses a bucket and topics passed in', () => {
      // GIVEN
      const { stack } = testStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Shared', 'shared-inference');
      const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:us-east-1:123456789012:done');
      // WHEN
      asyncEndpoint(stack, { bucket, successTopic: topic, errorTopic: topic });
      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::S3::Bucket', 0);
      template.resourceCountIs('AWS::SNS::Topic', 0);
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        AsyncInferenceConfig: Match.objectLike({
          OutputConfig: Match.objectLike({ S3OutputPath: 's3://shared-inference/output/', NotificationConfig: { SuccessTopic: topic.topicArn, ErrorTopic: topic.topicArn } }),
        }),
      });
    });

    test('tags every taggable resource InferenceType=Async', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      asyncEndpoint(stack);
      // THEN
      const template = Template.fromStack(stack);
      for (const type of ['AWS::SageMaker::Model', 'AWS::SageMaker::EndpointConfig', 'AWS::SageMaker::Endpoint', 'AWS::IAM::Role',
        'AWS::S3::Bucket', 'AWS::SNS::Topic', 'AWS::CloudWatch::Alarm']) {
        template.hasResourceProperties(type, { Tags: Match.arrayWith([{ Key: 'InferenceType', Value: 'Async' }]) });
      }
    });

    test('grantInvoke allows InvokeEndpointAsync, putting requests and reading results', () => {
      // GIVEN
      const { stack } = testStack();
      const ep = asyncEndpoint(stack);
      const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
      // WHEN
      ep.grantInvoke(caller);
      // THEN
      const bucketArn = { 'Fn::GetAtt': [logicalId(stack, ep.bucket), 'Arn'] };
      expect(rolePermissions(stack, logicalId(stack, caller))).toEqual(permissionsOf([
        { Action: 'sagemaker:InvokeEndpointAsync', Effect: 'Allow', Resource: { Ref: stack.getLogicalId(ep.endpoint) } },
        { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [bucketArn, '/input/*']] } },
        { Action: 's3:GetObject', Effect: 'Allow', Resource: [{ 'Fn::Join': ['', [bucketArn, '/output/*']] }, { 'Fn::Join': ['', [bucketArn, '/failure/*']] }] },
      ]));
    });

    test('backlog metrics name the endpoint only', () => {
      // GIVEN
      const { stack } = testStack();
      const ep = asyncEndpoint(stack);
      // WHEN
      const metric = ep.metricApproximateBacklogSize();
      // THEN
      expect(stack.resolve(metric.dimensions)).toEqual({ EndpointName: { 'Fn::GetAtt': [stack.getLogicalId(ep.endpoint), 'EndpointName'] } });
      expect(ep.metricHasBacklogWithoutCapacity().period.toSeconds()).toBe(60);
      expect(ep.metricApproximateBacklogSizePerInstance().statistic).toBe('Average');
      expect(Object.keys(stack.resolve(ep.metricModelLatency().dimensions))).toEqual(['EndpointName', 'VariantName']);
    });

    test('synthesizes clean under cdk-nag AwsSolutions and the CostAware pack', () => {
      // GIVEN
      const app = testApp();
      addChecks(app, { requireBudget: false }); // budgets are BudgetGuard's subject, not this construct's
      const stack = new Stack(app, 'Nag', { env: { region: 'us-east-1', account: '123456789012' } });
      asyncEndpoint(stack);
      // WHEN / THEN a violation would make synth throw
      expect(() => app.synth()).not.toThrow();
    });
  });

  describe('cost', () => {
    test('floor $0 (scales to zero), ceiling maxCapacity all month at the async rate', () => {
      // GIVEN
      const { app, stack } = testStack();
      asyncEndpoint(stack, { traffic: AsyncTrafficProfile.constant({ requestsPerHour: 0, processingTimePerRequest: Duration.seconds(30) }) });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Extractor/Config');
      // THEN floor 0; expected 0 (no requests); ceiling 3 × 730 h × $2.8026
      expect(line.price).toMatchObject({ sku: 'ml.g6e.2xlarge', usage: PriceUsage.ASYNC, region: 'us-east-1' });
      expect(line.monthlyUsd.floor).toBe(0);
      expect(line.monthlyUsd.expected).toBe(0);
      expect(line.monthlyUsd.ceiling).toBeCloseTo(3 * 730 * HOURLY, 2);
    });

    test('constant steady requests keep one instance all month', () => {
      // GIVEN 60 requests/hour × 30 s = 0.5 busy instance-hours each hour; one arrives every 60 s,
      // well inside the 15-minute scale-in tail, so one instance runs all hour
      const { app, stack } = testStack();
      asyncEndpoint(stack, { traffic: AsyncTrafficProfile.constant({ requestsPerHour: 60, processingTimePerRequest: Duration.seconds(30) }) });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Extractor/Config');
      // THEN 1 × 730 h × $2.8026
      expect(line.monthlyUsd.expected).toBeCloseTo(1 * 730 * HOURLY, 2);
      expect(line.assumptions).toContain('busy instance-hours = requests × 30 s ÷ 1 = 365 a month (43,800 requests)');
    });

    test('constant sparse requests: each wakes an instance for processing time plus the 15-minute tail', () => {
      // GIVEN 2 requests/hour × 60 s: one every 30 min, longer than 60 s + 15 min, so each pays 60 s + 900 s
      const { app, stack } = testStack();
      asyncEndpoint(stack, { traffic: AsyncTrafficProfile.constant({ requestsPerHour: 2, processingTimePerRequest: Duration.seconds(60) }) });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Extractor/Config');
      // THEN 2 × (60 + 900) / 3600 = 0.5333 instances on average → × 730 h × $2.8026
      expect(line.monthlyUsd.expected).toBeCloseTo(2 * (60 + 900) / 3600 * 730 * HOURLY, 2);
    });

    test('hourly profile: an 8-hour working day, its wake from zero and one scale-in tail a day', () => {
      // GIVEN 120 requests/hour from 9:00 to 17:00, 30 s each: 120 × 30 / 3600 = 1 busy instance each hour
      const day = [...new Array(9).fill(0), ...new Array(8).fill(120), ...new Array(7).fill(0)];
      const { app, stack } = testStack();
      const ep = asyncEndpoint(stack, { traffic: AsyncTrafficProfile.hourly(day, Duration.seconds(30)) });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Extractor/Config');
      // THEN busy hours: 1 instance keeps up exactly (1 request in process, under the backlog target of 5).
      // Waking at 9:00: 2 min of alarm + 5 min of provisioning queue 420 / 30 = 14 requests; 3 min later
      // target tracking asks ceil(14 / 5) = 3 (maxCapacity 3), in service 5 min on; they drain the 13
      // queued beyond the one in process at 3/30 − 1/30 requests/s (195 s), then stay 15 min (scale-in).
      // That is 480 s at 1 + 1,095 s at 3 = 3,765 instance-seconds over 1,995 s, 1,770 more than 1 instance:
      // +0.4917 h. After 17:00 the instance stays for the 15-minute tail (0.25 h).
      const perDay = 8 + 1770 / 3600 + 0.25;
      expect(ep.simulation!.averageInstances).toBeCloseTo(perDay / 24, 9);
      expect(line.monthlyUsd.expected).toBeCloseTo(perDay / 24 * 730 * HOURLY, 2);
    });

    test('concurrency divides busy time; work above maxCapacity is clamped and reported', () => {
      // GIVEN 720 requests/hour × 30 s ÷ 2 per instance = 3 busy instances, maxCapacity 2
      const { app, stack } = testStack();
      asyncEndpoint(stack, {
        maxCapacity: 2, maxConcurrentInvocationsPerInstance: 2,
        traffic: AsyncTrafficProfile.constant({ requestsPerHour: 720, processingTimePerRequest: Duration.seconds(30) }),
      });
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Extractor/Config');
      // THEN min(2, 3) × 730 h × $2.8026
      expect(line.monthlyUsd.expected).toBeCloseTo(2 * 730 * HOURLY, 2);
      expect(line.assumptions).toContain('work exceeds maxCapacity in 100% of hours: the backlog grows then');
    });
  });

  describe('validation', () => {
    test('fails when minCapacity is above 0 with scaleToZero', () => {
      const { stack } = testStack();
      expect(() => asyncEndpoint(stack, { minCapacity: 1 }))
        .toThrow('minCapacity must be 0 when scaleToZero is true (set scaleToZero: false to keep instances warm), got: 1');
    });

    test('fails when maxCapacity is below minCapacity', () => {
      const { stack } = testStack();
      expect(() => asyncEndpoint(stack, { scaleToZero: false, minCapacity: 3, maxCapacity: 2 })).toThrow('maxCapacity must be at least minCapacity (3), got: 2');
    });

    test('fails when the concurrency per instance is out of range', () => {
      const { stack } = testStack();
      expect(() => asyncEndpoint(stack, { maxConcurrentInvocationsPerInstance: 0 }))
        .toThrow('maxConcurrentInvocationsPerInstance must be a whole number from 1 to 1000, got: 0');
    });

    test('fails when the instance type is burstable or unknown', () => {
      const { stack } = testStack();
      expect(() => asyncEndpoint(stack, { instanceType: 'ml.t2.medium' }, 'A')).toThrow("instanceType 'ml.t2.medium' is a burstable type");
      expect(() => asyncEndpoint(stack, { instanceType: 'ml.g6e.2xlarg' }, 'B')).toThrow("did you mean 'ml.g6e.2xlarge'");
    });
  });
});
