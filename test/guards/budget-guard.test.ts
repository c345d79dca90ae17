import {
  Duration, Stack, aws_applicationautoscaling as appscaling, aws_events as events, aws_events_targets as targets, aws_iam as iam,
  aws_sagemaker as sagemaker, aws_sns as sns, aws_stepfunctions as sfn,
} from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BudgetApprovalModel, BudgetGuard, BudgetSpendKind, CostReport } from '../../lib';
import { killSwitchTargetsOf } from '../../lib/guards/budget-guard';
import { lineAt, permissionsOf, policyPermissions, reportOf, testApp, testStack } from '../helpers';
import { PriceUsage } from '../../lib/pricing/price-entry';

/** A g5.xlarge endpoint autoscaled between 1 and `maxCapacity`, with traffic that would use 6 instances. */
function autoscaledEndpoint(stack: Stack, maxCapacity: number): appscaling.CfnScalableTarget {
  const config = new sagemaker.CfnEndpointConfig(stack, 'Config', {
    productionVariants: [{ variantName: 'AllTraffic', modelName: 'model', instanceType: 'ml.g5.xlarge', initialInstanceCount: 1 }],
  });
  const endpoint = new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: config.attrEndpointConfigName });
  // What an endpoint construct records from its traffic profile: 6 instances every hour.
  CostReport.of(stack).recordVariantUsage(config, { variantName: 'AllTraffic', hourlyDemand: new Array(168).fill(6), assumptions: ['peak traffic all month'] });
  return new appscaling.CfnScalableTarget(stack, 'Target', {
    serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    resourceId: `endpoint/${endpoint.attrEndpointName}/variant/AllTraffic`, minCapacity: 1, maxCapacity,
  });
}

describe('BudgetGuard with defaults', () => {
  const { app, stack } = testStack();
  autoscaledEndpoint(stack, 4);
  const guard = new BudgetGuard(stack, 'Budget');
  let template: Template;
  beforeAll(() => { template = Template.fromStack(stack); });

  test('is a monthly cost budget at the projected expected cost plus 20%, notifying the alert topic at 80% forecasted and 100% actual', () => {
    // expected: 4 instances (6 clamped to max 4) × 730 h × $1.4084 (ml.g5.xlarge hosting) + the KMS key and SNS lines
    const expected = reportOf(app).totals.monthlyUsd.expected;
    expect(guard.projectedAmountUsd()).toBe(Math.ceil(expected * 1.2));
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: {
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: Math.ceil(expected * 1.2), Unit: 'USD' },
      },
      NotificationsWithSubscribers: [
        {
          Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^BudgetAlertTopic') } }],
        },
        {
          Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^BudgetAlertTopic') } }],
        },
      ],
    });
  });

  test('counts only the spend of the app\'s stacks, through a cost allocation tag it puts on every resource', () => {
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ CostFilters: { TagKeyValue: ['user:cost-aware:budget$TestStack/Budget'] } }),
    });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { Tags: [{ Key: 'cost-aware:budget', Value: 'TestStack/Budget' }] });
    expect(guard.costAllocationTag).toEqual({ key: 'cost-aware:budget', value: 'TestStack/Budget' });
    expect(guard.guardedStacks).toEqual([stack]);
  });

  test('encrypts the alert topic with a rotating key that AWS Budgets may use, and lets only this account\'s budgets publish', () => {
    const keys = Object.values<any>(template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } }));
    expect(keys).toHaveLength(1);
    // the statements that name AWS Budgets (minimizePolicies may merge it with another service's principal)
    const forBudgets = keys[0].Properties.KeyPolicy.Statement.filter((st: any) => [st.Principal?.Service].flat().includes('budgets.amazonaws.com'));
    const thisAccount = { StringEquals: { 'aws:SourceAccount': '123456789012' } };
    expect(permissionsOf(forBudgets)).toEqual(permissionsOf([
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', Condition: thisAccount },
    ]));
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BudgetTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([
      Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      Match.objectLike({
        Action: 'sns:Publish', Effect: 'Allow', Principal: { Service: 'budgets.amazonaws.com' }, Resource: { Ref: Match.stringLikeRegexp('^BudgetAlertTopic') },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:budgets::123456789012:*' },
        },
      }),
    ]), Version: '2012-10-17' } });
  });

  test('has no budget action and no kill switch', () => {
    template.resourceCountIs('AWS::Budgets::BudgetsAction', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(guard.denyAction).toBeUndefined();
    expect(guard.killSwitchFunction).toBeUndefined();
  });

  test('a budget without actions costs nothing, so it has no line in the report', () => {
    expect(reportOf(app).lines.filter(l => l.resourceType === 'AWS::Budgets::Budget')).toEqual([]);
  });

  test('prices the topic key at one key-month', () => {
    const line = lineAt(reportOf(app), 'TestStack/Budget/TopicKey');
    expect(line.price).toMatchObject({ usage: PriceUsage.KEY_MONTH, sku: 'customer-managed-key', region: 'us-east-1' });
    // 1 key × $1 a month
    expect(line.monthlyUsd.expected).toBeCloseTo(1 * 1, 2);
  });
});

