import { aws_budgets as budgets, aws_kms as kms } from 'aws-cdk-lib';
import { lineAt, reportOf, testStack } from '../../helpers';
import { PriceUsage } from '../../../lib/pricing/price-entry';

describe('AWS::Budgets::Budget pricer', () => {
  test('a raw budget without actions is free and has no line', () => {
    // GIVEN
    const { app, stack } = testStack();
    new budgets.CfnBudget(stack, 'Budget', { budget: { budgetType: 'COST', timeUnit: 'MONTHLY', budgetLimit: { amount: 100, unit: 'USD' } } });
    // WHEN / THEN
    expect(reportOf(app).lines.filter(l => l.path.startsWith('TestStack/Budget'))).toEqual([]);
  });

  test('a raw budget with an action is priced per budget-day, free within the first two', () => {
    // GIVEN
    const { app, stack } = testStack();
    const budget = new budgets.CfnBudget(stack, 'Budget', { budget: { budgetType: 'COST', timeUnit: 'MONTHLY', budgetLimit: { amount: 100, unit: 'USD' } } });
    new budgets.CfnBudgetsAction(stack, 'Action', {
      budgetName: budget.ref, actionType: 'APPLY_IAM_POLICY', notificationType: 'ACTUAL',
      actionThreshold: { type: 'PERCENTAGE', value: 100 }, executionRoleArn: 'arn:aws:iam::123456789012:role/budgets',
      definition: { iamActionDefinition: { policyArn: 'arn:aws:iam::123456789012:policy/deny', roles: ['ds'] } },
      subscribers: [{ type: 'EMAIL', address: 'a@example.com' }],
    });
    // WHEN
    const report = reportOf(app);
    const line = lineAt(report, 'TestStack/Budget');
    // THEN the action itself has no line; the budget's ceiling is 730 / 24 days × $0.10
    expect(report.lines.filter(l => l.path === 'TestStack/Action')).toEqual([]);
    expect(line.price).toMatchObject({ usage: PriceUsage.BUDGET_ACTION_DAY, sku: 'action-enabled-budget', region: 'us-east-1' });
    expect(line.monthlyUsd).toEqual({ floor: 0, expected: 0, ceiling: Math.round(730 / 24 * 0.1 * 100) / 100 });
  });
});

describe('AWS::KMS::Key pricer', () => {
  test('a customer managed key is one key-month', () => {
    // GIVEN
    const { app, stack } = testStack('eu-west-1');
    new kms.Key(stack, 'Key', { enableKeyRotation: true });
    // WHEN
    const line = lineAt(reportOf(app), 'TestStack/Key');
    // THEN 1 key × $1 a month
    expect(line.price).toMatchObject({ usage: PriceUsage.KEY_MONTH, sku: 'customer-managed-key', region: 'eu-west-1' });
    expect(line.monthlyUsd).toEqual({ floor: 1 * 1, expected: 1 * 1, ceiling: 1 * 1 });
  });
});
