#!/usr/bin/env node
import { App, Stack, aws_autoscaling as autoscaling, aws_ec2 as ec2, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { CostReport } from '../lib';

// Demo app: what `npx cdk synth` runs. Raw L1 resources, priced by CloudFormation type.
const app = new App();
CostReport.of(app);
const stack = new Stack(app, 'CostAwareDemo', { env: { region: 'us-east-1' } });

new sagemaker.CfnEndpointConfig(stack, 'EndpointConfig', {
  productionVariants: [{ variantName: 'AllTraffic', modelName: 'demo-model', instanceType: 'ml.g5.xlarge', initialInstanceCount: 2 }],
});
new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.g5.xlarge', roleArn: 'arn:aws:iam::123456789012:role/demo' });
const template = new ec2.CfnLaunchTemplate(stack, 'GpuTemplate', { launchTemplateData: { instanceType: 'g5.xlarge' } });
new autoscaling.CfnAutoScalingGroup(stack, 'GpuGroup', {
  minSize: '0', maxSize: '4', desiredCapacity: '0',
  launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
  vpcZoneIdentifier: ['subnet-12345678'],
});
app.synth();