describe('BudgetGuard amount follows the report', () => {
  function amountWithMaxCapacity(maxCapacity: number): { amount: number; expected: number } {
    const { app, stack } = testStack();
    autoscaledEndpoint(stack, maxCapacity);
    new BudgetGuard(stack, 'Budget', { headroomPercent: 10 });
    const budget = Object.values<any>(Template.fromStack(stack).findResources('AWS::Budgets::Budget'))[0];
    return { amount: budget.Properties.Budget.BudgetLimit.Amount, expected: reportOf(app).totals.monthlyUsd.expected };
  }

  test('raising an endpoint\'s max capacity raises the budget with it', () => {
    // WHEN
    const small = amountWithMaxCapacity(2);
    const large = amountWithMaxCapacity(5);
    // THEN the endpoint line moves from 2 to 5 instances (traffic wants 6): 3 × 730 h × $1.4084 more
    expect(large.expected - small.expected).toBeCloseTo(3 * 730 * 1.4084, 1);
    expect(small.amount).toBe(Math.ceil(small.expected * 1.1));
    expect(large.amount).toBe(Math.ceil(large.expected * 1.1));
  });
});

describe('BudgetGuard with a deny policy, a kill switch, emails and a filter', () => {
  const { app, stack } = testStack();
  autoscaledEndpoint(stack, 4);
  new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.g5.xlarge', roleArn: 'arn:aws:iam::123456789012:role/ds' });
  const scientists = new iam.Role(stack, 'Scientists', { assumedBy: new iam.AccountRootPrincipal() });
  const group = new iam.Group(stack, 'MlTeam');
  const guard = new BudgetGuard(stack, 'Budget', {
    amountUsd: 5000,
    budgetName: 'ml-platform',
    emails: ['finops@example.com'],
    costFilter: { tags: { project: ['chatbot', 'search'] }, services: ['Amazon SageMaker'] },
    denyPolicy: { roles: [scientists], groups: [group], approval: BudgetApprovalModel.AUTOMATIC },
    killSwitch: { dryRun: true },
  });
  let template: Template;
  beforeAll(() => { template = Template.fromStack(stack); });

  test('uses the fixed amount and the filter; the alert topic hears every breach, and the kill switch hears the same breach as an absolute amount', () => {
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({
        BudgetName: 'ml-platform',
        BudgetLimit: { Amount: 5000, Unit: 'USD' },
        CostFilters: { TagKeyValue: ['user:project$chatbot', 'user:project$search'], Service: ['Amazon SageMaker'] },
      }),
      NotificationsWithSubscribers: [
        Match.objectLike({
          Notification: Match.objectLike({ NotificationType: 'FORECASTED', Threshold: 80 }),
          Subscribers: [
            { SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^BudgetAlertTopic') } },
            { SubscriptionType: 'EMAIL', Address: 'finops@example.com' },
          ],
        }),
        Match.objectLike({
          Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
          Subscribers: [
            { SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^BudgetAlertTopic') } },
            { SubscriptionType: 'EMAIL', Address: 'finops@example.com' },
          ],
        }),
        {
          // 100% of $5,000
          Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 5000, ThresholdType: 'ABSOLUTE_VALUE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^BudgetKillSwitchTopic') } }],
        },
      ],
    });
  });

  test('attaches a deny policy on new GPU spend to the named role and group, automatically at 100% actual', () => {
    template.hasResourceProperties('AWS::Budgets::BudgetsAction', {
      BudgetName: { Ref: Match.stringLikeRegexp('^Budget') },
      ActionType: 'APPLY_IAM_POLICY',
      NotificationType: 'ACTUAL',
      ActionThreshold: { Type: 'PERCENTAGE', Value: 100 },
      ApprovalModel: 'AUTOMATIC',
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BudgetActionRole'), 'Arn'] },
      Definition: { IamActionDefinition: {
        PolicyArn: { Ref: Match.stringLikeRegexp('^BudgetDenyPolicy') },
        Roles: [{ Ref: Match.stringLikeRegexp('^Scientists') }],
        Groups: [{ Ref: Match.stringLikeRegexp('^MlTeam') }],
      } },
      Subscribers: [{ Type: 'EMAIL', Address: 'finops@example.com' }],
    });
    const managed = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(managed).toHaveLength(1);
    const statements = managed[0].Properties.PolicyDocument.Statement;
    // each Sid keeps its statement (minimizePolicies does not merge statements with a Sid); actions in any order
    expect(statements.map((st: any) => st.Sid)).toEqual(['DenyNewSageMakerSpend', 'DenyNewBedrockJobs', 'DenyCapacityIncreases', 'DenyAcceleratedInstances']);
    const deny = (Sid: string, Action: string[], Resource: unknown, Condition?: unknown) => ({ Sid, Effect: 'Deny', Action, Resource, ...(Condition ? { Condition } : {}) });
    const bySid = (sid: string) => permissionsOf(statements.filter((st: any) => st.Sid === sid));
    expect(bySid('DenyNewSageMakerSpend')).toEqual(permissionsOf([deny('DenyNewSageMakerSpend', [
      'sagemaker:CreateEndpoint', 'sagemaker:UpdateEndpoint', 'sagemaker:CreateEndpointConfig', 'sagemaker:UpdateEndpointWeightsAndCapacities',
      'sagemaker:CreateInferenceComponent', 'sagemaker:UpdateInferenceComponent', 'sagemaker:UpdateInferenceComponentRuntimeConfig',
      'sagemaker:CreateTrainingJob', 'sagemaker:CreateTransformJob', 'sagemaker:CreateProcessingJob', 'sagemaker:CreateHyperParameterTuningJob',
      'sagemaker:CreateNotebookInstance', 'sagemaker:StartNotebookInstance', 'sagemaker:UpdateNotebookInstance', 'sagemaker:CreateApp',
    ], '*')]));
    expect(bySid('DenyNewBedrockJobs')).toEqual(permissionsOf([deny('DenyNewBedrockJobs',
      ['bedrock:CreateModelInvocationJob', 'bedrock:CreateProvisionedModelThroughput', 'bedrock:UpdateProvisionedModelThroughput', 'bedrock:CreateModelCustomizationJob'], '*')]));
    expect(bySid('DenyCapacityIncreases')).toEqual(permissionsOf([deny('DenyCapacityIncreases',
      ['application-autoscaling:RegisterScalableTarget', 'application-autoscaling:PutScheduledAction', 'autoscaling:CreateAutoScalingGroup',
        'autoscaling:UpdateAutoScalingGroup', 'autoscaling:SetDesiredCapacity', 'autoscaling:PutScheduledUpdateGroupAction', 'autoscaling:ResumeProcesses'], '*')]));
    // every region: '*' in the ARN's region
    expect(bySid('DenyAcceleratedInstances')).toEqual(permissionsOf([deny('DenyAcceleratedInstances', ['ec2:RunInstances'], 'arn:aws:ec2:*:123456789012:instance/*',
      { StringLike: { 'ec2:InstanceType': ['p*', 'g*', 'inf*', 'trn*', 'dl*', 'f*', 'vt*'] } })]));
    expect(managed[0].Properties.PolicyDocument.Version).toBe('2012-10-17');
  });

  test('lets AWS Budgets attach and detach only that policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'budgets.amazonaws.com' } })] }),
    });
    const onlyThisPolicy = { ArnEquals: { 'iam:PolicyARN': { Ref: Match.stringLikeRegexp('^BudgetDenyPolicy') } } };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^BudgetActionRole') }],
      PolicyDocument: Match.objectLike({ Statement: [
        { Action: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'], Effect: 'Allow', Condition: onlyThisPolicy, Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Scientists'), 'Arn'] } },
        { Action: ['iam:AttachGroupPolicy', 'iam:DetachGroupPolicy'], Effect: 'Allow', Condition: onlyThisPolicy, Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MlTeam'), 'Arn'] } },
      ] }),
    });
  });

  test('gives the kill switch this stack\'s endpoint variants and notebooks, in dry run, subscribed to its topic', () => {
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: { Variables: {
        SCALABLE_TARGETS: { 'Fn::Join': ['', ['["endpoint/', { 'Fn::GetAtt': ['Endpoint', 'EndpointName'] }, '/variant/AllTraffic"]']] },
        ENDPOINTS: { 'Fn::Join': ['', ['["', { 'Fn::GetAtt': ['Endpoint', 'EndpointName'] }, '"]']] },
        NOTEBOOKS: { 'Fn::Join': ['', ['["', { 'Fn::GetAtt': ['Notebook', 'NotebookInstanceName'] }, '"]']] },
        AUTO_SCALING_GROUPS: '[]',
        RULES: '[]',
        STATE_MACHINES: '[]',
        KILL_SWITCH_TOPIC_ARN: { Ref: Match.stringLikeRegexp('^BudgetKillSwitchTopic') },
        BUDGET_NAME: { Ref: Match.stringLikeRegexp('^Budget') },
        DRY_RUN: 'true',
        ARMED: 'true',
        TOPIC_ARN: { Ref: Match.stringLikeRegexp('^BudgetAlertTopic') },
      } },
    }));
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda', TopicArn: { Ref: Match.stringLikeRegexp('^BudgetKillSwitchTopic') },
    });
    expect(killSwitchTargetsOf(guard).notebookNames).toHaveLength(1);
  });

  test('scopes the kill switch\'s permissions to what it acts on', () => {
    const allow = (Action: string[], Resource: unknown) => ({ Effect: 'Allow', Action, Resource });
    expect(policyPermissions(stack, 'kill-switch-targets')).toEqual(permissionsOf([
      allow(['application-autoscaling:DescribeScalableTargets', 'application-autoscaling:RegisterScalableTarget'], '*'),
      allow(['application-autoscaling:ListTagsForResource', 'application-autoscaling:TagResource', 'application-autoscaling:UntagResource'],
        'arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/*'),
      allow(['sagemaker:DescribeEndpoint', 'sagemaker:UpdateEndpointWeightsAndCapacities', 'sagemaker:ListTags', 'sagemaker:AddTags', 'sagemaker:DeleteTags'],
        'arn:aws:sagemaker:us-east-1:123456789012:endpoint/*'),
      allow(['sagemaker:DescribeNotebookInstance', 'sagemaker:StopNotebookInstance'], { 'Fn::GetAtt': ['Notebook', 'NotebookInstanceArn'] }),
    ]));
  });

  test('prices the action-enabled budget: free within the account\'s first two, $0.10 a day beyond', () => {
    const line = lineAt(reportOf(app), 'TestStack/Budget/Resource');
    expect(line.price).toMatchObject({ usage: PriceUsage.BUDGET_ACTION_DAY, sku: 'action-enabled-budget', region: 'us-east-1' });
    expect(line.unitPriceUsd).toBe(0.1);
    expect(line.monthlyUsd.expected).toBe(0);
    // ceiling: 730 / 24 days × $0.10
    expect(line.monthlyUsd.ceiling).toBeCloseTo(730 / 24 * 0.1, 2);
  });

  test('prices the kill switch at one run a month', () => {
    const line = lineAt(reportOf(app), 'TestStack/Budget/KillSwitch');
    // 1 run × 30 s × 0.25 GB = 7.5 GB-s × $0.0000133334 + 1 request × $0.0000002 = $0.0001: rounds to $0.00
    expect(line.quantity).toBeCloseTo(30 * 0.25, 4);
    expect(line.price).toMatchObject({ usage: PriceUsage.DURATION, sku: 'arm64' });
    expect(line.monthlyUsd.expected).toBe(0);
    expect(line.assumptions).toContain('fires at most once a month, when actual spend crosses the kill-switch threshold; 30 s at 256 MB');
  });
});

