import { CostAwareChecks } from '../../lib';
import { exampleContext } from '../helpers';
import { ACKNOWLEDGE_CONTEXT_KEY, createApp } from './fixtures/violating-app';

// The fixture the CLI check runs (`npx cdk synth --app "npx tsx test/checks/fixtures/violating-app.ts"`).
describe('the violating demo app', () => {
  test('breaks every blocking rule but GPU2, GPU3 and GPU4, each at the path of the resource to change', () => {
    // GIVEN
    const app = createApp(exampleContext());
    // WHEN
    const report = new CostAwareChecks().validateScope(app);
    // THEN
    expect(report.violations.map(v => [v.ruleName, v.violatingResources.map(r => r.constructPath)])).toEqual([
      ['CostAware-GPU1', ['CostHazards/GpuEndpointConfig']],
      ['CostAware-Budget1', ['CostHazards/GpuEndpointConfig', 'CostHazards/GpuGroup', 'CostHazards/Training/Resource', 'CostHazards/GpuNotebook']],
      ['CostAware-GPU5', ['CostHazards/GpuGroup']],
      ['CostAware-Train1', ['CostHazards/Training/Resource']],
      ['CostAware-Train2', ['CostHazards/Training/Resource']],
      ['CostAware-Train3', ['CostHazards/Training/Resource']],
      ['CostAware-Notebook1', ['CostHazards/GpuNotebook']],
    ]);
  });

  test('passes once every finding is acknowledged with a reason', () => {
    // GIVEN
    const app = createApp(exampleContext({ [ACKNOWLEDGE_CONTEXT_KEY]: true }));
    // THEN
    expect(new CostAwareChecks().validateScope(app).violations).toEqual([]);
  });
});
