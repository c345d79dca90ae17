import * as cdk from 'aws-cdk-lib/core';
import { aws_iam as iam, aws_kms as kms, aws_s3 as s3, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AsyncEndpoint, AsyncTrafficProfile, BudgetGuard, IdleNotebookStopper, ModelData, ModelImage, RealtimeEndpoint, TrafficProfile,
} from 'cdk-cost-aware-inference';

/**
 * A consumer's stack, as a new user writes it in an app from `cdk init app --language typescript`:
 * a real-time GPU endpoint, an asynchronous endpoint that scales to zero, a notebook covered by
 * the idle stopper, and a budget. The smoke test of the package (test/package/) installs the
 * packed tarball into fresh apps and synthesizes this stack under both rule packs.
 */
export class InferenceStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    new RealtimeEndpoint(this, 'Chat', {
      model: {
        image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04'),
        environment: { HF_MODEL_ID: 'mistralai/Mistral-7B-Instruct-v0.3', SM_NUM_GPUS: '1' },
      },
      instanceType: 'ml.g5.xlarge',
      maxCapacity: 4,
      maxRequestsPerSecondPerInstance: 2,
      traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 5, peakHoursPerDay: 2, offPeakRequestsPerSecond: 0.5 }),
    });

    new AsyncEndpoint(this, 'Extractor', {
      model: {
        image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04'),
        modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(this, 'ModelBucket', 'document-models'), 'layout-extractor/v3/model.tar.gz'),
      },
      instanceType: 'ml.g6e.2xlarge',
      maxCapacity: 2,
      traffic: AsyncTrafficProfile.constant({ requestsPerHour: 60, processingTimePerRequest: cdk.Duration.seconds(30) }),
    });

    const key = new kms.Key(this, 'NotebookKey', { enableKeyRotation: true, removalPolicy: cdk.RemovalPolicy.DESTROY });
    const role = new iam.Role(this, 'NotebookRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const notebook = new sagemaker.CfnNotebookInstance(this, 'Notebook', {
      instanceType: 'ml.g5.xlarge', roleArn: role.roleArn, kmsKeyId: key.keyId, rootAccess: 'Disabled',
    });
    for (const id of ['AwsSolutions-SM1', 'AwsSolutions-SM3']) {
      cdk.Validations.of(notebook).acknowledge({ id, reason: 'A smoke-test notebook reaching the SageMaker API over its default internet access.' });
    }
    new IdleNotebookStopper(this, 'IdleStopper', { workingHours: { timeZone: cdk.TimeZone.EUROPE_PARIS } }).cover(notebook, { role });

    // The embedded price book has no citable SageMaker async or notebook rate, so the default amount
    // (projection + 20%) would leave lines out and is refused: state the amount (or refresh prices).
    new BudgetGuard(this, 'Budget', { emails: ['ml-team@example.com'], amountUsd: 3000 });
  }
}