describe('BudgetGuard pricing across budgets', () => {
  test('a third action-enabled budget is billed every day', () => {
    // GIVEN three guards with budget actions
    const { app, stack } = testStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    for (const id of ['A', 'B', 'C']) new BudgetGuard(stack, id, { amountUsd: 100, accountWide: true, denyPolicy: { roles: [role] } });
    // WHEN
    const report = reportOf(app);
    // THEN 730 / 24 days × $0.10 for the third
    expect(lineAt(report, 'TestStack/A/Resource').monthlyUsd.expected).toBe(0);
    expect(lineAt(report, 'TestStack/B/Resource').monthlyUsd.expected).toBe(0);
    expect(lineAt(report, 'TestStack/C/Resource').monthlyUsd.expected).toBeCloseTo(730 / 24 * 0.1, 2);
  });
});

describe('BudgetGuard validation', () => {
  test('fails when props are out of range, naming every problem at once', () => {
    const { stack } = testStack();
    expect(() => new BudgetGuard(stack, 'Budget', {
      amountUsd: 0,
      headroomPercent: 10,
      notifications: [{ thresholdPercent: 50 }, { thresholdPercent: 50 }, { thresholdPercent: 0, kind: BudgetSpendKind.FORECASTED }],
      emails: Array.from({ length: 11 }, (_, i) => `p${i}@example.com`),
      denyPolicy: {},
    })).toThrow([
      'Invalid BudgetGuard props at TestStack/Budget:',
      '  - amountUsd must be a finite amount above 0, got: 0',
      '  - headroomPercent applies only when the amount follows the report; remove it or amountUsd (got amountUsd: 0)',
      '  - notifications[2].thresholdPercent must be a percent above 0 and at most 1000, got: 0',
      '  - notifications must be distinct, got twice: ACTUAL 50%',
      '  - emails must number at most 10 (a budget notification allows 10), got: 11',
      '  - denyPolicy must name at least one role or group, got: none',
    ].join('\n'));
  });

  test('fails when the kill switch would be a sixth notification', () => {
    const { stack } = testStack();
    expect(() => new BudgetGuard(stack, 'Budget', {
      notifications: [10, 20, 30, 40].map(thresholdPercent => ({ thresholdPercent })),
      killSwitch: {},
    })).toThrow('notifications must number at most 5 with the kill switch\'s (a budget allows 5), got: 6');
  });
});

