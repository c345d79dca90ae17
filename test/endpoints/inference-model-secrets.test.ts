import { aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ContainerSecret, ModelImage } from '../../lib';
import { InferenceModel } from '../../lib/endpoints/inference-model';
import { rolePermissions, testStack } from '../helpers';

describe('InferenceModel secrets', () => {
  test('passes where to read a secret (never its value) and lets the execution role read it', () => {
    // GIVEN
    const { stack } = testStack();
    const secret = new secretsmanager.Secret(stack, 'HfToken');
    // WHEN
    new InferenceModel(stack, 'Model', {
      image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/tgi:1'),
      environment: { MODEL_ID: 'llama' },
      secrets: { HF_TOKEN: ContainerSecret.fromSecretsManager(secret, 'token') },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: Match.objectLike({ Environment: {
      MODEL_ID: 'llama',
      HF_TOKEN_SECRET_ARN: { 'Fn::Join': ['', [{ Ref: Match.stringLikeRegexp('^HfToken') }, '#token']] },
    } }) });
    const executionRole = Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('ModelRole'));
    expect(executionRole).toHaveLength(1);
    const secretRef = { Ref: expect.stringMatching(/^HfToken/) };
    expect(rolePermissions(stack, executionRole[0])).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretRef },
      { Effect: 'Allow', Action: 'secretsmanager:DescribeSecret', Resource: secretRef },
    ]));
  });

  test('warns when a plain environment variable looks like a secret', () => {
    const { stack } = testStack();
    new InferenceModel(stack, 'Model', {
      image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/tgi:1'), environment: { HF_TOKEN: 'hf_x' },
    });
    Annotations.fromStack(stack).hasWarning('/TestStack/Model', Match.stringLikeRegexp('environment HF_TOKEN look like secrets'));
  });
});
