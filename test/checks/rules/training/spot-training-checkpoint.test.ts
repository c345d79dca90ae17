import { aws_s3 as s3, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { testStack } from '../../../helpers';
import { pathsFor } from '../../check-helpers';
import { requestWithout, SAFE_SPOT_REQUEST, trainingStateMachine } from './definitions';
import { PriceService } from '../../../../lib/pricing/price-entry';

const RULE = 'CostAware-Train2';

describe('CostAware-Train2: Spot training sets a CheckpointConfig', () => {
  test('flags a Spot task with no CheckpointConfig', () => {
    // GIVEN
    const { app, stack } = testStack();
    trainingStateMachine(stack, requestWithout({ top: ['CheckpointConfig'] }));
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Pipeline/Resource']);
  });

  test('flags a Spot training step of a raw SageMaker pipeline with no CheckpointConfig', () => {
    // GIVEN
    const { app, stack } = testStack();
    new sagemaker.CfnPipeline(stack, 'MlPipeline', {
      pipelineName: 'train', roleArn: 'arn:aws:iam::123456789012:role/pipeline',
      pipelineDefinition: {
        // The L1 passes this object through as is, so it takes the CloudFormation spelling.
        PipelineDefinitionBody: JSON.stringify({
          Version: '2020-12-01',
          Steps: [{ Name: 'Train', Type: 'Training', Arguments: requestWithout({ top: ['CheckpointConfig'] }) }],
        }),
      },
    });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/MlPipeline']);
  });

  test('flags a Spot createTrainingJob call made by an AwsCustomResource with no CheckpointConfig', () => {
    // GIVEN
    const { app, stack } = testStack();
    new AwsCustomResource(stack, 'StartTraining', {
      onCreate: {
        service: PriceService.SAGEMAKER, action: 'createTrainingJob', parameters: requestWithout({ top: ['CheckpointConfig'] }),
        physicalResourceId: PhysicalResourceId.of('job'),
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/StartTraining/Resource/Default']);
  });

  test('passes a checkpoint URI built from a bucket of the app (a reference inside a JSON string of a Fn::Join)', () => {
    // GIVEN
    const { app, stack } = testStack();
    const bucket = new s3.Bucket(stack, 'Checkpoints');
    trainingStateMachine(stack, { ...SAFE_SPOT_REQUEST, CheckpointConfig: { S3Uri: `s3://${bucket.bucketName}/job/` } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
    expect(pathsFor(app, 'CostAware-Train1')).toEqual([]);
  });

  test('passes a Spot task with a checkpoint S3 URI', () => {
    // GIVEN
    const { app, stack } = testStack();
    trainingStateMachine(stack, SAFE_SPOT_REQUEST);
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('does not apply to an on-demand training job with no checkpoints', () => {
    // GIVEN
    const { app, stack } = testStack();
    trainingStateMachine(stack, { ...requestWithout({ top: ['CheckpointConfig', 'EnableManagedSpotTraining'] }) });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });
});