describe('BudgetGuard amount never smaller than what it guards', () => {
  /** A 2-6 × ml.g5.xlarge endpoint in us-west-2, where the price book has no hosting price for it. */
  function unpricedEndpoint(): { app: any; stack: Stack } {
    const { app, stack } = testStack('us-west-2');
    autoscaledEndpoint(stack, 6);
    return { app, stack };
  }

  test('fails synth when the projection has unpriced lines, naming them and how to fix it', () => {
    // GIVEN
    const { app, stack } = unpricedEndpoint();
    new BudgetGuard(stack, 'Budget', { killSwitch: {} });
    // WHEN / THEN
    const line = reportOf(app).lines.find(l => !l.priced)!;
    expect(line).toBeDefined();
    expect(() => app.synth()).toThrow(new RegExp([
      'the default amount would leave out \\d+ unpriced line\\(s\\) of the projection: ',
      `${line.path.replace(/[/]/g, '\\/')} \\(`,
    ].join('')));
    expect(() => app.synth()).toThrow(/Set amountUsd to a monthly amount that covers them, refresh the price book \(cdk-cost prices refresh\)/);
  });

  test('at the user\'s explicit choice proceeds with a warning and no kill switch armed', () => {
    // GIVEN
    const { stack } = unpricedEndpoint();
    const guard = new BudgetGuard(stack, 'Budget', { killSwitch: {}, allowUnpricedLines: true });
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    expect(guard.killSwitchArmed).toBe(false);
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({ Environment: { Variables: Match.objectLike({ ARMED: 'false' }) } }));
    Annotations.fromStack(stack).hasWarning('/TestStack/Budget', Match.stringLikeRegexp('leaves out \\d+ unpriced line.*The kill switch is not armed'));
  });

  test('a fixed amount arms the kill switch whatever the projection', () => {
    const { stack } = unpricedEndpoint();
    const guard = new BudgetGuard(stack, 'Budget', { killSwitch: {}, amountUsd: 3000 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', Match.objectLike({ Environment: { Variables: Match.objectLike({ ARMED: 'true' }) } }));
    expect(guard.killSwitchArmed).toBe(true);
  });

  test.each([Infinity, NaN, -5])('fails when amountUsd is %s', amountUsd => {
    const { stack } = testStack();
    expect(() => new BudgetGuard(stack, 'Budget', { amountUsd })).toThrow(`amountUsd must be a finite amount above 0, got: ${amountUsd}`);
  });
});

describe('BudgetGuard scope', () => {
  test('guardedStacks: the amount is their projection, the tag goes on their resources only, the guard may live in its own stack', () => {
    // GIVEN two stacks with endpoints, a third stack for the guard
    const app = testApp();
    const env = { region: 'us-east-1', account: '123456789012' };
    const a = new Stack(app, 'A', { env });
    const b = new Stack(app, 'B', { env });
    autoscaledEndpoint(a, 2);
    autoscaledEndpoint(b, 5);
    const guards = new Stack(app, 'Guards', { env });
    // WHEN
    const guard = new BudgetGuard(guards, 'Budget', { guardedStacks: [a] });
    // THEN
    const report = reportOf(app);
    const expectedA = report.lines.filter(l => l.path.startsWith('A/')).reduce((sum, l) => sum + l.monthlyUsd.expected, 0);
    expect(guard.projectedAmountUsd()).toBe(Math.ceil(expectedA * 1.2));
    Template.fromStack(guards).hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetLimit: { Amount: Math.ceil(expectedA * 1.2), Unit: 'USD' }, CostFilters: { TagKeyValue: ['user:cost-aware:budget$Guards/Budget'] } }),
    });
    Template.fromStack(a).hasResourceProperties('AWS::SageMaker::EndpointConfig', { Tags: [{ Key: 'cost-aware:budget', Value: 'Guards/Budget' }] });
    expect(Template.fromStack(b).findResources('AWS::SageMaker::EndpointConfig', { Properties: { Tags: Match.anyValue() } })).toEqual({});
  });

  test('by default guards every stack of the app, also those created after it', () => {
    const app = testApp();
    const env = { region: 'us-east-1', account: '123456789012' };
    const guards = new Stack(app, 'Guards', { env });
    const guard = new BudgetGuard(guards, 'Budget');
    const later = new Stack(app, 'Later', { env });
    autoscaledEndpoint(later, 2);
    expect(guard.guardedStacks.map(s => s.node.path)).toEqual(['Guards', 'Later']);
    Template.fromStack(later).hasResourceProperties('AWS::SageMaker::EndpointConfig', { Tags: [{ Key: 'cost-aware:budget', Value: 'Guards/Budget' }] });
    const total = reportOf(app).totals.monthlyUsd.expected;
    expect(guard.projectedAmountUsd()).toBe(Math.ceil(total * 1.2));
  });

  test('fails when two guards would tag the same stack', () => {
    const { stack } = testStack();
    new BudgetGuard(stack, 'One');
    expect(() => new BudgetGuard(stack, 'Two')).toThrow('Invalid BudgetGuard props at TestStack/Two:\n  - the app is already guarded by TestStack/One');
  });

  test('an account-wide budget is an explicit choice, with no tag filter', () => {
    const { stack } = testStack();
    autoscaledEndpoint(stack, 2);
    const guard = new BudgetGuard(stack, 'Budget', { accountWide: true });
    const budget = Object.values<any>(Template.fromStack(stack).findResources('AWS::Budgets::Budget'))[0];
    expect(budget.Properties.Budget.CostFilters).toBeUndefined();
    expect(guard.costAllocationTag).toBeUndefined();
  });

  test('fails when a kill switch or automatic deny policy is put on an account-wide budget without the override', () => {
    const { stack } = testStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => new BudgetGuard(stack, 'A', { accountWide: true, killSwitch: {} }))
      .toThrow('Invalid BudgetGuard props at TestStack/A:\n  - killSwitch on an account-wide budget lets another team\'s spend act on this app');
    expect(() => new BudgetGuard(stack, 'B', { accountWide: true, denyPolicy: { roles: [role], approval: BudgetApprovalModel.AUTOMATIC } }))
      .toThrow("Invalid BudgetGuard props at TestStack/B:\n  - denyPolicy.approval: 'AUTOMATIC' on an account-wide budget");
    expect(() => new BudgetGuard(stack, 'C', { accountWide: true, killSwitch: {}, allowActionsOnAccountWideBudget: true })).not.toThrow();
  });
});

