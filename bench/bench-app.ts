// A generated app of N priced resources for the synth benchmark.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, aws_applicationautoscaling as appscaling, aws_autoscaling as autoscaling, aws_ec2 as ec2, aws_sagemaker as sagemaker, Stack } from 'aws-cdk-lib';
import { CostReport } from '../lib';

const PRICED_PER_STACK = 100; // keeps every stack well under CloudFormation's 500-resource limit

/** An app with `priced` priced resources: endpoint configs (with endpoint and scalable target), notebooks and GPU groups. */
export function buildApp(priced: number, report: boolean): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-bench-'));
  const app = new App({ outdir, context: {
    'cdk-cost-aware-inference:report': String(report),
    'cdk-cost-aware-inference:print': 'false',
    // What the CDK CLI sets for every `cdk synth` (the report reads templates by this metadata).
    'aws:cdk:enable-path-metadata': true,
  } });
  CostReport.of(app);
  let stack: Stack | undefined;
  for (let i = 0; i < priced; i++) {
    if (i % PRICED_PER_STACK === 0) stack = new Stack(app, `Bench${i / PRICED_PER_STACK}`, { env: { region: 'us-east-1' } });
    const s = stack!;
    switch (i % 4) {
      case 0:
      case 1: {
        const cfg = new sagemaker.CfnEndpointConfig(s, `Config${i}`, {
          productionVariants: [{ variantName: 'AllTraffic', modelName: 'm', instanceType: 'ml.g5.xlarge', initialInstanceCount: 1 }],
        });
        const endpoint = new sagemaker.CfnEndpoint(s, `Endpoint${i}`, { endpointConfigName: cfg.attrEndpointConfigName });
        new appscaling.CfnScalableTarget(s, `Target${i}`, {
          serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
          resourceId: `endpoint/${endpoint.attrEndpointName}/variant/AllTraffic`, minCapacity: 1, maxCapacity: 4,
        });
        break;
      }
      case 2:
        new sagemaker.CfnNotebookInstance(s, `Notebook${i}`, { instanceType: 'ml.t3.medium', roleArn: 'arn:aws:iam::123456789012:role/r' });
        break;
      default: {
        const template = new ec2.CfnLaunchTemplate(s, `Template${i}`, { launchTemplateData: { instanceType: 'g5.xlarge' } });
        new autoscaling.CfnAutoScalingGroup(s, `Group${i}`, {
          minSize: '0', maxSize: '4', vpcZoneIdentifier: ['subnet-12345678'],
          launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
        });
      }
    }
  }
  return app;
}

