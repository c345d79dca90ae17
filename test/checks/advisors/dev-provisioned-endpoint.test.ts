import { App, Stack, Stage, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { CostAwareChecks } from '../../../lib';
import { stageNameOf, wordsOf } from '../../../lib/checks/advisors/stage';
import { reportOf, testApp, testStack } from '../../helpers';
import { endpoint } from '../check-helpers';

const ID = 'CostAware-Advice-DevProvisionedEndpoint';

describe('CostAware-Advice-DevProvisionedEndpoint', () => {
  test('advises serverless or scale-to-zero for an always-on endpoint in a stage named dev by context, saving its floor', () => {
    // GIVEN
    const { app, stack } = testStack('us-east-1', { 'cdk-cost-aware-inference:stage': 'dev' });
    new CostAwareChecks(app);
    endpoint(stack, 'Gpu', { scaling: { min: 1, max: 2 } });
    // THEN: floor = 1 instance × 730 h × $1.4084 (ml.g5.xlarge hosting, us-east-1)
    const advice = reportOf(app).recommendations.filter(r => r.id === ID);
    expect(advice.map(a => a.path)).toEqual(['TestStack/GpuConfig']);
    expect(advice[0].estimatedMonthlySavingUsd).toBeCloseTo(1 * 730 * 1.4084, 2);
    expect(advice[0].message).toContain("in a dev stage ('dev', from context cdk-cost-aware-inference:stage)");
  });

  test('reads the stage from the stack name when the context has none', () => {
    // GIVEN
    const app = testApp();
    new CostAwareChecks(app);
    endpoint(new Stack(app, 'InferenceDevStack', { env: { region: 'us-east-1' } }), 'Cpu', { instanceType: 'ml.m5.large' });
    endpoint(new Stack(app, 'InferenceProdStack', { env: { region: 'us-east-1' } }), 'Cpu', { instanceType: 'ml.m5.large' });
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID).map(a => a.path)).toEqual(['InferenceDevStack/CpuConfig']);
  });

  test('honours devStageNames', () => {
    // GIVEN
    const app = testApp();
    new CostAwareChecks(app, { devStageNames: ['qa'] });
    endpoint(new Stack(app, 'QaStack', { env: { region: 'us-east-1' } }), 'Cpu', { instanceType: 'ml.m5.large' });
    endpoint(new Stack(app, 'DevStack', { env: { region: 'us-east-1' } }), 'Cpu', { instanceType: 'ml.m5.large' });
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID).map(a => a.path)).toEqual(['QaStack/CpuConfig']);
  });

  test('gives no advice for a dev endpoint that scales to zero, or a serverless one', () => {
    // GIVEN
    const { app, stack } = testStack('us-east-1', { 'cdk-cost-aware-inference:stage': 'sandbox' });
    new CostAwareChecks(app);
    endpoint(stack, 'Async', { async: true, scaling: { min: 0, max: 2 } });
    new sagemaker.CfnEndpointConfig(stack, 'Serverless', {
      productionVariants: [{ variantName: 'S', modelName: 'm', serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 5 } }],
    });
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID)).toEqual([]);
  });

  test('stageNameOf prefers the context, then the CDK stage name, then the stack name; wordsOf splits names', () => {
    // GIVEN
    const app = new App();
    const staged = new Stack(new Stage(app, 'Sandbox'), 'Inference');
    const plain = new Stack(app, 'Inference');
    // THEN
    expect(stageNameOf(staged)).toEqual({ name: 'Sandbox', source: 'stage' });
    expect(stageNameOf(plain)).toEqual({ name: 'Inference', source: 'stack' });
    expect(wordsOf('MyDevStack')).toEqual(['my', 'dev', 'stack']);
    expect(wordsOf('ml-sandbox_2')).toEqual(['ml', 'sandbox', '2']);
    expect(wordsOf('GPUDevStack')).toEqual(['gpu', 'dev', 'stack']);
  });
});
