#!/usr/bin/env node
// A plain JavaScript CDK app (CommonJS, run with `node bin/app.js`): the same stack as the
// TypeScript consumer's lib/inference-stack.ts.
const cdk = require('aws-cdk-lib');
const { aws_iam: iam, aws_kms: kms, aws_s3: s3, aws_sagemaker: sagemaker } = cdk;
const { AwsSolutionsChecks } = require('cdk-nag');
const {
  AsyncEndpoint, AsyncTrafficProfile, BudgetGuard, CostAwareChecks, IdleNotebookStopper, ModelData, ModelImage, RealtimeEndpoint, TrafficProfile,
} = require('cdk-cost-aware-inference');

const app = new cdk.App();
const stack = new cdk.Stack(app, 'ConsumerStack', { env: { region: 'us-east-1' } });

new RealtimeEndpoint(stack, 'Chat', {
  model: {
    image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04'),
    environment: { HF_MODEL_ID: 'mistralai/Mistral-7B-Instruct-v0.3', SM_NUM_GPUS: '1' },
  },
  instanceType: 'ml.g5.xlarge',
  maxCapacity: 4,
  maxRequestsPerSecondPerInstance: 2,
  traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 5, peakHoursPerDay: 2, offPeakRequestsPerSecond: 0.5 }),
});

new AsyncEndpoint(stack, 'Extractor', {
  model: {
    image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04'),
    modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'ModelBucket', 'document-models'), 'layout-extractor/v3/model.tar.gz'),
  },
  instanceType: 'ml.g6e.2xlarge',
  maxCapacity: 2,
  traffic: AsyncTrafficProfile.constant({ requestsPerHour: 60, processingTimePerRequest: cdk.Duration.seconds(30) }),
});

const key = new kms.Key(stack, 'NotebookKey', { enableKeyRotation: true, removalPolicy: cdk.RemovalPolicy.DESTROY });
const role = new iam.Role(stack, 'NotebookRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
const notebook = new sagemaker.CfnNotebookInstance(stack, 'Notebook', {
  instanceType: 'ml.g5.xlarge', roleArn: role.roleArn, kmsKeyId: key.keyId, rootAccess: 'Disabled',
});
for (const id of ['AwsSolutions-SM1', 'AwsSolutions-SM3']) {
  cdk.Validations.of(notebook).acknowledge({ id, reason: 'A smoke-test notebook reaching the SageMaker API over its default internet access.' });
}
new IdleNotebookStopper(stack, 'IdleStopper', { workingHours: { timeZone: cdk.TimeZone.EUROPE_PARIS } }).cover(notebook, { role });

// The embedded price book has no citable SageMaker async or notebook rate, so the default amount
// (projection + 20%) would leave lines out and is refused: state the amount (or refresh prices).
new BudgetGuard(stack, 'Budget', { emails: ['ml-team@example.com'], amountUsd: 3000 });

cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CostAwareChecks(app));
