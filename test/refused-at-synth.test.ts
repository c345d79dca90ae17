import { Annotations as CoreAnnotations, Duration, Stack, TimeZone, aws_iam as iam, aws_s3 as s3, aws_sagemaker as sagemaker, aws_sns as sns, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AsyncEndpoint, BatchTransformPipeline, BedrockBatchJob, BudgetApprovalModel, BudgetGuard, BudgetSpendKind, IdleNotebookStopper,
  InferenceFleet, InferenceFleetProps, ModelData, ModelImage, RealtimeEndpoint, RealtimeEndpointProps, ScheduledCapacityWindow,
  SpotTrainingJob, SpotTrainingJobProps, WindowDays,
} from '../lib';
import { reportOf, testStack } from './helpers';

// One test (at least) per class of mistake that used to pass synth and fail at deploy, fail
// every run, or deploy something else than meant (issue 13). Each asserts the message: the prop,
// the value, what is allowed and the fix.

const US_IMAGE = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310';
const EU_IMAGE = '763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310';

function realtime(stack: Stack, props: Partial<RealtimeEndpointProps> = {}, id = 'Chat'): RealtimeEndpoint {
  return new RealtimeEndpoint(stack, id, {
    model: { image: ModelImage.fromImageUri(stack.region === 'eu-west-1' ? EU_IMAGE : US_IMAGE) },
    instanceType: 'ml.g5.xlarge',
    maxCapacity: 4,
    maxRequestsPerSecondPerInstance: 2,
    ...props,
  });
}

function fleet(stack: Stack, props: Partial<InferenceFleetProps> = {}): InferenceFleet {
  return new InferenceFleet(stack, 'Fleet', {
    instanceTypes: ['inf2.xlarge'],
    maxCapacity: 4,
    maxRequestsPerSecondPerInstance: 2.5,
    serving: { container: { image: 'vllm/vllm-openai:v0.6.3' } },
    ...props,
  });
}

function training(stack: Stack, props: Partial<SpotTrainingJobProps> = {}): SpotTrainingJob {
  const data = new s3.Bucket(stack, 'Data');
  return new SpotTrainingJob(stack, 'Train', {
    image: tasks.DockerImage.fromRegistry(stack.region === 'eu-west-1' ? EU_IMAGE : US_IMAGE),
    inputs: [{ channelName: 'train', bucket: data, prefix: 'train/' }],
    output: { bucket: data, prefix: 'models/' },
    instanceType: 'ml.g5.2xlarge',
    maxRuntime: Duration.hours(12),
    maxWaitTime: Duration.hours(24),
    ...props,
  });
}

function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('instance types are checked against the catalog of their use', () => {
  test('fails when a RealtimeEndpoint is given a type that does not exist (ml.g5.large)', () => {
    const { stack } = testStack();
    const message = errorOf(() => realtime(stack, { instanceType: 'ml.g5.large' }));
    expect(message).toMatch(/^Invalid RealtimeEndpoint props at TestStack\/Chat:\n  - instanceType: 'ml\.g5\.large' is not an instance type SageMaker hosting \(real-time and async endpoints\) offers; expected one such as 'ml\.g5\.xlarge' from @aws-sdk\/client-sagemaker [\d.]+ ProductionVariantInstanceType; did you mean /);
  });

  test('fails when an AsyncEndpoint is given ml.g6e.large', () => {
    const { stack } = testStack();
    expect(() => new AsyncEndpoint(stack, 'Async', { model: { image: ModelImage.fromImageUri(US_IMAGE) }, instanceType: 'ml.g6e.large', maxCapacity: 2 }))
      .toThrow(/instanceType: 'ml\.g6e\.large' is not an instance type SageMaker hosting .* offers; .*did you mean 'ml\.g6e\.xlarge'\?/);
  });

  test('fails when a SpotTrainingJob is given a type training does not offer', () => {
    const { stack } = testStack();
    expect(() => training(stack, { instanceType: 'ml.c5d.xlarge' }))
      .toThrow("instanceType: 'ml.c5d.xlarge' is not an instance type SageMaker training offers (it exists for SageMaker hosting (real-time and async endpoints), SageMaker notebook instances, but SageMaker training does not offer it)");
  });

  test('fails when an InferenceFleet is given g5.large', () => {
    const { stack } = testStack();
    expect(() => fleet(stack, { instanceTypes: ['g5.large'] })).toThrow(/instanceTypes\[0\]: 'g5\.large' is not an instance type EC2 offers; .*did you mean 'g5\.xlarge'\?/);
  });

  test('fails when a BatchTransformPipeline is given an EC2 name, suggesting its SageMaker name', () => {
    const { stack } = testStack();
    const data = new s3.Bucket(stack, 'Data');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    expect(() => new BatchTransformPipeline(stack, 'Scoring', {
      modelName: 'churn-model', modelExecutionRole: role, input: { bucket: data, prefix: 'in/' }, output: { bucket: data, prefix: 'out/' },
      instanceType: 'm5.xlarge',
    })).toThrow(/instanceType: 'm5\.xlarge' is not an instance type SageMaker batch transform offers \(it exists for EC2, .*\); .*did you mean 'ml\.m5\.xlarge'\?$/m);
  });

  test('fails when a notebook the stopper covers has a type notebooks are not offered on', () => {
    const { stack } = testStack();
    const notebook = new sagemaker.CfnNotebookInstance(stack, 'Nb', { instanceType: 'ml.g5.large', roleArn: 'arn:aws:iam::123456789012:role/ds' });
    expect(() => new IdleNotebookStopper(stack, 'Stopper', { notebooks: [notebook], workingHours: { timeZone: TimeZone.ETC_UTC } }))
      .toThrow(/Invalid IdleNotebookStopper props at TestStack\/Stopper:\n  - notebooks \(TestStack\/Nb\)\.instanceType: 'ml\.g5\.large' is not an instance type SageMaker notebook instances offers/);
  });
});