describe('BudgetGuard kill switch that holds and fires only for real', () => {
  const { app, stack } = testStack();
  autoscaledEndpoint(stack, 4);
  const machine = new sfn.StateMachine(stack, 'Jobs', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Step')) });
  new events.Rule(stack, 'Nightly', { schedule: events.Schedule.cron({ hour: '2', minute: '0' }), targets: [new targets.SfnStateMachine(machine)] });
  new events.Rule(stack, 'Unrelated', { schedule: events.Schedule.rate(Duration.hours(1)) }).addTarget(new targets.SnsTopic(new sns.Topic(stack, 'Other')));
  // a job's end-state notifier: an Express workflow started by a status-change rule, which the kill switch leaves alone
  const notifier = new sfn.StateMachine(stack, 'Notifier', { stateMachineType: sfn.StateMachineType.EXPRESS, definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'N')) });
  new events.Rule(stack, 'OnAbort', { eventPattern: { source: ['aws.states'], detail: { status: ['ABORTED'] } }, targets: [new targets.SfnStateMachine(notifier)] });
  new BudgetGuard(stack, 'Budget', { killSwitch: {} });
  let template: Template;
  beforeAll(() => { template = Template.fromStack(stack); });

  test('lets only AWS Budgets publish to the kill-switch topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^BudgetKillSwitchTopic') }],
      PolicyDocument: { Statement: Match.arrayWith([{
        Sid: 'OnlyBudgetsPublishes', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sns:Publish',
        Resource: { Ref: Match.stringLikeRegexp('^BudgetKillSwitchTopic') },
        Condition: { StringNotEquals: { 'aws:PrincipalServiceName': 'budgets.amazonaws.com' } },
      }]), Version: '2012-10-17' },
    });
  });

  test('sends events that failed after their retries to the alert topic, and alarms the alert topic on any error', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { Ref: Match.stringLikeRegexp('^BudgetAlertTopic') } } },
    });
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    expect(Object.values<any>(alarms).map(a => [a.Properties.MetricName, a.Properties.Threshold, a.Properties.AlarmActions])).toEqual([
      ['Errors', 1, [{ Ref: expect.stringMatching(/^BudgetAlertTopic/) }]],
    ]);
    // CloudWatch may publish to the encrypted alert topic
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
      Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Resource: { Ref: Match.stringLikeRegexp('^BudgetAlertTopic') },
    })]), Version: '2012-10-17' } });
  });

  test('disables the job schedules of the stack\'s state machines (not other rules, not the end-state notifiers) and stops their executions', () => {
    const fn = Object.values<any>(template.findResources('AWS::Lambda::Function')).find(f => f.Properties.Environment?.Variables?.RULES);
    expect(fn.Properties.Environment.Variables.RULES).toEqual({ 'Fn::Join': ['', ['["', { Ref: expect.stringMatching(/^Nightly/) }, '"]']] });
    expect(fn.Properties.Environment.Variables.STATE_MACHINES).toEqual({ 'Fn::Join': ['', ['["', { Ref: expect.stringMatching(/^Jobs/) }, '"]']] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: 'kill-switch-targets',
      PolicyDocument: Match.objectLike({ Statement: Match.arrayWith([
        Match.objectLike({ Action: Match.arrayWith(['events:DisableRule', 'events:EnableRule']), Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Nightly'), 'Arn'] } }),
        Match.objectLike({ Action: 'states:ListExecutions', Resource: { Ref: Match.stringLikeRegexp('^Jobs') } }),
      ]) }),
    });
    expect(app).toBeDefined();
  });
});

