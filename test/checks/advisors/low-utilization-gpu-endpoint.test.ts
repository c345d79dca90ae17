import { aws_applicationautoscaling as appscaling } from 'aws-cdk-lib';
import { CostAwareChecks, CostReport, PriceBook } from '../../../lib';
import { reportOf, testStack } from '../../helpers';
import { endpoint } from '../check-helpers';
import { PriceBookKind, PriceService, PriceUsage } from '../../../lib/pricing/price-entry';

const ID = 'CostAware-Advice-LowUtilization';
const week = (value: number): number[] => new Array(168).fill(value);

/** The snapshot plus a stand-in async rate for ml.g5.xlarge equal to its hosting rate (test fixture only). */
function bookWithAsyncRate(): PriceBook {
  const snapshot = PriceBook.snapshot();
  const hosting = snapshot.lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlarge' });
  if (!hosting.entry) throw new Error('snapshot lacks ml.g5.xlarge hosting');
  return new PriceBook({
    schemaVersion: 1, kind: PriceBookKind.SNAPSHOT, date: 'test',
    entries: [...snapshot.entries, { ...hosting.entry, usage: PriceUsage.ASYNC, source: 'test fixture: stand-in async rate' }],
  });
}

describe('CostAware-Advice-LowUtilization', () => {
  test('advises async for a GPU variant whose recorded traffic keeps it 5% busy, with the saving at the async rate', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    CostReport.of(app).usePriceBook(bookWithAsyncRate());
    const { config } = endpoint(stack, 'Gpu', { scaling: { min: 2, max: 4 } });
    // WHEN: 2 instances all week for 0.2 requests/s, each instance kept at 2 requests/s
    CostReport.of(app).recordVariantUsage(config, {
      variantName: 'AllTraffic', hourlyDemand: week(2), hourlyRequestsPerSecond: week(0.2), targetRequestsPerSecondPerInstance: 2,
      assumptions: ['constant 0.2 requests/s'],
    });
    const advice = reportOf(app).recommendations.filter(r => r.id === ID);
    // THEN: busy = 0.2 / (2 × 2) = 5%
    const rate = PriceBook.snapshot().lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlarge' });
    expect(rate.entry?.priceUsd).toBe(1.4084);
    // expected: 2 instances × 730 h × $1.4084; async: ceil(0.2 / 2) = 1 instance × 730 h × $1.4084 (the stand-in rate)
    const saving = 2 * 730 * 1.4084 - 1 * 730 * 1.4084;
    expect(advice).toHaveLength(1);
    expect(advice[0].path).toBe('TestStack/GpuConfig');
    expect(advice[0].message).toContain('ml.g5.xlarge real-time variant AllTraffic is 5% busy');
    expect(advice[0].estimatedMonthlySavingUsd).toBeCloseTo(saving, 2);
  });

  test('reads the per-instance target from a SageMakerVariantInvocationsPerInstance policy when none is recorded', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    const { config, target } = endpoint(stack, 'Gpu', { scaling: { min: 1, max: 4 } });
    new appscaling.CfnScalingPolicy(stack, 'Policy', {
      policyName: 'invocations', policyType: 'TargetTrackingScaling', scalingTargetId: target!.ref,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: 120, // invocations a minute per instance = 2 requests/s
        predefinedMetricSpecification: { predefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      },
    });
    // WHEN: 1 instance for 0.3 requests/s → 15% busy
    CostReport.of(app).recordVariantUsage(config, {
      variantName: 'AllTraffic', hourlyDemand: week(1), hourlyRequestsPerSecond: week(0.3), assumptions: [] });
    const advice = reportOf(app).recommendations.filter(r => r.id === ID);
    // THEN: the snapshot has no async rate for ml.g5.xlarge, so no saving is claimed
    expect(advice.map(a => [a.path, a.estimatedMonthlySavingUsd])).toEqual([['TestStack/GpuConfig', undefined]]);
    expect(advice[0].message).toContain('is 15% busy');
  });

  test('gives no advice at 20% busy or more', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    const { config } = endpoint(stack, 'Gpu', { scaling: { min: 1, max: 4 } });
    // WHEN: 1 instance for 0.4 requests/s at 2 per instance → 20%
    CostReport.of(app).recordVariantUsage(config, {
      variantName: 'AllTraffic', hourlyDemand: week(1), hourlyRequestsPerSecond: week(0.4), targetRequestsPerSecondPerInstance: 2, assumptions: [],
    });
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID)).toEqual([]);
  });

  test('gives no advice without recorded traffic, for CPU variants, or for async endpoints', () => {
    // GIVEN
    const { app, stack } = testStack();
    new CostAwareChecks(app);
    endpoint(stack, 'NoTraffic', { scaling: { min: 1, max: 4 } });
    const cpu = endpoint(stack, 'Cpu', { instanceType: 'ml.m5.large', scaling: { min: 1, max: 4 } });
    const asyncGpu = endpoint(stack, 'Async', { async: true, scaling: { min: 0, max: 4 } });
    const quiet = { variantName: 'AllTraffic', hourlyDemand: week(1), hourlyRequestsPerSecond: week(0.01), targetRequestsPerSecondPerInstance: 2, assumptions: [] };
    // WHEN
    CostReport.of(app).recordVariantUsage(cpu.config, quiet);
    CostReport.of(app).recordVariantUsage(asyncGpu.config, quiet);
    // THEN
    expect(reportOf(app).recommendations.filter(r => r.id === ID)).toEqual([]);
  });
});