describe('closed sets are checked at run time (JavaScript callers)', () => {
  test("fails when a window's days is 'weekend' instead of falling through to every day", () => {
    const { stack } = testStack();
    const window = { name: 'Weekend', startHour: 0, endHour: 23, days: 'weekend', minCapacity: 1, maxCapacity: 1 } as unknown as ScheduledCapacityWindow;
    expect(() => realtime(stack, { scheduledCapacity: [window] })).toThrow(
      "scheduledCapacity[0].days must be one of WindowDays.EVERY_DAY ('every-day'), WindowDays.WEEKDAYS ('weekdays'), " +
      "WindowDays.WEEKENDS ('weekends'), got: 'weekend'; did you mean 'weekends'?");
    expect(() => fleet(testStack().stack, { scaling: { scheduledWindows: [window] } })).toThrow("scaling.scheduledWindows[0].days must be one of WindowDays.EVERY_DAY");
  });

  test("fails when a budget notification's kind is 'FORECAST'", () => {
    const { stack } = testStack();
    expect(() => new BudgetGuard(stack, 'Budget', { emails: ['a@example.com'], notifications: [{ thresholdPercent: 80, kind: 'FORECAST' as BudgetSpendKind }] }))
      .toThrow("notifications[0].kind must be one of BudgetSpendKind.ACTUAL ('ACTUAL'), BudgetSpendKind.FORECASTED ('FORECASTED'), got: 'FORECAST'; did you mean 'FORECASTED'?");
  });

  test("fails when the deny policy's approval is 'AUTO'", () => {
    const { stack } = testStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => new BudgetGuard(stack, 'Budget', { emails: ['a@example.com'], denyPolicy: { roles: [role], approval: 'AUTO' as BudgetApprovalModel } }))
      .toThrow("denyPolicy.approval must be one of BudgetApprovalModel.MANUAL ('MANUAL'), BudgetApprovalModel.AUTOMATIC ('AUTOMATIC'), got: 'AUTO'");
  });

  test('the enum values are the strings the templates had, so templates are unchanged', () => {
    const { stack } = testStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    new BudgetGuard(stack, 'Budget', {
      amountUsd: 100, emails: ['a@example.com'],
      notifications: [{ thresholdPercent: 80, kind: BudgetSpendKind.FORECASTED }],
      denyPolicy: { roles: [role], approval: BudgetApprovalModel.AUTOMATIC },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Budgets::Budget', { NotificationsWithSubscribers: [Match.objectLike({ Notification: Match.objectLike({ NotificationType: 'FORECASTED' }) })] });
    template.hasResourceProperties('AWS::Budgets::BudgetsAction', { ApprovalModel: 'AUTOMATIC' });
  });
});

describe('fleet purchase options and weights', () => {
  test('fails when a Spot allocation strategy is not one of SpotAllocationStrategy', () => {
    const { stack } = testStack();
    expect(() => fleet(stack, { purchase: { spotAllocationStrategy: 'cheapest' as any } }))
      .toThrow(/purchase\.spotAllocationStrategy must be one of SpotAllocationStrategy\.LOWEST_PRICE \('lowest-price'\), .*got: 'cheapest'/);
  });

  test('fails when a weight names a type the fleet does not list, or a JavaScript caller passes the old object form', () => {
    const { stack } = testStack();
    const message = errorOf(() => fleet(stack, {
      instanceTypes: ['g5.xlarge', { instanceType: 'g5.2xlarge', weight: 2 } as unknown as string],
      instanceWeights: { 'g5.4xlarge': 4 },
    }));
    expect(message).toContain(`instanceTypes[1] must be an EC2 instance type name (a string), got: {"instanceType":"g5.2xlarge","weight":2}; give weights in instanceWeights, e.g. instanceWeights: { 'g5.2xlarge': 2 }`);
    expect(message).toContain("instanceWeights names 'g5.4xlarge', which is not one of instanceTypes ('g5.xlarge')");
  });
});

describe('time zones of scaling windows', () => {
  const nights = { name: 'Nights', startHour: 1, endHour: 7, days: WindowDays.WEEKDAYS, minCapacity: 1, maxCapacity: 2 };

  test("fails when a window's time zone is not an IANA zone ('Europe/Pariss'), with the closest zone", () => {
    const { stack } = testStack();
    expect(() => realtime(stack, { scheduledCapacity: [{ ...nights, timeZone: TimeZone.of('Europe/Pariss') }] }))
      .toThrow("scheduledCapacity[0].timeZone must be an IANA time zone such as 'Europe/Paris' or 'UTC', got: 'Europe/Pariss'; did you mean 'Europe/Paris'?");
  });

  test("fails when a raw string time zone from JavaScript is not a zone ('US/Eastern Time')", () => {
    const { stack } = testStack();
    expect(() => fleet(stack, { scaling: { scheduledWindows: [{ ...nights, timeZone: 'US/Eastern Time' as unknown as TimeZone }] } }))
      .toThrow("scaling.scheduledWindows[0].timeZone must be an IANA time zone such as 'Europe/Paris' or 'UTC', got: 'US/Eastern Time'");
  });

  test("fails when a zone is spelled in the wrong case ('europe/paris')", () => {
    const { stack } = testStack();
    expect(() => realtime(stack, { scheduledCapacity: [{ ...nights, timeZone: TimeZone.of('europe/paris') }] }))
      .toThrow("got: 'europe/paris'; did you mean 'Europe/Paris'?");
  });

  test('accepts a link AWS knows (US/Eastern) and a raw IANA name from JavaScript, and deploys them as given', () => {
    const { stack } = testStack();
    realtime(stack, { scheduledCapacity: [{ ...nights, timeZone: TimeZone.of('US/Eastern') }] });
    fleet(stack, { scaling: { scheduledWindows: [{ ...nights, timeZone: 'Europe/Paris' as unknown as TimeZone }] } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: Match.arrayWith([Match.objectLike({ Timezone: 'US/Eastern' })]),
    });
    template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { TimeZone: 'Europe/Paris' });
  });
});