describe('BudgetGuard kill switch reaches every guarded stack', () => {
  test('a guard in its own stack acts on the resources of the other stacks of its environment', () => {
    const app = testApp();
    const env = { region: 'us-east-1', account: '123456789012' };
    const serving = new Stack(app, 'Serving', { env });
    autoscaledEndpoint(serving, 4);
    const guards = new Stack(app, 'Guards', { env });
    new BudgetGuard(guards, 'Budget', { killSwitch: {} });
    const fn = Object.values<any>(Template.fromStack(guards).findResources('AWS::Lambda::Function')).find(f => f.Properties.Environment?.Variables?.ENDPOINTS);
    // whatever form the cross-stack reference takes (Fn::ImportValue of an export, or Fn::GetStackOutput under
    // `@aws-cdk/core:defaultCrossStackReferences`), it reads an output of the Serving stack: the endpoint's name
    const outputs = Template.fromStack(serving).toJSON().Outputs ?? {};
    const fromServing = (value: unknown): unknown[] => {
      if (Array.isArray(value)) return value.flatMap(fromServing);
      if (value === null || typeof value !== 'object') return [];
      const v = value as any;
      if (v['Fn::GetStackOutput']) {
        expect(v['Fn::GetStackOutput']).toMatchObject({ StackName: serving.stackName, Region: 'us-east-1' });
        return [outputs[v['Fn::GetStackOutput'].OutputName]?.Value];
      }
      if (v['Fn::ImportValue']) return [Object.values<any>(outputs).find(o => o.Export?.Name === v['Fn::ImportValue'])?.Value];
      return Object.values(v).flatMap(fromServing);
    };
    const endpointName = { 'Fn::GetAtt': ['Endpoint', 'EndpointName'] };
    expect(fromServing(fn.Properties.Environment.Variables.ENDPOINTS)).toEqual([endpointName]);
    expect(fromServing(fn.Properties.Environment.Variables.SCALABLE_TARGETS)).toEqual([endpointName]);
  });

  test('fails synth when a guarded stack is in another region', () => {
    const app = testApp();
    const west = new Stack(app, 'West', { env: { region: 'us-west-2', account: '123456789012' } });
    new sagemaker.CfnNotebookInstance(west, 'Notebook', { instanceType: 'ml.t3.medium', roleArn: 'arn:aws:iam::123456789012:role/ds' });
    const guards = new Stack(app, 'Guards', { env: { region: 'us-east-1', account: '123456789012' } });
    new BudgetGuard(guards, 'Budget', { killSwitch: {}, amountUsd: 100 });
    expect(() => app.synth()).toThrow('the kill switch cannot reach West/Notebook (another account or region than Guards)');
  });
});
