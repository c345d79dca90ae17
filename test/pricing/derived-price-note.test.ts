import { Stack } from 'aws-cdk-lib';
import { BEDROCK_BATCH_RULE } from '../../lib/pricing/build/build-snapshot';
import { CostReport } from '../../lib';
import { renderMarkdown, renderTable } from '../../lib/cost/private/render';
import { reportOf, testApp } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

describe('a derived price in the cost report', () => {
  test('the line carries the rule, and the table and the Markdown print it beside the line', () => {
    // GIVEN a Bedrock batch usage line: the snapshot's batch price is derived at 50% of on-demand
    const app = testApp();
    const stack = new Stack(app, 'S', { env: { region: 'us-east-1' } });
    CostReport.of(app).addUsageLine(stack, {
      description: 'nightly batch input', service: PriceService.BEDROCK, usage: PriceUsage.BATCH_INPUT_TOKENS, sku: 'anthropic.claude-3-haiku-20240307-v1:0',
      quantity: { floor: 0, expected: 100, ceiling: 100 }, assumptions: ['100M tokens'],
    });
    // WHEN
    const report = reportOf(app);
    const line = report.lines.find(l => l.description === 'nightly batch input')!;
    // THEN
    expect(line.priced).toBe(true);
    expect(line.price?.derived).toBe(BEDROCK_BATCH_RULE);
    expect(renderTable(report)).toContain(`      · price derived: ${BEDROCK_BATCH_RULE}`);
    expect(renderMarkdown(report)).toContain(`(2026-08-01); derived: ${BEDROCK_BATCH_RULE}`);
  });

  test('a stated price has no derived note', () => {
    const app = testApp();
    const stack = new Stack(app, 'S', { env: { region: 'us-east-1' } });
    CostReport.of(app).addUsageLine(stack, {
      description: 'on-demand input', service: PriceService.BEDROCK, usage: PriceUsage.ON_DEMAND_INPUT_TOKENS, sku: 'anthropic.claude-3-haiku-20240307-v1:0',
      quantity: { floor: 0, expected: 100, ceiling: 100 }, assumptions: [],
    });
    const report = reportOf(app);
    expect(report.lines.find(l => l.description === 'on-demand input')!.price?.derived).toBeUndefined();
    expect(renderTable(report)).not.toContain('price derived');
  });
});