describe('names AWS constrains', () => {
  test('fails when a transform model name has an underscore, with a name that works', () => {
    const { stack } = testStack();
    const data = new s3.Bucket(stack, 'Data');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    expect(() => new BatchTransformPipeline(stack, 'Scoring', {
      modelName: 'churn_model_v2', modelExecutionRole: role, input: { bucket: data, prefix: 'in/' }, output: { bucket: data, prefix: 'out/' },
      instanceType: 'ml.m5.xlarge',
    })).toThrow("modelName must be 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit, got: 'churn_model_v2' (e.g. 'churn-model-v2')");
  });

  test("fails when a budget name has ':'", () => {
    const { stack } = testStack();
    expect(() => new BudgetGuard(stack, 'Budget', { emails: ['a@example.com'], budgetName: 'ml:prod' }))
      .toThrow("budgetName must be 1 to 100 characters without ':' or '\\', got: 'ml:prod' (e.g. 'ml-prod')");
  });

  test('fails when two windows have the same name (duplicate scheduled actions, priced twice)', () => {
    const { stack } = testStack();
    const w = { name: 'Nights', startHour: 1, endHour: 7, minCapacity: 1, maxCapacity: 2 };
    expect(() => realtime(stack, { scheduledCapacity: [w, { ...w, startHour: 20, endHour: 23 }] }))
      .toThrow("scheduledCapacity[1].name 'Nights' is already the name of scheduledCapacity[0]: each window needs its own name (its scheduled actions are named after it)");
  });
});

