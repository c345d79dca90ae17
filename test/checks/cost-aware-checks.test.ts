import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations, aws_budgets as budgets } from 'aws-cdk-lib';
import { NagMessageLevel } from 'cdk-nag';
import { COST_AWARE_ADVICE_IDS, COST_AWARE_RULE_IDS, CostAwareChecks, CostReport } from '../../lib';
import { costAwareRules } from '../../lib/checks/cost-aware-checks';
import { reportOf, testApp, testStack } from '../helpers';
import { endpoint } from './check-helpers';

describe('CostAwareChecks', () => {
  test('has every rule id at the ERROR level, and every advice id (a dropped rule fails here)', () => {
    // GIVEN
    const pack = new CostAwareChecks();
    // THEN
    expect(costAwareRules(10).map(r => [`CostAware-${r.suffix}`, r.level])).toEqual([
      ['CostAware-GPU1', NagMessageLevel.ERROR],
      ['CostAware-GPU2', NagMessageLevel.ERROR],
      ['CostAware-GPU3', NagMessageLevel.ERROR],
      ['CostAware-GPU4', NagMessageLevel.ERROR],
      ['CostAware-GPU5', NagMessageLevel.ERROR],
      ['CostAware-Train1', NagMessageLevel.ERROR],
      ['CostAware-Train2', NagMessageLevel.ERROR],
      ['CostAware-Train3', NagMessageLevel.ERROR],
      ['CostAware-Notebook1', NagMessageLevel.ERROR],
      ['CostAware-Budget1', NagMessageLevel.ERROR],
    ]);
    expect(pack.ruleIds).toEqual(COST_AWARE_RULE_IDS);
    expect(pack.name).toBe('CostAware');
    expect(COST_AWARE_ADVICE_IDS).toEqual([
      'CostAware-Advice-LowUtilization',
      'CostAware-Advice-SpotSingleInstance',
      'CostAware-Advice-ArtifactLifecycle',
      'CostAware-Advice-DevProvisionedEndpoint',
      'CostAware-Advice-UncappedTokenBill',
    ]);
  });

  test('every rule tells the person who hits it how to acknowledge it, and the cap it checks', () => {
    for (const rule of costAwareRules(7)) {
      expect(rule.info).toContain(`acknowledge CostAware-${rule.suffix} `);
      expect(rule.explanation.length).toBeGreaterThan(80);
    }
    expect(costAwareRules(7).find(r => r.suffix === 'GPU3')!.info).toContain('above 7 instances');
  });

  test('RULES.md has a row for every rule, giving the message synth prints, and for every advice id', () => {
    // GIVEN
    const rulesMd = fs.readFileSync(path.join(__dirname, '..', '..', 'RULES.md'), 'utf-8');
    // THEN
    for (const rule of costAwareRules(10)) {
      expect(rulesMd).toContain(`| CostAware-${rule.suffix} | ${rule.info} | ${rule.explanation} |`);
    }
    for (const id of COST_AWARE_ADVICE_IDS) expect(rulesMd).toContain(`| ${id} | `);
  });

  test('leaves CostAware-Budget1 out of ruleIds when requireBudget is false', () => {
    expect(new CostAwareChecks(undefined, { requireBudget: false }).ruleIds).not.toContain('CostAware-Budget1');
  });

  test('fails when maxCapacityCap is not a whole number of at least 1 or devStageNames are not words', () => {
    expect(() => new CostAwareChecks(undefined, { maxCapacityCap: 0.5, devStageNames: ['dev stage'] })).toThrow(
      'Invalid CostAwareChecks props:\n  - maxCapacityCap must be a whole number of at least 1, got: 0.5\n' +
      '  - devStageNames must be words of letters and digits, got: ["dev stage"]');
  });

  test('fails synth on an uncapped GPU endpoint, naming the rule and the construct path', () => {
    // GIVEN
    const { app, stack } = testStack();
    Validations.of(app).addPlugins(new CostAwareChecks(app));
    endpoint(stack, 'Gpu');
    const report = new CostAwareChecks().validateScope(app);
    // THEN
    expect(report.violations.map(v => [v.ruleName, v.severity, v.violatingResources.map(r => r.constructPath)])).toEqual([
      ['CostAware-GPU1', 'error', ['TestStack/GpuConfig']],
      ['CostAware-Budget1', 'error', ['TestStack/GpuConfig']],
    ]);
    expect(() => app.synth()).toThrow(/acknowledge CostAware-GPU1 with a reason[\s\S]*TestStack\/GpuConfig/);
  });

  test('passes synth once each finding is acknowledged with a reason (on the resource and on the stack)', () => {
    // GIVEN
    const { app, stack } = testStack();
    Validations.of(app).addPlugins(new CostAwareChecks(app));
    const { config } = endpoint(stack, 'Gpu');
    // WHEN
    Validations.of(config).acknowledge({ id: 'CostAware-GPU1', reason: 'a fixed single-instance canary, deleted after the launch' });
    Validations.of(stack).acknowledge({ id: 'CostAware-Budget1', reason: 'the organization budget in the payer account covers it' });
    // THEN
    expect(new CostAwareChecks().validateScope(app).violations).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  test('passes a capped GPU endpoint with a budget', () => {
    // GIVEN
    const { app, stack } = testStack();
    Validations.of(app).addPlugins(new CostAwareChecks(app));
    endpoint(stack, 'Gpu', { scaling: { min: 0, max: 4 } });
    new budgets.CfnBudget(stack, 'Budget', { budget: { budgetType: 'COST', timeUnit: 'MONTHLY', budgetLimit: { amount: 500, unit: 'USD' } } });
    // THEN
    expect(() => app.synth()).not.toThrow();
  });

  test('reads the tree afresh on each run: a resource added after a first validation is checked', () => {
    // GIVEN
    const { app, stack } = testStack();
    const pack = new CostAwareChecks(undefined, { requireBudget: false });
    expect(pack.validateScope(app).violations).toEqual([]);
    // WHEN
    endpoint(stack, 'Gpu');
    // THEN
    expect(pack.validateScope(app).violations.map(v => v.ruleName)).toEqual(['CostAware-GPU1']);
  });

  test('constructed with the app, adds its advisors to the cost report once, however many packs there are', () => {
    // GIVEN
    const app = testApp();
    const stack = new Stack(app, 'MlDevStack', { env: { region: 'us-east-1' } });
    endpoint(stack, 'Cpu', { instanceType: 'ml.m5.large' });
    // WHEN
    new CostAwareChecks(app);
    new CostAwareChecks(app);
    // THEN
    expect(reportOf(app).recommendations.map(r => [r.id, r.path])).toEqual([
      ['CostAware-Advice-DevProvisionedEndpoint', 'MlDevStack/CpuConfig'],
    ]);
  });

  test('constructed without a scope, adds no advisor', () => {
    // GIVEN
    const app = testApp();
    const stack = new Stack(app, 'MlDevStack', { env: { region: 'us-east-1' } });
    endpoint(stack, 'Cpu', { instanceType: 'ml.m5.large' });
    // WHEN
    new CostAwareChecks();
    // THEN
    expect(CostReport.of(app).compute().recommendations).toEqual([]);
  });
});
