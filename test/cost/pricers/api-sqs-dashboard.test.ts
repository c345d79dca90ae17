import { aws_apigateway as apigw, aws_cloudwatch as cloudwatch, aws_sqs as sqs } from 'aws-cdk-lib';
import { CostReport, PriceBook, PriceEntry } from '../../../lib';
import { lineAt, reportOf, testStack } from '../../helpers';
import { PriceBookKind, PriceService, PriceUsage } from '../../../lib/pricing/price-entry';

// Explicit entries: the embedded snapshot has none of these yet (the integrator adds sourced ones).
const ENTRIES: PriceEntry[] = [
  { service: PriceService.API_GATEWAY, usage: PriceUsage.REST_API_REQUESTS, region: 'us-east-1', sku: 'rest-api', unit: 'request', priceUsd: 0.0000035, source: 'test entry', date: '2026-12' },
  { service: PriceService.SQS, usage: PriceUsage.REQUESTS, region: 'us-east-1', sku: 'standard', unit: 'request', priceUsd: 0.0000004, source: 'test entry', date: '2026-12' },
  { service: PriceService.SQS, usage: PriceUsage.REQUESTS, region: 'us-east-1', sku: 'fifo', unit: 'request', priceUsd: 0.0000005, source: 'test entry', date: '2026-12' },
  { service: PriceService.CLOUDWATCH, usage: PriceUsage.DASHBOARD_MONTH, region: 'us-east-1', sku: 'dashboard', unit: 'dashboard-month', priceUsd: 3, source: 'test entry', date: '2026-12' },
];

function withBook() {
  const t = testStack();
  CostReport.of(t.app).usePriceBook(new PriceBook({ schemaVersion: 1, kind: PriceBookKind.SNAPSHOT, date: '2026-12-01', entries: ENTRIES }));
  return t;
}

describe('API Gateway, SQS and dashboard pricers', () => {
  test('a raw REST API is priced from the requests recorded on it; nothing recorded is $0 with the unit price stated', () => {
    const { app, stack } = withBook();
    const api = new apigw.CfnRestApi(stack, 'Api', { name: 'api' });
    new apigw.CfnRestApi(stack, 'Idle', { name: 'idle' });
    CostReport.of(app).recordMeteredUsage(api, { quantities: { 'rest-api-requests': 2000000 }, assumptions: ['2M requests'] });
    const report = reportOf(app);
    // 2,000,000 × $3.50 per million = $7.00
    expect(lineAt(report, 'TestStack/Api').monthlyUsd).toEqual({ floor: 0, expected: 7, ceiling: 7 });
    const idle = lineAt(report, 'TestStack/Idle');
    expect(idle.monthlyUsd.expected).toBe(0);
    expect(idle.assumptions[0]).toBe('no requests recorded: $0.0000035 per request');
  });

  test('a FIFO queue is priced at the FIFO rate, a standard one at the standard rate', () => {
    const { app, stack } = withBook();
    const standard = new sqs.CfnQueue(stack, 'Standard', {});
    const fifo = new sqs.CfnQueue(stack, 'Fifo', { fifoQueue: true });
    CostReport.of(app).recordMeteredUsage(standard, { quantities: { requests: 10000000 }, assumptions: [] });
    CostReport.of(app).recordMeteredUsage(fifo, { quantities: { requests: 10000000 }, assumptions: [] });
    const report = reportOf(app);
    // 10M × $0.40 per million = $4; × $0.50 per million = $5
    expect(lineAt(report, 'TestStack/Standard')).toMatchObject({ description: 'SQS standard queue requests', monthlyUsd: { expected: 4 } });
    expect(lineAt(report, 'TestStack/Fifo')).toMatchObject({ description: 'SQS FIFO queue requests', monthlyUsd: { expected: 5 } });
  });

  test('a dashboard is one dashboard-month; unpriced with the reason when the book has no entry', () => {
    const { app, stack } = withBook();
    new cloudwatch.CfnDashboard(stack, 'Board', { dashboardBody: '{}' });
    expect(lineAt(reportOf(app), 'TestStack/Board').monthlyUsd).toEqual({ floor: 3, expected: 3, ceiling: 3 });

    const other = testStack('eu-west-1');
    new cloudwatch.CfnDashboard(other.stack, 'Board', { dashboardBody: '{}' });
    const line = lineAt(reportOf(other.app), 'TestStack/Board');
    expect(line.priced).toBe(false);
    expect(line.reason).toContain("no CloudWatch dashboard-month price for 'dashboard'");
  });
});