describe('windows that overlap (a class the issue does not list)', () => {
  test('fails when two windows cover the same hour, since the end of one would end the other too', () => {
    const { stack } = testStack();
    const nights = { name: 'Nights', startHour: 20, endHour: 8, minCapacity: 1, maxCapacity: 1 };
    const weekends = { name: 'Weekends', startHour: 0, endHour: 23, days: WindowDays.WEEKENDS, minCapacity: 1, maxCapacity: 2 };
    expect(() => realtime(stack, { scheduledCapacity: [nights, weekends] })).toThrow(
      "scheduledCapacity[1] ('Weekends') overlaps scheduledCapacity[0] ('Nights'), e.g. Saturday 0:00: the end of one would restore the normal bounds inside the other; make the windows disjoint");
  });
});

describe('addresses and URIs', () => {
  test("fails when an email has no '@' or is empty (a split of an empty variable)", () => {
    const { stack } = testStack();
    const message = errorOf(() => new BudgetGuard(stack, 'Budget', { emails: ['ml-team', ''] }));
    expect(message).toContain("  - emails[0] must be an email address such as 'ml-team@example.com', got: 'ml-team'");
    expect(message).toContain("  - emails[1] must be an email address such as 'ml-team@example.com', got: '' (an empty string: was it split from an empty environment variable?)");
  });

  test('fails at synth when emails is [] and nothing subscribes to the alert topic', () => {
    const { app, stack } = testStack();
    new BudgetGuard(stack, 'Budget', { emails: [] });
    expect(() => app.synth()).toThrow(/Invalid BudgetGuard props at TestStack\/Budget:\n  - emails is \[\] and nothing subscribes to alertTopic, so no alert reaches anyone/);
  });

  test('accepts emails: [] when the alert topic has a subscriber, and warns when no emails are given and nothing subscribes', () => {
    const { app, stack } = testStack();
    const subscribed = new BudgetGuard(stack, 'Subscribed', { emails: [], accountWide: true });
    new sns.Subscription(stack, 'Pager', { topic: subscribed.alertTopic, protocol: sns.SubscriptionProtocol.HTTPS, endpoint: 'https://pager.example.com/hook' });
    new BudgetGuard(stack, 'Silent', { amountUsd: 10, accountWide: true });
    app.synth();
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/TestStack/Silent', Match.stringLikeRegexp('no emails and nothing subscribes to alertTopic.*\\[ack: cdk-cost-aware-inference:BudgetAlertsUnsubscribed\\]'));
    expect(annotations.findWarning('/TestStack/Subscribed', Match.anyValue())).toHaveLength(0);
  });

  test("fails when ModelData.fromBucket is given an s3:// URI instead of a key", () => {
    const { stack } = testStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Models', 'my-models');
    expect(() => realtime(stack, { model: { image: ModelImage.fromImageUri(US_IMAGE), modelData: ModelData.fromBucket(bucket, 's3://my-models/chat/model.tar.gz') } }))
      .toThrow("modelData (the key of ModelData.fromBucket) must be a key or prefix inside the bucket, not an s3:// URI, got: 's3://my-models/chat/model.tar.gz' (the bucket is given separately: use 'chat/model.tar.gz' with bucket 'my-models')");
  });

  test('fails when checkpointPrefix or a job location prefix is an s3:// URI', () => {
    const { stack } = testStack();
    const message = errorOf(() => training(stack, { checkpointPrefix: 's3://ckpt/runs/' }));
    expect(message).toContain("checkpointPrefix must be a key or prefix inside the bucket, not an s3:// URI, got: 's3://ckpt/runs/' (the bucket is given separately: use 'runs/' with bucket 'ckpt')");
    const other = testStack().stack;
    const data = new s3.Bucket(other, 'Out');
    expect(() => training(other, { output: { bucket: data, prefix: 's3://out/models/' } })).toThrow("output.prefix must be a key or prefix inside the bucket, not an s3:// URI");
  });

  test('fails when an ECR image is in another region than the stack (model and training image)', () => {
    const { stack } = testStack('eu-west-1');
    expect(() => realtime(stack, { model: { image: ModelImage.fromImageUri(US_IMAGE) } }))
      .toThrow(/Invalid InferenceModel props at TestStack\/Chat\/Model:\n  - image '763104351884\.dkr\.ecr\.us-east-1\.amazonaws\.com\/pytorch-inference:2\.1\.0-gpu-py310' is in the ECR registry of us-east-1, but the stack deploys to eu-west-1: SageMaker pulls images from its own Region only/);
    const other = testStack('eu-west-1').stack;
    expect(() => training(other, { image: tasks.DockerImage.fromRegistry(US_IMAGE) })).toThrow(/Invalid SpotTrainingJob props at TestStack\/Train:\n  - image '.*' is in the ECR registry of us-east-1, but the stack deploys to eu-west-1/);
  });

  test('accepts an ECR image of the stack region, and any image when the stack region is unknown', () => {
    realtime(testStack('eu-west-1').stack);
    const agnostic = new Stack(testStack().app, 'Agnostic');
    expect(() => realtime(agnostic, { model: { image: ModelImage.fromImageUri(US_IMAGE) } })).not.toThrow();
  });
});

