import { aws_applicationautoscaling as appscaling, aws_sagemaker as sagemaker, CfnParameter } from 'aws-cdk-lib';
import { CostReport, PriceBook } from '../../../lib';
import { lineAt, reportOf, testStack } from '../../helpers';
import { PriceBookKind, PriceService, PriceUsage } from '../../../lib/pricing/price-entry';

const G5_XLARGE_HOSTING = PriceBook.snapshot().lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlarge' });

function config(stack: any, id = 'Config', variant: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return new sagemaker.CfnEndpointConfig(stack, id, {
    productionVariants: [{ variantName: 'AllTraffic', modelName: 'm', instanceType: 'ml.g5.xlarge', initialInstanceCount: 2, ...variant }],
    ...extra,
  });
}

describe('EndpointConfig pricer', () => {
  test('the ml.g5.xlarge us-east-1 hosting price is the sourced list price', () => {
    expect(G5_XLARGE_HOSTING.entry?.priceUsd).toBe(1.4084);
  });

  test('prices an instance variant with no autoscaling as InitialInstanceCount all month', () => {
    // GIVEN
    const { app, stack } = testStack();
    config(stack);
    // WHEN
    const line = lineAt(reportOf(app), 'TestStack/Config');
    // THEN: 2 instances × 730 h × $1.4084 = $2,056.264
    expect(line.priced).toBe(true);
    expect(line.quantity).toBe(1460);
    expect(line.unitPriceUsd).toBe(1.4084);
    expect(line.monthlyUsd).toEqual({ floor: 2056.26, expected: 2056.26, ceiling: 2056.26 });
    expect(line.price).toMatchObject({ region: 'us-east-1', sku: 'ml.g5.xlarge', usage: PriceUsage.HOSTING });
    expect(line.assumptions).toContain('no autoscaling: InitialInstanceCount 2 running all month');
  });

  test('takes floor and ceiling from the scalable target that scales the variant through its endpoint', () => {
    // GIVEN an endpoint config, its endpoint, and a scalable target naming the endpoint by GetAtt
    const { app, stack } = testStack();
    const cfg = config(stack, 'Config', { initialInstanceCount: 1 });
    const endpoint = new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: cfg.attrEndpointConfigName });
    new appscaling.CfnScalableTarget(stack, 'Target', {
      serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      resourceId: `endpoint/${endpoint.attrEndpointName}/variant/AllTraffic`, minCapacity: 1, maxCapacity: 4,
    });
    // WHEN
    const line = lineAt(reportOf(app), 'TestStack/Config');
    // THEN floor 1 × 730 × 1.4084 = 1028.132; expected 1 (initial) ; ceiling 4 × 730 × 1.4084 = 4112.528
    expect(line.monthlyUsd).toEqual({ floor: 1028.13, expected: 1028.13, ceiling: 4112.53 });
    expect(line.assumptions).toContain('autoscaled between 1 and 4 instances by TestStack/Target');
  });

  test('uses recorded hourly instances for expected, clamped to the target bounds', () => {
    // GIVEN
    const { app, stack } = testStack();
    const cfg = config(stack, 'Config', { initialInstanceCount: 1 });
    const endpoint = new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: cfg.attrEndpointConfigName });
    new appscaling.CfnScalableTarget(stack, 'Target', {
      serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      resourceId: `endpoint/${endpoint.attrEndpointName}/variant/AllTraffic`, minCapacity: 1, maxCapacity: 3,
    });
    // 22 hours needing 1 instance, 2 hours needing 5 (clamped to 3 in each of them)
    CostReport.of(app).recordVariantUsage(cfg, {
      variantName: 'AllTraffic', hourlyDemand: [...new Array(22).fill(1), 5, 5], assumptions: ['test profile'],
    });
    // WHEN
    const line = lineAt(reportOf(app), 'TestStack/Config');
    // THEN expected = (22 × 1 + 2 × 3) / 24 × 730 × $1.4084 = $1,199.49: each hour clamped to [1, 3], then averaged
    expect(line.monthlyUsd.expected).toBeCloseTo((22 * 1 + 2 * 3) / 24 * 730 * 1.4084, 2);
    expect(line.assumptions).toContain('test profile');
  });

  test('links a scalable target that names the endpoint by a literal name', () => {
    const { app, stack } = testStack();
    config(stack, 'Config', { initialInstanceCount: 1 }, { endpointConfigName: 'cfg-a' });
    new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: 'cfg-a', endpointName: 'ep-a' });
    new appscaling.CfnScalableTarget(stack, 'Target', {
      serviceNamespace: 'sagemaker', scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      resourceId: 'endpoint/ep-a/variant/AllTraffic', minCapacity: 0, maxCapacity: 2,
    });
    const line = lineAt(reportOf(app), 'TestStack/Config');
    expect(line.monthlyUsd.floor).toBe(0);
    expect(line.monthlyUsd.ceiling).toBeCloseTo(2 * 730 * 1.4084, 2);
  });

  test('prices an async config at the asynchronous inference rate', () => {
    const { app, stack } = testStack();
    config(stack, 'Config', { instanceType: 'ml.g6e.2xlarge', initialInstanceCount: 1 }, {
      asyncInferenceConfig: { outputConfig: { s3OutputPath: 's3://bucket/out' } },
    });
    const line = lineAt(reportOf(app), 'TestStack/Config');
    // 1 × 730 × $2.8026 (USE1 AsyncInf rate)
    expect(line.price?.usage).toBe('async');
    expect(line.monthlyUsd.expected).toBeCloseTo(730 * 2.8026, 2);
  });

  test('prices a serverless variant from recorded GB-seconds, with a ceiling of every slot busy', () => {
    const { app, stack } = testStack();
    const cfg = config(stack, 'Config', { instanceType: undefined, initialInstanceCount: undefined, serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 5 } });
    CostReport.of(app).recordVariantUsage(cfg, { variantName: 'AllTraffic', serverlessGbSecondsPerMonth: 1_000_000, assumptions: ['1M GB-s'] });
    const line = lineAt(reportOf(app), 'TestStack/Config');
    // expected 1,000,000 GB-s × $0.00002; ceiling 2 GB × 5 × 730 h × 3600 s × $0.00002
    expect(line.usageDependent).toBe(true);
    expect(line.monthlyUsd.floor).toBe(0);
    expect(line.monthlyUsd.expected).toBeCloseTo(1_000_000 * 0.00002, 2);
    expect(line.monthlyUsd.ceiling).toBeCloseTo(2 * 5 * 730 * 3600 * 0.00002, 2);
  });

  test('an unknown instance type is unpriced with close matches', () => {
    const { app, stack } = testStack();
    config(stack, 'Config', { instanceType: 'ml.g5.xlage' });
    const line = lineAt(reportOf(app), 'TestStack/Config');
    expect(line.priced).toBe(false);
    expect(line.reason).toContain("did you mean 'ml.g5.xlarge'");
    expect(line.monthlyUsd).toEqual({ floor: 0, expected: 0, ceiling: 0 });
  });

  test('a token instance type is unpriced with the reason', () => {
    const { app, stack } = testStack();
    const type = new CfnParameter(stack, 'InstanceType', { default: 'ml.g5.xlarge' });
    config(stack, 'Config', { instanceType: type.valueAsString });
    const report = reportOf(app);
    const line = lineAt(report, 'TestStack/Config');
    expect(line.priced).toBe(false);
    expect(line.reason).toContain('InstanceType is not known at synth time (Ref InstanceType)');
    expect(report.unpricedCount).toBe(1);
  });

  test('a type priced elsewhere but not in the stack region says where it is priced', () => {
    const { app, stack } = testStack('eu-west-1');
    config(stack, 'Config', { instanceType: 'ml.g6e.2xlarge' });
    const line = lineAt(reportOf(app), 'TestStack/Config');
    expect(line.priced).toBe(false);
    expect(line.reason).toMatch(/in eu-west-1 in the price book \(priced in: .*us-east-1/);
  });
});

