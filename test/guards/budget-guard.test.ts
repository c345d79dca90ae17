import { Stack, aws_applicationautoscaling as appscaling, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BudgetGuard, CostReport } from '../../lib';
import { killSwitchTargetsOf } from '../../lib/guards/budget-guard';
import { lineAt, reportOf, testStack } from '../helpers';

/** A g5.xlarge endpoint autoscaled between 1 and `maxCapacity`, with traffic that would use 6 instances. */
function autoscaledEndpoint(stack: Stack, maxCapacity: number): appscaling.CfnScalableTarget {
  const config = new sagemaker.CfnEndpointConfig(stack, 'Config', {
    productionVariants: [{ variantName: 'AllTraffic', modelName: 'model', instanceType: 'ml.g5.xlarge', initialInstanceCount: 1 }],
  });
  const endpoint = new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: config.attrEndpointConfigName });
  // What an endpoint construct records from its traffic profile: 6 instances every hour.
  CostReport.of(stack).recordUsage(config, { component: 'AllTraffic', hourlyInstances: [6], assumptions: ['peak traffic all month'] });
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
    expect(Object.values<any>(template.findResources('AWS::Budgets::Budget'))[0].Properties.Budget.CostFilters).toBeUndefined();
  });

  test('encrypts the alert topic with a rotating key that AWS Budgets may use, and lets only this account\'s budgets publish', () => {
    template.hasResourceProperties('AWS::KMS::Key', Match.objectLike({
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({ Statement: Match.arrayWith([{
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Effect: 'Allow', Principal: { Service: 'budgets.amazonaws.com' }, Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      }]) }),
    }));
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
    expect(line.price).toMatchObject({ usage: 'key-month', sku: 'customer-managed-key', region: 'us-east-1' });
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
    denyPolicy: { roles: [scientists], groups: [group], approval: 'AUTOMATIC' },
    killSwitch: { dryRun: true },
  });
  let template: Template;
  beforeAll(() => { template = Template.fromStack(stack); });

  test('uses the fixed amount and the filter, and routes the 100% actual notification to the kill switch', () => {
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
          Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 100 }),
          Subscribers: [
            { SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^BudgetKillSwitchTopic') } },
            { SubscriptionType: 'EMAIL', Address: 'finops@example.com' },
          ],
        }),
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
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: [
      {
        Sid: 'DenyNewSageMakerSpend', Effect: 'Deny', Resource: '*',
        // sorted: aws-cdk-lib sorts a statement's actions under @aws-cdk/aws-iam:minimizePolicies
        Action: ['sagemaker:CreateEndpoint', 'sagemaker:CreateEndpointConfig', 'sagemaker:CreateNotebookInstance', 'sagemaker:CreateTrainingJob',
          'sagemaker:StartNotebookInstance', 'sagemaker:UpdateEndpoint'],
      },
      {
        Sid: 'DenyAcceleratedInstances', Effect: 'Deny', Action: 'ec2:RunInstances',
        Resource: 'arn:aws:ec2:us-east-1:123456789012:instance/*',
        Condition: { StringLike: { 'ec2:InstanceType': ['p*', 'g*', 'inf*', 'trn*', 'dl*', 'f*', 'vt*'] } },
      },
    ], Version: '2012-10-17' } });
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
        NOTEBOOKS: { 'Fn::Join': ['', ['["', { 'Fn::GetAtt': ['Notebook', 'NotebookInstanceName'] }, '"]']] },
        AUTO_SCALING_GROUPS: '[]',
        DRY_RUN: 'true',
        TOPIC_ARN: { Ref: Match.stringLikeRegexp('^BudgetAlertTopic') },
      } },
    }));
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda', TopicArn: { Ref: Match.stringLikeRegexp('^BudgetKillSwitchTopic') },
    });
    expect(killSwitchTargetsOf(guard).notebookNames).toHaveLength(1);
  });

  test('scopes the kill switch\'s permissions to what it acts on', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: 'kill-switch-targets',
      PolicyDocument: { Statement: [
        { Action: ['application-autoscaling:DescribeScalableTargets', 'application-autoscaling:RegisterScalableTarget'], Effect: 'Allow', Resource: '*' },
        {
          Action: ['sagemaker:DescribeEndpoint', 'sagemaker:UpdateEndpointWeightsAndCapacities'], Effect: 'Allow',
          Resource: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/*',
        },
        {
          Action: ['sagemaker:DescribeNotebookInstance', 'sagemaker:StopNotebookInstance'], Effect: 'Allow',
          Resource: { 'Fn::GetAtt': ['Notebook', 'NotebookInstanceArn'] },
        },
      ], Version: '2012-10-17' },
    });
  });

  test('prices the action-enabled budget: free within the account\'s first two, $0.10 a day beyond', () => {
    const line = lineAt(reportOf(app), 'TestStack/Budget/Resource');
    expect(line.price).toMatchObject({ usage: 'budget-action-day', sku: 'action-enabled-budget', region: 'us-east-1' });
    expect(line.unitPriceUsd).toBe(0.1);
    expect(line.monthlyUsd.expected).toBe(0);
    // ceiling: 730 / 24 days × $0.10
    expect(line.monthlyUsd.ceiling).toBeCloseTo(730 / 24 * 0.1, 2);
  });

  test('prices the kill switch at one run a month', () => {
    const line = lineAt(reportOf(app), 'TestStack/Budget/KillSwitch');
    // 1 run × 30 s × 0.25 GB = 7.5 GB-s × $0.0000133334 + 1 request × $0.0000002 = $0.0001: rounds to $0.00
    expect(line.quantity).toBeCloseTo(30 * 0.25, 4);
    expect(line.price).toMatchObject({ usage: 'duration', sku: 'arm64' });
    expect(line.monthlyUsd.expected).toBe(0);
    expect(line.assumptions).toContain('fires at most once a month, when actual spend crosses the kill-switch threshold; 30 s at 256 MB');
  });
});

describe('BudgetGuard pricing across budgets', () => {
  test('a third action-enabled budget is billed every day', () => {
    // GIVEN three guards with budget actions
    const { app, stack } = testStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    for (const id of ['A', 'B', 'C']) new BudgetGuard(stack, id, { amountUsd: 100, denyPolicy: { roles: [role] } });
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
      notifications: [{ thresholdPercent: 50 }, { thresholdPercent: 50 }, { thresholdPercent: 0, kind: 'FORECASTED' }],
      emails: Array.from({ length: 11 }, (_, i) => `p${i}@example.com`),
      denyPolicy: {},
    })).toThrow([
      'Invalid BudgetGuard TestStack/Budget:',
      '  amountUsd must be above 0, got: 0',
      '  headroomPercent applies only when the amount follows the report; remove it or amountUsd (got amountUsd: 0)',
      '  notifications[2].thresholdPercent must be a percent above 0 and at most 1000, got: 0',
      '  notifications must be distinct, got twice: ACTUAL 50%',
      '  emails must number at most 10 (a budget notification allows 10), got: 11',
      '  denyPolicy must name at least one role or group, got: none',
    ].join('\n'));
  });

  test('fails when the kill switch would be a sixth notification', () => {
    const { stack } = testStack();
    expect(() => new BudgetGuard(stack, 'Budget', {
      notifications: [10, 20, 30, 40, 50].map(thresholdPercent => ({ thresholdPercent })),
      killSwitch: {},
    })).toThrow('notifications must number at most 5 with the kill switch\'s (a budget allows 5), got: 6');
  });
});
