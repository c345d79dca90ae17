import { Stack, aws_budgets as budgets, aws_iam as iam } from 'aws-cdk-lib';
import { BedrockModelAccess, BedrockModelId, BudgetGuard, CostAwareChecks, TrafficProfile } from '../../../lib';
import { reportOf, testApp, testStack } from '../../helpers';

const ID = 'CostAware-Advice-UncappedTokenBill';

function workload(stack: Stack): void {
  const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  new BedrockModelAccess(stack, 'Summaries', {
    model: BedrockModelId.ANTHROPIC_CLAUDE_HAIKU_4_5,
    grantee: role,
    traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 2, peakHoursPerDay: 6, offPeakRequestsPerSecond: 0.5 }),
    inputTokensPerRequest: 3_000,
    outputTokensPerRequest: 400,
  });
}

describe('CostAware-Advice-UncappedTokenBill', () => {
  test('advises a budget for a Bedrock on-demand workload in an account no cost budget watches, with its figures', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    // WHEN
    workload(stack);
    // THEN expected $7,588.35 + $5,058.90 = $12,647.25; ceiling $17,344.80 + $11,563.20 = $28,908 (test/bedrock/bedrock-model-access.test.ts)
    const advice = reportOf(app).recommendations.filter(r => r.id === ID);
    expect(advice.map(a => [a.path, a.estimatedMonthlySavingUsd])).toEqual([['TestStack/Summaries', undefined]]);
    expect(advice[0].message).toContain('($12,647.25 a month expected, $28,908 if the peak rate held all month)');
    expect(advice[0].message).toContain('Add one (BudgetGuard)');
  });

  test('says nothing when a cost budget of the app watches the account', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    new BudgetGuard(stack, 'Budget', { emails: ['ml-team@example.com'] });
    // WHEN
    workload(stack);
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID)).toEqual([]);
  });

  test('a budget of another type, or in another account, does not count', () => {
    // GIVEN
    const app = testApp();
    const stack = new Stack(app, 'Workload', { env: { region: 'us-east-1', account: '111111111111' } });
    const other = new Stack(app, 'Other', { env: { region: 'us-east-1', account: '222222222222' } });
    new CostAwareChecks(app);
    new budgets.CfnBudget(other, 'Cost', { budget: { budgetType: 'COST', timeUnit: 'MONTHLY', budgetLimit: { amount: 100, unit: 'USD' } } });
    new budgets.CfnBudget(stack, 'Usage', { budget: { budgetType: 'USAGE', timeUnit: 'MONTHLY', budgetLimit: { amount: 100, unit: 'GB' } } });
    // WHEN
    workload(stack);
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID).map(a => a.path)).toEqual(['Workload/Summaries']);
  });

  test('is left out with requireBudget: false (budgets managed outside CDK)', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app, { requireBudget: false });
    // WHEN
    workload(stack);
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID)).toEqual([]);
  });
});