describe('values out of the range AWS takes', () => {
  function asyncWith(payloadExpiration: Duration): AsyncEndpoint {
    const { stack } = testStack();
    return new AsyncEndpoint(stack, 'Async', { model: { image: ModelImage.fromImageUri(US_IMAGE) }, instanceType: 'ml.g6e.2xlarge', maxCapacity: 2, payloadExpiration });
  }

  test('fails when payloadExpiration is 0 days or not a whole number of days, naming the prop', () => {
    expect(() => asyncWith(Duration.days(0))).toThrow('payloadExpiration must be a whole number of days, at least 1 (S3 lifecycle rules expire objects by the day), got: 0 days (use e.g. Duration.days(1))');
    expect(() => asyncWith(Duration.hours(12))).toThrow('payloadExpiration must be a whole number of days, at least 1 (S3 lifecycle rules expire objects by the day), got: 12 hours (use e.g. Duration.days(1))');
  });

  function bedrock(region: string, modelId: string, costAllocationTags?: { [key: string]: string }): { stack: Stack; job: () => BedrockBatchJob } {
    const { stack } = testStack(region);
    const data = new s3.Bucket(stack, 'Data');
    return {
      stack,
      job: () => new BedrockBatchJob(stack, 'Summaries', {
        modelId, input: { bucket: data, prefix: 'in/' }, output: { bucket: data, prefix: 'out/' },
        recordsPerMonth: 1000, inputTokensPerRecord: 100, outputTokensPerRecord: 10, costAllocationTags,
      }),
    };
  }

  test('fails when a us. inference profile is used in an eu-west-1 stack, with the profile of its geography', () => {
    expect(bedrock('eu-west-1', 'us.anthropic.claude-3-haiku-20240307-v1:0').job).toThrow(
      "modelId 'us.anthropic.claude-3-haiku-20240307-v1:0' is a cross-Region inference profile of United States (us-*), which the stack's " +
      "Region eu-west-1 cannot call: use 'eu.anthropic.claude-3-haiku-20240307-v1:0' (the Europe (eu-*) profile) or 'anthropic.claude-3-haiku-20240307-v1:0'");
    expect(bedrock('us-west-2', 'us.anthropic.claude-3-haiku-20240307-v1:0').job).not.toThrow();
    expect(bedrock('ap-northeast-1', 'apac.anthropic.claude-3-haiku-20240307-v1:0').job).not.toThrow();
  });

  test('warns when costAllocationTags copies the profile from a model id the price book knows nowhere', () => {
    const { stack, job } = bedrock('us-east-1', 'anthropic.claude-3-haiku-20240307-v1', { team: 'support' });
    job();
    Annotations.fromStack(stack).hasWarning('/TestStack/Summaries', Match.stringLikeRegexp(
      "modelId 'anthropic\\.claude-3-haiku-20240307-v1' is not a model the price book knows in any Region, and costAllocationTags .*did you mean 'anthropic\\.claude-3-haiku-20240307-v1:0'\\?.*\\[ack: cdk-cost-aware-inference:BedrockModelUnknown\\]"));
  });
});

