import * as cdk from 'aws-cdk-lib/core';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CostAwareChecks, CostReport } from 'cdk-cost-aware-inference';
import { InferenceStack } from '../lib/inference-stack';

// A consumer's own jest test (cdk init's jest.config.js layout), importing the installed package.
test('the stack synthesizes clean under both rule packs and prices what it deploys', () => {
  const app = new cdk.App({ context: { 'cdk-cost-aware-inference:print': false } });
  const stack = new InferenceStack(app, 'ConsumerStack', { env: { region: 'us-east-1' } });
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CostAwareChecks(app));

  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::SageMaker::Endpoint', 2);
  template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
    AsyncInferenceConfig: Match.objectLike({ OutputConfig: Match.anyValue() }),
  });
  template.resourceCountIs('AWS::Budgets::Budget', 1);
  template.hasResourceProperties('AWS::SageMaker::NotebookInstance', { LifecycleConfigName: Match.anyValue() });

  const report = CostReport.of(app).compute();
  expect(report.lines.length).toBeGreaterThan(0);
  expect(report.totals.monthlyUsd.ceiling).toBeGreaterThan(0);
  expect(() => app.synth()).not.toThrow();
});