describe('EndpointConfig pricer: the money beside the instance-hours', () => {
  test('a variant with VolumeSizeInGB has an ML storage line over its instance-hours, unpriced with the reason while the book has no rate', () => {
    // GIVEN 2 instances all month with 100 GB each
    const { app, stack } = testStack();
    config(stack, 'Config', { volumeSizeInGb: 100 });
    // WHEN
    const lines = reportOf(app).lines.filter(l => l.path === 'TestStack/Config');
    const storage = lines.find(l => l.component === 'AllTraffic/storage')!;
    // THEN 100 GB × 1,460 instance-hours ÷ 730 = 200 GB-months, stated with its unit
    expect(storage.description).toBe('ML storage, ml.g5.xlarge variant AllTraffic, 100 GB per instance');
    expect(storage.priced).toBe(false);
    expect(storage.reason).toContain("no SageMaker ml-storage-gb-month price for 'hosting-ml-storage' in the price book");
    expect(storage.assumptions).toContain('200 GB-months expected');
  });

  test('a VolumeSizeInGB that is a token leaves the storage line unpriced, saying why', () => {
    const { app, stack } = testStack();
    config(stack, 'Config', { volumeSizeInGb: new CfnParameter(stack, 'Size', { type: 'Number' }).valueAsNumber });
    const storage = reportOf(app).lines.find(l => l.component === 'AllTraffic/storage')!;
    expect(storage.priced).toBe(false);
    expect(storage.reason).toMatch(/^variant AllTraffic VolumeSizeInGB is not known at synth time/);
  });

  test('priced from the book when it has the rate; a region without it is unpriced, naming the region', () => {
    // GIVEN a book with a hosting ML storage rate in us-east-1 only
    const book = PriceBook.snapshot();
    const withStorage = new PriceBook({
      schemaVersion: 1, date: book.origin.date, kind: PriceBookKind.SNAPSHOT,
      entries: [...book.entries, {
        service: PriceService.SAGEMAKER, usage: PriceUsage.ML_STORAGE_GB_MONTH, region: 'us-east-1', sku: 'hosting-ml-storage', unit: 'GB-month', priceUsd: 0.14,
        source: 'test', date: '2026-01-01',
      }],
    });
    const east = testStack();
    CostReport.of(east.app).usePriceBook(withStorage);
    config(east.stack, 'Config', { volumeSizeInGb: 100 });
    const west = testStack('eu-west-1');
    CostReport.of(west.app).usePriceBook(withStorage);
    config(west.stack, 'Config', { volumeSizeInGb: 100 });
    // WHEN
    const priced = reportOf(east.app).lines.find(l => l.component === 'AllTraffic/storage')!;
    const missing = reportOf(west.app).lines.find(l => l.component === 'AllTraffic/storage')!;
    // THEN 200 GB-months × $0.14 = $28
    expect(priced.monthlyUsd).toEqual({ floor: 28, expected: 28, ceiling: 28 });
    expect(missing.priced).toBe(false);
    expect(missing.reason).toContain('eu-west-1');
  });

  test('data processed from a stated payload size is a line of its own, usage-dependent', () => {
    // GIVEN a variant whose traffic states 1,000 GB of payload a month
    const { app, stack } = testStack();
    const cfg = config(stack);
    CostReport.of(app).recordVariantUsage(cfg, {
      variantName: 'AllTraffic', dataProcessedGbPerMonth: 1000, assumptions: ['payload: 8 KB in + 2 KB out per request, 1,000 GB a month'],
    });
    // WHEN
    const data = reportOf(app).lines.find(l => l.component === 'AllTraffic/data-processed')!;
    // THEN unpriced with the reason while the book has no rate, its quantity stated with the unit
    expect(data.description).toBe('data processed in and out, real-time variant AllTraffic');
    expect(data.priced).toBe(false);
    expect(data.reason).toContain("no SageMaker hosting-data-processed price for 'data-processed' in the price book");
    expect(data.assumptions).toEqual([
      'payload: 8 KB in + 2 KB out per request, 1,000 GB a month',
      '1,000 GB a month in and out, billed per GB',
      'usage-dependent: the ceiling is not bounded by the template and is shown equal to expected',
    ]);
  });

  test('without a payload size the instance line says data processed is not included', () => {
    const { app, stack } = testStack();
    config(stack);
    const line = lineAt(reportOf(app), 'TestStack/Config');
    expect(line.assumptions).toContain('data processed in and out (billed per GB) is not included: no payload size stated (TrafficProfile.withPayloadSize)');
  });
});
