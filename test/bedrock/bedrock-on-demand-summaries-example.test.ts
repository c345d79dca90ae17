import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import { createApp } from '../../examples/bedrock-on-demand-summaries';
import { CostLineData, PriceBook, PriceQuery } from '../../lib';
import { exampleContext, linesAt, reportOf, rolePermissions, TEST_PRICE_CACHE } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

/** A rate from the book the example is priced with, failing the test when it is missing. */
function rate(query: Omit<PriceQuery, 'service' | 'region' | 'sku'>): number {
  const lookup = PriceBook.load(TEST_PRICE_CACHE).lookup({ service: PriceService.BEDROCK, region: 'us-east-1', sku: PROFILE, ...query });
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}

const PROFILE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const MODEL = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const cents = (usd: number): number => Math.round(usd * 100) / 100;

describe('examples/bedrock-on-demand-summaries', () => {
  test('the ticket summaries cost what the traffic, tokens and cache hit rate say, by hand', () => {
    // GIVEN the profile's us-east-1 prices per 1M tokens (pinned: a change must be noticed here and in the README)
    const input = rate({ usage: PriceUsage.ON_DEMAND_INPUT_TOKENS });
    const output = rate({ usage: PriceUsage.ON_DEMAND_OUTPUT_TOKENS });
    const cacheRead = rate({ usage: PriceUsage.ON_DEMAND_CACHE_READ_TOKENS });
    const cacheWrite = rate({ usage: PriceUsage.ON_DEMAND_CACHE_WRITE_TOKENS });
    expect([input, output, cacheRead, cacheWrite]).toEqual([1.1, 5.5, 0.11, 1.375]);
    // a week of 40 weekday peak hours at 2 requests/s and 128 other hours at 0.1: 92.8 request-hours/s,
    // × 3,600 s × 730 / 168 weeks a month = 1,451,657.14 requests
    const requests = (40 * 2 + 128 * 0.1) * 3600 * 730 / 168;
    const peak = 2 * 3600 * 730;
    // WHEN
    const report = reportOf(createApp(exampleContext()));
    const lines: Record<string, CostLineData> = Object.fromEntries(linesAt(report, 'TicketSummaries/Summaries').map(l => [l.component ?? '', l]));
    // THEN 1,500 uncached input, 250 output, 90% × 2,500 = 2,250 cache read, 10% × 2,500 = 250 cache write tokens a request
    const expected = (tokens: number, price: number): { floor: number; expected: number; ceiling: number } =>
      ({ floor: 0, expected: cents(requests * tokens / 1e6 * price), ceiling: cents(peak * tokens / 1e6 * price) });
    expect(lines['input-tokens'].monthlyUsd).toEqual(expected(1_500, input));
    expect(lines['output-tokens'].monthlyUsd).toEqual(expected(250, output));
    expect(lines['cache-read-tokens'].monthlyUsd).toEqual(expected(2_250, cacheRead));
    expect(lines['cache-write-tokens'].monthlyUsd).toEqual(expected(250, cacheWrite));
    // the README's sample month
    expect(lines['input-tokens'].monthlyUsd.expected).toBe(2395.23);
    expect(lines['output-tokens'].monthlyUsd.expected).toBe(1996.03);
    expect(lines['cache-read-tokens'].monthlyUsd.expected).toBe(359.29);
    expect(lines['cache-write-tokens'].monthlyUsd.expected).toBe(499.01);
    const tokens = Object.values(lines).reduce((sum, l) => sum + l.monthlyUsd.expected, 0);
    expect(cents(tokens)).toBe(5249.56);
    // the stack: the tokens, the budget's KMS key ($1 a month) and usage-dependent $0 lines (function, logs, topic)
    expect(report.stacks[0].monthlyUsd).toEqual({ floor: 1, expected: 5250.56, ceiling: 19008.01 });
    // the budget watches the account: no uncapped-token-bill advice
    expect(report.recommendations.map(r => r.id)).not.toContain('CostAware-Advice-UncappedTokenBill');
    // the same requests without the cache: 4,000 input tokens at the input price
    expect(cents(requests * 4_000 / 1e6 * input + requests * 250 / 1e6 * output)).toBe(8383.32);
    expect(report.unpricedCount).toBe(0);
  });

  test('the function may call only Claude Haiku 4.5 through the US profile, without streaming', () => {
    // GIVEN
    const app = createApp(exampleContext());
    const stack = app.node.findChild('TicketSummaries') as Stack;
    const role = stack.node.findChild('SummarizerRole') as iam.Role;
    // WHEN
    const bedrock = rolePermissions(stack, stack.getLogicalId(role.node.defaultChild as iam.CfnRole)).filter(p => p.Action.startsWith('bedrock:'));
    // THEN
    // (the stack names no account: the profile's ARN carries AWS::AccountId)
    const profile = { 'Fn::Join': ['', ['arn:aws:bedrock:us-east-1:', { Ref: 'AWS::AccountId' }, `:inference-profile/${PROFILE}`]] };
    expect(bedrock).toEqual([
      { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: profile },
      ...['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'].map(r => ({
        Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: `arn:aws:bedrock:${r}::foundation-model/${MODEL}`,
        Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profile } },
      })),
    ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  });
});
