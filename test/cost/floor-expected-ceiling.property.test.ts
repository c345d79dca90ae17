import * as fc from 'fast-check';
import { aws_applicationautoscaling as appscaling, aws_autoscaling as autoscaling, aws_ec2 as ec2, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { CostReport } from '../../lib';
import { reportOf, testStack } from '../helpers';

// Property: whatever the capacity bounds, distribution and recorded usage, every line and the
// totals satisfy floor ≤ expected ≤ ceiling, and no line is negative.
const GPU_TYPES = ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge', 'inf2.xlarge', 'g4dn.xlarge'];
const ML_TYPES = ['ml.g5.xlarge', 'ml.g4dn.xlarge', 'ml.m5.xlarge', 'ml.inf2.xlarge'];

function assertOrdered(report: ReturnType<typeof reportOf>): void {
  for (const l of [...report.lines.map(x => x.monthlyUsd), report.totals.monthlyUsd]) {
    expect(l.floor).toBeGreaterThanOrEqual(0);
    expect(l.floor).toBeLessThanOrEqual(l.expected + 1e-9);
    expect(l.expected).toBeLessThanOrEqual(l.ceiling + 1e-9);
  }
}

describe('floor ≤ expected ≤ ceiling', () => {
  test('holds for Auto Scaling groups with any bounds, Spot distribution and usage', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 10 }), fc.option(fc.integer({ min: 0, max: 16 })),
      fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 100 }),
      fc.subarray(GPU_TYPES, { minLength: 1 }),
      fc.option(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 48 })),
      (min, extra, desired, base, pct, types, hourly) => {
        const { app, stack } = testStack();
        const template = new ec2.CfnLaunchTemplate(stack, 'T', { launchTemplateData: { instanceType: types[0] } });
        const max = min + extra;
        const asg = new autoscaling.CfnAutoScalingGroup(stack, 'G', {
          minSize: String(min), maxSize: String(max), desiredCapacity: desired === null ? undefined : String(Math.min(max, Math.max(min, desired))),
          mixedInstancesPolicy: {
            launchTemplate: {
              launchTemplateSpecification: { launchTemplateId: template.ref, version: '1' },
              overrides: types.map(t => ({ instanceType: t })),
            },
            instancesDistribution: { onDemandBaseCapacity: base, onDemandPercentageAboveBaseCapacity: pct },
          },
        });
        if (hourly) CostReport.of(app).recordAutoScalingGroupUsage(asg, { hourlyDemand: hourly, assumptions: [] });
        assertOrdered(reportOf(app));
      }), { numRuns: 60 });
  });

  test('holds for endpoint configs with any scalable target bounds and usage', () => {
    fc.assert(fc.property(
      fc.constantFrom(...ML_TYPES), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 8 }),
      fc.option(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 168 })), fc.boolean(),
      (type, initial, min, extra, hourly, async) => {
        const { app, stack } = testStack();
        const cfg = new sagemaker.CfnEndpointConfig(stack, 'C', {
          productionVariants: [{ variantName: 'V', modelName: 'm', instanceType: type, initialInstanceCount: initial }],
          asyncInferenceConfig: async ? { outputConfig: { s3OutputPath: 's3://b/o' } } : undefined,
        });
        const endpoint = new sagemaker.CfnEndpoint(stack, 'E', { endpointConfigName: cfg.attrEndpointConfigName });
        new appscaling.CfnScalableTarget(stack, 'S', {
          serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
          resourceId: `endpoint/${endpoint.attrEndpointName}/variant/V`, minCapacity: min, maxCapacity: Math.max(1, min + extra),
        });
        if (hourly) CostReport.of(app).recordVariantUsage(cfg, { variantName: 'V', hourlyDemand: hourly, assumptions: [] });
        assertOrdered(reportOf(app));
      }), { numRuns: 60 });
  });
});
