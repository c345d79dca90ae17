import { Duration, aws_s3 as s3, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { CostAwareChecks } from '../../../lib';
import { reportOf, testStack } from '../../helpers';

const ID = 'CostAware-Advice-ArtifactLifecycle';

describe('CostAware-Advice-ArtifactLifecycle', () => {
  test('advises a lifecycle rule for a bucket a SageMaker model reads its artifacts from', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    const bucket = new s3.Bucket(stack, 'Models');
    new sagemaker.CfnModel(stack, 'Model', {
      executionRoleArn: 'arn:aws:iam::123456789012:role/model',
      primaryContainer: { image: 'image', modelDataUrl: `s3://${bucket.bucketName}/model.tar.gz` },
    });
    // THEN
    const advice = reportOf(app).recommendations.filter(r => r.id === ID);
    expect(advice.map(a => [a.path, a.estimatedMonthlySavingUsd])).toEqual([['TestStack/Models/Resource', undefined]]);
    expect(advice[0].message).toContain('(used by TestStack/Model)');
  });

  test('advises it for a raw bucket named by its literal name in an s3:// URI, and for a bucket whose path says Artifact', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    new s3.CfnBucket(stack, 'Raw', { bucketName: 'ml-outputs-123' });
    new s3.CfnBucket(stack, 'ArtifactStore', {});
    new sagemaker.CfnEndpointConfig(stack, 'Config', {
      productionVariants: [{ variantName: 'A', modelName: 'm', instanceType: 'ml.m5.large', initialInstanceCount: 1 }],
      asyncInferenceConfig: { outputConfig: { s3OutputPath: 's3://ml-outputs-123/async/' } },
    });
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID).map(a => a.path)).toEqual(['TestStack/ArtifactStore', 'TestStack/Raw']);
  });

  test('gives no advice for an artifact bucket with a lifecycle rule, or a bucket no ML resource uses', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    const bucket = new s3.Bucket(stack, 'Models', { lifecycleRules: [{ expiration: Duration.days(90) }] });
    new s3.Bucket(stack, 'Website');
    new sagemaker.CfnModel(stack, 'Model', {
      executionRoleArn: 'arn:aws:iam::123456789012:role/model',
      primaryContainer: { image: 'image', modelDataUrl: bucket.s3UrlForObject('model.tar.gz') },
    });
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID)).toEqual([]);
  });
});
