import { aws_apigatewayv2 as apigwv2, aws_apigateway as apigw, aws_cloudwatch as cloudwatch, aws_sqs as sqs } from 'aws-cdk-lib';
import { CostReport, PriceBook } from '../../../lib';
import { lineAt, reportOf, testStack } from '../../helpers';
import { PriceBookKind } from '../../../lib/pricing/price-entry';

// The embedded snapshot's entries (lib/pricing/sources/price-watcher-fork-*.json, AWS's rates as
// v0rts/aws-price-watcher recorded them): REST API $3.50 and HTTP API $1.00 per million requests
// in us-east-1, $4.25 per million REST requests in ap-northeast-1, SQS standard $0.40 and FIFO
// $0.50 per million, a dashboard $3 a month everywhere.
describe('API Gateway, SQS and dashboard pricers', () => {
  test('a raw REST API is priced from the requests recorded on it; nothing recorded is $0 with the unit price stated', () => {
    const { app, stack } = testStack();
    const api = new apigw.CfnRestApi(stack, 'Api', { name: 'api' });
    new apigw.CfnRestApi(stack, 'Idle', { name: 'idle' });
    CostReport.of(app).recordMeteredUsage(api, { quantities: { 'rest-api-requests': 2000000 }, assumptions: ['2M requests'] });
    const report = reportOf(app);
    // 2,000,000 × $3.50 per million = $7.00
    const line = lineAt(report, 'TestStack/Api');
    expect(line.monthlyUsd).toEqual({ floor: 0, expected: 7, ceiling: 7 });
    expect(line.price!.source).toContain('lib/pricing/sources/price-watcher-fork-apigateway.json#API Calls Number of up to 333 million.us-east-1');
    const idle = lineAt(report, 'TestStack/Idle');
    expect(idle.monthlyUsd.expected).toBe(0);
    expect(idle.assumptions[0]).toBe('no requests recorded: $0.0000035 per request');
  });

  test('the REST API rate is the region\'s', () => {
    const { app, stack } = testStack('ap-northeast-1');
    const api = new apigw.CfnRestApi(stack, 'Api', { name: 'api' });
    CostReport.of(app).recordMeteredUsage(api, { quantities: { 'rest-api-requests': 2000000 }, assumptions: [] });
    // 2,000,000 × $4.25 per million = $8.50
    expect(lineAt(reportOf(app), 'TestStack/Api').monthlyUsd.expected).toBe(8.5);
  });

  test('an HTTP API is priced at the HTTP rate; a WebSocket API is unpriced with the reason', () => {
    const { app, stack } = testStack();
    const http = new apigwv2.CfnApi(stack, 'Http', { name: 'http', protocolType: 'HTTP' });
    new apigwv2.CfnApi(stack, 'Ws', { name: 'ws', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    CostReport.of(app).recordMeteredUsage(http, { quantities: { 'http-api-requests': 5000000 }, assumptions: ['5M requests'] });
    const report = reportOf(app);
    // 5,000,000 × $1.00 per million = $5.00
    expect(lineAt(report, 'TestStack/Http')).toMatchObject({ description: 'API Gateway HTTP API requests', monthlyUsd: { floor: 0, expected: 5, ceiling: 5 } });
    const ws = lineAt(report, 'TestStack/Ws');
    expect(ws.priced).toBe(false);
    expect(ws.reason).toBe('WebSocket APIs bill messages and connection minutes; the price book has no WebSocket rates');
  });

  test('a FIFO queue is priced at the FIFO rate, a standard one at the standard rate', () => {
    const { app, stack } = testStack();
    const standard = new sqs.CfnQueue(stack, 'Standard', {});
    const fifo = new sqs.CfnQueue(stack, 'Fifo', { fifoQueue: true });
    CostReport.of(app).recordMeteredUsage(standard, { quantities: { requests: 10000000 }, assumptions: [] });
    CostReport.of(app).recordMeteredUsage(fifo, { quantities: { requests: 10000000 }, assumptions: [] });
    const report = reportOf(app);
    // 10M × $0.40 per million = $4; × $0.50 per million = $5
    expect(lineAt(report, 'TestStack/Standard')).toMatchObject({ description: 'SQS standard queue requests', monthlyUsd: { expected: 4 } });
    expect(lineAt(report, 'TestStack/Fifo')).toMatchObject({ description: 'SQS FIFO queue requests', monthlyUsd: { expected: 5 } });
  });

  test('a dashboard is one dashboard-month in every region; unpriced with the reason when the book has no entry', () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const { app, stack } = testStack(region);
      new cloudwatch.CfnDashboard(stack, 'Board', { dashboardBody: '{}' });
      expect(lineAt(reportOf(app), 'TestStack/Board').monthlyUsd).toEqual({ floor: 3, expected: 3, ceiling: 3 });
    }

    const other = testStack();
    CostReport.of(other.app).usePriceBook(new PriceBook({ schemaVersion: 1, kind: PriceBookKind.SNAPSHOT, date: '2026-12-01', entries: [] }));
    new cloudwatch.CfnDashboard(other.stack, 'Board', { dashboardBody: '{}' });
    const line = lineAt(reportOf(other.app), 'TestStack/Board');
    expect(line.priced).toBe(false);
    expect(line.reason).toContain("no CloudWatch dashboard-month price for 'dashboard'");
  });
});