describe('names from the wrong service', () => {
  test("fails when costFilter.services names 'SageMaker' instead of 'Amazon SageMaker'", () => {
    const { stack } = testStack();
    expect(() => new BudgetGuard(stack, 'Budget', { emails: ['a@example.com'], costFilter: { services: ['SageMaker', 'amazon bedrock', 'Amazon Simple Storage Service'] } }))
      .toThrow([
        "  - costFilter.services[0] must be a service name as AWS Budgets spells it, got: 'SageMaker', which matches no service (the budget would stay at $0); did you mean 'Amazon SageMaker'?",
        "  - costFilter.services[1] must be a service name as AWS Budgets spells it, got: 'amazon bedrock', which matches no service (the budget would stay at $0); did you mean 'Amazon Bedrock'?",
      ].join('\n'));
  });

  test('passes through a service this library does not deploy', () => {
    const { stack } = testStack();
    expect(() => new BudgetGuard(stack, 'Budget', { emails: ['a@example.com'], costFilter: { services: ['Amazon Redshift'] } })).not.toThrow();
  });
});

describe('likely unit mistakes', () => {
  test('warns when thresholdPercent is a fraction (0.8 meant as 80)', () => {
    const { stack } = testStack();
    new BudgetGuard(stack, 'Budget', { emails: ['a@example.com'], notifications: [{ thresholdPercent: 0.8 }] });
    Annotations.fromStack(stack).hasWarning('/TestStack/Budget', Match.stringLikeRegexp(
      'notifications\\[0\\]\\.thresholdPercent is a percentage \\(0-100\\), got: 0\\.8, which reads as a fraction: did you mean 80\\?.*\\[ack: cdk-cost-aware-inference:PercentLooksLikeFraction\\]'));
  });

  test('warns when measuredSpotSavingsPercent is 0.7 (meant 70), and the warning can be acknowledged', () => {
    const { stack } = testStack();
    training(stack, { measuredSpotSavingsPercent: 0.7 });
    Annotations.fromStack(stack).hasWarning('/TestStack/Train', Match.stringLikeRegexp('measuredSpotSavingsPercent is a percentage \\(0-100\\), got: 0\\.7.*did you mean 70\\?'));
    // Acknowledged on the stack (before the construct warns), it stays out.
    const acked = testStack().stack;
    CoreAnnotations.of(acked).acknowledgeWarning('cdk-cost-aware-inference:PercentLooksLikeFraction', 'we mean 0.7%');
    training(acked, { measuredSpotSavingsPercent: 0.7 });
    expect(Annotations.fromStack(acked).findWarning('*', Match.stringLikeRegexp('PercentLooksLikeFraction'))).toHaveLength(0);
  });

  test('warns when a fleet estimatedSpotSavingsPercent is 0.5 (meant 50)', () => {
    const { stack } = testStack();
    fleet(stack, { purchase: { estimatedSpotSavingsPercent: 0.5 } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Fleet', Match.stringLikeRegexp('purchase\\.estimatedSpotSavingsPercent is a percentage .*did you mean 50\\?'));
  });

  test("fails when a capacity is the string '8', saying the type is wrong", () => {
    const { stack } = testStack();
    expect(() => realtime(stack, { maxCapacity: '8' as unknown as number })).toThrow("maxCapacity must be a number, got the string '8'");
    expect(() => fleet(testStack().stack, { maxCapacity: '8' as unknown as number })).toThrow("maxCapacity must be a number, got the string '8'");
  });
});

describe('regions', () => {
  test("fails when the stack's region is not a region (us-east1), with the closest code", () => {
    const { app, stack } = testStack('us-east1');
    new BudgetGuard(stack, 'Budget', { amountUsd: 10, emails: ['a@example.com'] });
    expect(() => reportOf(app)).toThrow(
      "Invalid CostReport props at TestStack:\n  - region (the env of stack TestStack) must be an AWS region code such as 'us-east-1', got: 'us-east1' (not a region aws-cdk-lib knows); did you mean 'us-east-1'?");
  });

  test('fails when the report region context is not a region (xx-east-9)', () => {
    const { app } = testStack();
    const agnostic = new Stack(app, 'Agnostic');
    agnostic.node.setContext('cdk-cost-aware-inference:region', 'xx-east-9');
    new BudgetGuard(agnostic, 'Budget', { amountUsd: 10, emails: ['a@example.com'] });
    expect(() => reportOf(app)).toThrow("context cdk-cost-aware-inference:region must be an AWS region code such as 'us-east-1', got: 'xx-east-9' (not a region aws-cdk-lib knows)");
  });
});
