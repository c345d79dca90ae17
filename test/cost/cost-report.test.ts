import * as fs from 'fs';
import * as path from 'path';
import { App, aws_sagemaker as sagemaker, Stack } from 'aws-cdk-lib';
import { CostReport, PriceBook } from '../../lib';
import { renderMarkdown, renderTable } from '../../lib/cost/private/render';
import { CDK_INIT_CONTEXT, lineAt, reportOf, TEST_PRICE_CACHE, testApp, testStack } from '../helpers';
import { PriceBookKind, PriceService, PriceUsage } from '../../lib/pricing/price-entry';

function endpointConfig(stack: Stack, id = 'Config', instanceType = 'ml.g5.xlarge') {
  return new sagemaker.CfnEndpointConfig(stack, id, {
    productionVariants: [{ variantName: 'AllTraffic', modelName: 'm', instanceType, initialInstanceCount: 2 }],
  });
}

describe('CostReport', () => {
  test('of() returns one report per app, at the root', () => {
    const { app, stack } = testStack();
    expect(CostReport.of(stack)).toBe(CostReport.of(app));
    expect(app.node.tryFindChild(CostReport.ID)).toBe(CostReport.of(stack));
  });

  test('synth writes cost-report.json and cost-report.md into the assembly folder', () => {
    // GIVEN
    const { app, stack } = testStack();
    endpointConfig(stack);
    CostReport.of(app);
    // WHEN
    const assembly = app.synth();
    // THEN
    const json = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'cost-report.json'), 'utf-8'));
    expect(json).toMatchObject({
      // testApp prices over the test price cache layered on the snapshot
      schemaVersion: 1, currency: 'USD', generatedFrom: { source: PriceBookKind.CACHE }, unpricedCount: 0,
      totals: { monthlyUsd: { floor: 2056.26, expected: 2056.26, ceiling: 2056.26 } },
    });
    expect(json.lines[0]).toMatchObject({
      stack: 'TestStack', path: 'TestStack/Config', resourceType: 'AWS::SageMaker::EndpointConfig',
      quantity: 1460, unit: 'instance-hour', unitPriceUsd: 1.4084, priced: true,
      price: { region: 'us-east-1', sku: 'ml.g5.xlarge', usage: PriceUsage.HOSTING },
    });
    const md = fs.readFileSync(path.join(assembly.directory, 'cost-report.md'), 'utf-8');
    expect(md).toContain('**$2,056.26 expected** per month');
    expect(md).toContain('| `TestStack/Config` | ml.g5.xlarge real-time hosting, variant AllTraffic | 1,460 instance-hour | $1.4084 |');
  });

  test('synth prints the table on stderr unless told not to', () => {
    const app = new App({ context: CDK_INIT_CONTEXT });
    const stack = new Stack(app, 'S', { env: { region: 'us-east-1' } });
    endpointConfig(stack);
    CostReport.of(app);
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      app.synth();
      const printed = spy.mock.calls.map(c => String(c[0])).join('');
      expect(printed).toContain('Estimated monthly cost, USD');
      expect(printed).toContain('TOTAL floor $2,056.26 · expected $2,056.26 · ceiling $2,056.26 — 1 lines, 0 unpriced');
    } finally {
      spy.mockRestore();
    }
  });

  test('context report=false turns the report off', () => {
    const app = testApp({ 'cdk-cost-aware-inference:report': 'false' });
    const stack = new Stack(app, 'S');
    endpointConfig(stack);
    const assembly = app.synth();
    expect(CostReport.of(app).enabled).toBe(false);
    expect(fs.existsSync(path.join(assembly.directory, 'cost-report.json'))).toBe(false);
  });

  test('region: the stack env, else the context, else us-east-1 with a note', () => {
    const app = testApp();
    endpointConfig(new Stack(app, 'West', { env: { region: 'us-west-2' } }), 'Config', 'ml.g5.12xlarge');
    endpointConfig(new Stack(app, 'NoRegion'));
    const report = reportOf(app);
    expect(report.stacks.map(s => [s.stack, s.region, s.regionSource])).toEqual([['NoRegion', 'us-east-1', 'default'], ['West', 'us-west-2', 'stack']]);
    expect(report.notes.join(' ')).toContain('priced in us-east-1');

    const withContext = testApp({ 'cdk-cost-aware-inference:region': 'eu-west-1' });
    endpointConfig(new Stack(withContext, 'NoRegion'), 'Config', 'ml.g5.12xlarge');
    const eu = reportOf(withContext);
    expect(eu.stacks[0]).toMatchObject({ region: 'eu-west-1', regionSource: 'context' });
    // 2 × 730 h × $7.91 (eu-west-1 ml.g5.12xlarge hosting)
    expect(lineAt(eu, 'NoRegion/Config').monthlyUsd.expected).toBeCloseTo(2 * 730 * 7.91, 2);
  });

  test('a region the book does not have makes its lines unpriced and is noted', () => {
    const { app, stack } = testStack('sa-east-1');
    endpointConfig(stack);
    const report = reportOf(app);
    expect(report.unpricedCount).toBe(1);
    expect(lineAt(report, 'TestStack/Config').reason).toContain('in sa-east-1');
    expect(report.notes.join(' ')).toContain('region sa-east-1 has no prices in the price book');
  });

  test('usage lines price work with no resource, with a Spot discount and an alternative', () => {
    const { app, stack } = testStack();
    // 10 runs × 5 h expected, 12 h max wait, on ml.g5.2xlarge training ($1.515/h)
    CostReport.of(app).addUsageLine(stack, {
      description: 'training runs', service: PriceService.SAGEMAKER, usage: PriceUsage.TRAINING, sku: 'ml.g5.2xlarge',
      quantity: { floor: 0, expected: 50, ceiling: 120 }, assumptions: ['10 runs a month'], spotDiscount: true,
    });
    CostReport.of(app).addUsageLine(stack, {
      description: 'batch input tokens', service: PriceService.BEDROCK, usage: PriceUsage.BATCH_INPUT_TOKENS, sku: 'amazon.nova-lite-v1:0',
      quantity: { floor: 0, expected: 300, ceiling: 300 }, assumptions: ['300M tokens'], alternativeUsage: PriceUsage.ON_DEMAND_INPUT_TOKENS,
    });
    const report = reportOf(app);
    const training = report.lines.find(l => l.description === 'training runs')!;
    const spot = PriceBook.snapshot().spotDiscount(PriceService.SAGEMAKER, 'us-east-1', 'ml.g5.2xlarge');
    const factor = spot.entry ? 1 - spot.entry.priceUsd : 1;
    expect(training.monthlyUsd.expected).toBeCloseTo(50 * 1.515 * factor, 2);
    expect(training.monthlyUsd.ceiling).toBeCloseTo(120 * 1.515, 2);
    expect(training.resourceType).toBe('Usage::SageMaker');
    const tokens = report.lines.find(l => l.description === 'batch input tokens')!;
    // 300M tokens × $0.03 (batch) beside 300M × $0.06 (on-demand)
    expect(tokens.monthlyUsd.expected).toBeCloseTo(9, 2);
    expect(tokens.alternative?.monthlyUsd.expected).toBeCloseTo(18, 2);
  });

  test('a usage line with a stated Spot saving prices floor and expected at it, the ceiling on-demand, and names it', () => {
    // GIVEN a book that has its own 70% discount for ml.g5.2xlarge, and a stated 60% saving
    const { app, stack } = testStack();
    const snapshot = PriceBook.load(TEST_PRICE_CACHE);
    const rate = snapshot.lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.TRAINING, region: 'us-east-1', sku: 'ml.g5.2xlarge' });
    expect(rate.entry?.priceUsd).toBe(1.515);
    CostReport.of(app).usePriceBook(new PriceBook({
      schemaVersion: 1, date: snapshot.origin.date, kind: PriceBookKind.SNAPSHOT,
      entries: [...snapshot.entries, {
        service: PriceService.SAGEMAKER, usage: PriceUsage.SPOT_DISCOUNT, region: 'us-east-1', sku: 'ml.g5.2xlarge', unit: 'fraction', priceUsd: 0.7,
        source: 'test', date: '2026-01-01',
      }],
    }));
    CostReport.of(app).addUsageLine(stack, {
      description: 'training runs', service: PriceService.SAGEMAKER, usage: PriceUsage.TRAINING, sku: 'ml.g5.2xlarge',
      quantity: { floor: 10, expected: 50, ceiling: 120 }, assumptions: ['10 runs a month'],
      statedSpotSavings: { fraction: 0.6, source: 'our last runs' },
    });
    // WHEN
    const line = reportOf(app).lines.find(l => l.description === 'training runs')!;
    // THEN the stated 60%, not the book's 70%:
    // floor 10 h × $1.515 × 0.4 = $6.06; expected 50 h × $1.515 × 0.4 = $30.30; ceiling 120 h × $1.515 = $181.80
    expect(line.monthlyUsd).toEqual({ floor: 6.06, expected: 30.3, ceiling: 181.8 });
    expect(line.assumptions).toEqual(['10 runs a month', 'expected and floor at the Spot saving you stated: 60% (our last runs); ceiling on-demand']);
  });

  test('a usage line whose stated Spot saving is not a fraction from 0 to below 1 is unpriced with the reason', () => {
    const { app, stack } = testStack();
    CostReport.of(app).addUsageLine(stack, {
      description: 'training runs', service: PriceService.SAGEMAKER, usage: PriceUsage.TRAINING, sku: 'ml.g5.2xlarge',
      quantity: { floor: 0, expected: 50, ceiling: 120 }, assumptions: [], statedSpotSavings: { fraction: 1, source: 'our last runs' },
    });
    const line = reportOf(app).lines[0];
    expect(line.priced).toBe(false);
    expect(line.reason).toBe('the stated Spot saving (our last runs) must be a fraction of at least 0 and below 1, got: 1');
  });

  test('an unknown model id in a usage line is unpriced with close matches', () => {
    const { app, stack } = testStack();
    CostReport.of(app).addUsageLine(stack, {
      description: 'tokens', service: PriceService.BEDROCK, usage: PriceUsage.BATCH_INPUT_TOKENS, sku: 'amazon.nova-lite-v1',
      quantity: { floor: 0, expected: 1, ceiling: 1 }, assumptions: [],
    });
    const line = reportOf(app).lines[0];
    expect(line.priced).toBe(false);
    expect(line.reason).toContain("did you mean 'amazon.nova-lite-v1:0'");
  });

  test('the same app gives byte-identical report files', () => {
    const build = () => {
      const { app, stack } = testStack();
      endpointConfig(stack);
      new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.t3.medium', roleArn: 'arn:aws:iam::123456789012:role/r' });
      CostReport.of(app);
      const dir = app.synth().directory;
      return ['cost-report.json', 'cost-report.md'].map(f => fs.readFileSync(path.join(dir, f), 'utf-8'));
    };
    expect(build()).toEqual(build());
  });

  test('renderers show unpriced lines with their reasons', () => {
    const { app, stack } = testStack();
    endpointConfig(stack, 'Config', 'ml.g5.xlage');
    const report = reportOf(app);
    expect(renderTable(report)).toContain("! unpriced: no SageMaker hosting price for 'ml.g5.xlage' in the price book — did you mean 'ml.g5.xlarge'?");
    expect(renderMarkdown(report)).toContain('## Unpriced (1)');
  });
});
