#!/usr/bin/env node
import { App, Stack, aws_autoscaling as autoscaling, aws_ec2 as ec2, aws_s3 as s3, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { CostReport, ModelData, ModelImage, RealtimeEndpoint, TrafficProfile } from '../lib';

// Demo app: what `npx cdk synth` runs. This library's constructs beside raw L1 resources, all priced by CloudFormation type.
const app = new App();
CostReport.of(app);
const stack = new Stack(app, 'CostAwareDemo', { env: { region: 'us-east-1' } });

// A real-time endpoint sized by its traffic: 2 instances by day, up to 6 for a 2-hour evening peak.
new RealtimeEndpoint(stack, 'Recommender', {
  model: {
    image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310'),
    modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'ModelBucket', 'demo-models'), 'recommender/model.tar.gz'),
  },
  instanceType: 'ml.g5.xlarge',
  minCapacity: 2,
  maxCapacity: 6,
  maxRequestsPerSecondPerInstance: 40,
  scheduledCapacity: [{ name: 'Nights', startHour: 1, endHour: 7, minCapacity: 1, maxCapacity: 2 }],
  traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 100, peakHoursPerDay: 2, peakStartHour: 19, offPeakRequestsPerSecond: 15 }),
});
new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.g5.xlarge', roleArn: 'arn:aws:iam::123456789012:role/demo' });
const template = new ec2.CfnLaunchTemplate(stack, 'GpuTemplate', { launchTemplateData: { instanceType: 'g5.xlarge' } });
new autoscaling.CfnAutoScalingGroup(stack, 'GpuGroup', {
  minSize: '0', maxSize: '4', desiredCapacity: '0',
  launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
  vpcZoneIdentifier: ['subnet-12345678'],
});
app.synth();
