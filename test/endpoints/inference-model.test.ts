import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnParameter, Stack, aws_ec2 as ec2, aws_ecr as ecr, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { InferenceModel, ModelData, ModelImage } from '../../lib';
import { Permission, permissionsOf, rolePermissions, testStack } from '../helpers';

/** What the model's role may do, one action and resource at a time (see permissionsOf). */
function policyStatements(stack: Stack, model: InferenceModel): Permission[] {
  return rolePermissions(stack, stack.getLogicalId(model.role.node.defaultChild as iam.CfnRole));
}

/** Expects `actual` to hold every permission of `statements` (and maybe more). */
function expectAllows(actual: Permission[], ...statements: any[]): void {
  expect(actual).toEqual(expect.arrayContaining(permissionsOf(statements)));
}

describe('InferenceModel', () => {
  test('creates a SageMaker-assumed role with no managed policy', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    new InferenceModel(stack, 'Model', { image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:v1') });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' } }] },
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('an ECR repository image: pull on that repository, token on * (no resource-level permission)', () => {
    // GIVEN
    const { stack } = testStack();
    const repo = new ecr.Repository(stack, 'Repo');
    // WHEN
    const model = new InferenceModel(stack, 'Model', { image: ModelImage.fromEcrRepository(repo, 'v3') });
    // THEN
    const statements = policyStatements(stack, model);
    expectAllows(statements, {
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(repo.node.defaultChild as ecr.CfnRepository), 'Arn'] },
    });
    expectAllows(statements, { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' });
  });

  test('an image URI in another account: pull on that repository ARN only', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    const model = new InferenceModel(stack, 'Model', {
      image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310'),
    });
    // THEN
    expectAllows(policyStatements(stack, model), {
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Effect: 'Allow',
      Resource: 'arn:aws:ecr:us-east-1:763104351884:repository/pytorch-inference',
    });
  });

  test('an image URI known only at deploy time: pull on any repository', () => {
    // GIVEN
    const { stack } = testStack();
    const uri = new CfnParameter(stack, 'ImageUri');
    // WHEN
    const model = new InferenceModel(stack, 'Model', { image: ModelImage.fromImageUri(uri.valueAsString) });
    // THEN
    expectAllows(policyStatements(stack, model), {
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], Effect: 'Allow', Resource: '*',
    });
  });

  test('model data: s3:GetObject on that one object, and decrypt with the bucket key', () => {
    // GIVEN
    const { stack } = testStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Models', { encryptionKey: key });
    // WHEN
    const model = new InferenceModel(stack, 'Model', {
      image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:v1'),
      modelData: ModelData.fromBucket(bucket, 'recommender/model.tar.gz'),
    });
    // THEN
    const statements = policyStatements(stack, model);
    expectAllows(statements, {
      Action: 's3:GetObject', Effect: 'Allow',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket), 'Arn'] }, '/recommender/model.tar.gz']] },
    });
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } }));
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: { ModelDataUrl: { 'Fn::Join': ['', ['s3://', { Ref: stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket) }, '/recommender/model.tar.gz']] } },
    });
  });

  test('endpoint logs: the log group of that endpoint and its streams', () => {
    // GIVEN
    const { stack } = testStack();
    const model = new InferenceModel(stack, 'Model', { image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:v1') });
    // WHEN
    model.grantWriteEndpointLogs('my-endpoint');
    // THEN
    const statements = policyStatements(stack, model);
    expectAllows(statements, {
      Action: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'], Effect: 'Allow',
      Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/my-endpoint',
    });
    expectAllows(statements, {
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow',
      Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/my-endpoint:log-stream:*',
    });
  });

  test('a role passed in is used and no role is created', () => {
    // GIVEN
    const { stack } = testStack();
    const role = iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::123456789012:role/sagemaker-exec', { mutable: false });
    // WHEN
    new InferenceModel(stack, 'Model', { image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:v1'), role });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.hasResourceProperties('AWS::SageMaker::Model', { ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker-exec' });
  });

  test('in a VPC: private subnets, a security group, and network-interface actions held to the VPC', () => {
    // GIVEN
    const { stack } = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    // WHEN
    const model = new InferenceModel(stack, 'Model', {
      image: ModelImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:v1'),
      vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      VpcConfig: { Subnets: Match.arrayWith([{ Ref: Match.stringLikeRegexp('VpcIsolatedSubnet1') }]), SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ModelSecurityGroup'), 'GroupId'] }] },
    });
    expect(model.connections).toBeDefined();
    expectAllows(policyStatements(stack, model), {
      Effect: 'Allow', Resource: '*',
      Action: ['ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
      Condition: { ArnEquals: { 'ec2:Vpc': { 'Fn::Join': ['', ['arn:aws:ec2:us-east-1:123456789012:vpc/', { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) }]] } } },
    });
  });

  test('local assets: the image is built into the bootstrap repository and the artifact uploaded to the bootstrap bucket', () => {
    // GIVEN a directory with a Dockerfile and a model file
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM public.ecr.aws/docker/library/python:3.12-slim\n');
    fs.writeFileSync(path.join(dir, 'model.tar.gz'), 'weights');
    const { stack } = testStack();
    // WHEN
    const model = new InferenceModel(stack, 'Model', {
      image: ModelImage.fromAsset(dir, { exclude: ['model.tar.gz'] }),
      modelData: ModelData.fromAsset(path.join(dir, 'model.tar.gz')),
    });
    // THEN
    const container = Template.fromStack(stack).findResources('AWS::SageMaker::Model')[stack.getLogicalId(model.resource)].Properties.PrimaryContainer;
    expect(JSON.stringify(container.Image)).toContain('cdk-hnb659fds-container-assets');
    expect(JSON.stringify(container.ModelDataUrl)).toContain('cdk-hnb659fds-assets');
    expect(policyStatements(stack, model)).toContainEqual(expect.objectContaining({ Action: 's3:GetObject' }));
  });
});
