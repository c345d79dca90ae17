import * as fs from 'fs';
import * as path from 'path';
import { CostLineData, CostReport, PriceBook } from '../../lib';
import { createApp } from '../../examples/summarization-substrates';
import { exampleContext, TEST_PRICE_CACHE } from '../helpers';
import { PriceService } from '../../lib/pricing/price-entry';

// The example's workload by hand: 0.4 requests/s for 10 h on the 5 weekdays, 0.02 otherwise.
const HOURS = 730;
const WEEKLY_REQUEST_HOURS = 5 * (10 * 0.4 + 14 * 0.02) + 2 * 24 * 0.02; // 22.36 requests/s × hours
const AVERAGE_RPS = WEEKLY_REQUEST_HOURS / 168; // 0.1331
const REQUESTS = AVERAGE_RPS * 3600 * HOURS; // 349,774 a month
const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';

const book = PriceBook.load(TEST_PRICE_CACHE);
function price(service: PriceService, usage: any, sku: string): number {
  const lookup = book.lookup({ service, usage, region: 'us-east-1', sku });
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}
const cents = (v: number): number => Math.round(v * 100) / 100;

// Per request 1,500 × $0.8 + 200 × $4 per 1M tokens = $0.002.
const BEDROCK_PER_REQUEST = (1500 * price(PriceService.BEDROCK, 'on-demand-input-tokens', HAIKU) + 200 * price(PriceService.BEDROCK, 'on-demand-output-tokens', HAIKU)) / 1e6;
const BEDROCK = REQUESTS * BEDROCK_PER_REQUEST;
// Peak 0.4 requests/s is under one instance's target (1.4 on ml.g5.xlarge, 1.05 on inf2.xlarge): one instance all month.
const ENDPOINT = HOURS * price(PriceService.SAGEMAKER, 'hosting', 'ml.g5.xlarge');
// The fleet as InferenceFleet deploys it: the instance, one load balancer, one NAT gateway and its
// public IPv4 address (730 h each) and the instance's 200 GB gp3 root volume.
const FLEET_INSTANCE = HOURS * price(PriceService.EC2, 'on-demand-linux', 'inf2.xlarge');
const FLEET = FLEET_INSTANCE + HOURS * (price(PriceService.ELB, 'alb-hour', 'application') + price(PriceService.VPC, 'nat-gateway-hour', 'nat-gateway') + price(PriceService.VPC, 'public-ipv4-hour', 'public-ipv4'))
  + 200 * price(PriceService.EC2, 'ebs-gp3-gb-month', 'gp3');

describe('example: summarization-substrates', () => {
  const app = createApp(exampleContext());
  const report = CostReport.of(app).compute();
  const compared = (stack: string): CostLineData => {
    const line = report.lines.find(l => l.stack === stack && l.substrate);
    if (!line) throw new Error(`no compared line in ${stack}`);
    return line;
  };
  const figureOf = (line: CostLineData, substrate: string): number | undefined => [line.substrate!, ...line.alternatives!].find(a => a.substrate === substrate)!.expectedMonthlyUsd;

  test('the hand computation: 349,774 summaries a month, $0.002 each on Bedrock; one instance on the endpoint and the fleet (with its ALB, NAT gateway and volume)', () => {
    expect(Math.round(REQUESTS)).toBe(349_774);
    expect(BEDROCK_PER_REQUEST).toBeCloseTo(0.002, 12);
    expect(cents(BEDROCK)).toBe(699.55);
    expect(cents(ENDPOINT)).toBe(1028.13);
    expect(cents(FLEET_INSTANCE)).toBe(553.49);
    // + $16.43 + $32.85 + $3.65 + $16.00
    expect(cents(FLEET)).toBe(622.41);
  });

  test.each([
    ['BedrockSummaries', 'bedrock-on-demand'],
    ['SageMakerSummaries', 'sagemaker-realtime'],
    ['Inf2Summaries', 'ec2-fleet'],
  ])('%s shows the other two substrates at the same figures, the inf2 fleet cheapest', (stack, deployed) => {
    const line = compared(stack);
    expect(line.substrate!.substrate).toBe(deployed);
    expect([line.substrate!, ...line.alternatives!].map(a => a.substrate).sort()).toEqual(['bedrock-on-demand', 'ec2-fleet', 'sagemaker-realtime']);
    expect(figureOf(line, 'bedrock-on-demand')).toBe(cents(BEDROCK));
    expect(figureOf(line, 'sagemaker-realtime')).toBe(cents(ENDPOINT));
    expect(figureOf(line, 'ec2-fleet')).toBe(cents(FLEET));
    expect(line.cheapestSubstrate).toBe('ec2-fleet');
  });

  test('the deployed figures are the lines\' own: Bedrock\'s token lines, the endpoint variant, the fleet\'s on-demand share (the Spot share is empty)', () => {
    const tokenLines = report.lines.filter(l => l.path === 'BedrockSummaries/Summaries');
    expect(tokenLines.map(l => l.component)).toEqual(['input-tokens', 'output-tokens']);
    expect(cents(tokenLines.reduce((a, l) => a + l.monthlyUsd.expected, 0))).toBe(cents(BEDROCK));
    expect(compared('BedrockSummaries').component).toBe('input-tokens');
    expect(compared('SageMakerSummaries').monthlyUsd.expected).toBe(cents(ENDPOINT));
    const fleetLines = report.lines.filter(l => l.path === 'Inf2Summaries/Fleet/Resource/ASG' && !l.description.startsWith('EBS'));
    expect(fleetLines.reduce((a, l) => a + l.monthlyUsd.expected, 0)).toBe(cents(FLEET_INSTANCE));
    // The stack's lines, but those billed per request (load balancer capacity units $0.03, NAT data $0)
    const stack = report.stacks.find(x => x.stack === 'Inf2Summaries')!;
    const perRequest = report.lines.filter(l => l.stack === 'Inf2Summaries' && /LCU|capacity units|data processed/.test(l.description));
    // (each line rounded to cents: $553.49 + $16.43 + $32.85 + $3.65 + $16.00 = $622.42)
    expect(cents(stack.monthlyUsd.expected - perRequest.reduce((a, l) => a + l.monthlyUsd.expected, 0))).toBe(622.42);
  });

  test('the fleet\'s break-even with Bedrock: the fleet with one inf2.xlarge ($622.41) = s × $699.55 at s = 0.890, 0.118 requests/s on average', () => {
    const be = compared('Inf2Summaries').breakEven!;
    expect(be).toMatchObject({ deployed: 'ec2-fleet', against: 'bedrock-on-demand', found: true, cheaperAbove: 'ec2-fleet', cheaperBelow: 'bedrock-on-demand' });
    expect(be.scale).toBeCloseTo(FLEET / BEDROCK, 3);
    expect(be.averageRequestsPerSecond).toBeCloseTo(AVERAGE_RPS * FLEET / BEDROCK, 3);
    expect(be.summary).toBe('above 0.12 requests/s on average, 0.36 at the peak hour (×0.89 of the stated traffic), EC2 fleet inf2.xlarge is cheaper than ' +
      `Bedrock on-demand ${HAIKU} for this workload; just below it, Bedrock on-demand ${HAIKU} is`);
  });

  test('Bedrock\'s break-even is the fleet\'s, seen from the other side: the fleet is cheaper above ×0.89', () => {
    const be = compared('BedrockSummaries').breakEven!;
    expect(be).toMatchObject({ deployed: 'bedrock-on-demand', against: 'ec2-fleet', found: true, cheaperAbove: 'ec2-fleet', cheaperBelow: 'bedrock-on-demand' });
    expect(be.scale).toBeCloseTo(FLEET / BEDROCK, 3);
    expect(be.summary).toBe(compared('Inf2Summaries').breakEven!.summary);
    // and the endpoint, dearer than the fleet throughout, passes Bedrock at ×1.47
    expect(compared('BedrockSummaries').breakEvens!.find(b => b.against === 'sagemaker-realtime')!.scale).toBeCloseTo(ENDPOINT / BEDROCK, 3);
  });

  test('the endpoint: no break-even with the fleet in range; above ×1.47 of the traffic it is cheaper than Bedrock', () => {
    const line = compared('SageMakerSummaries');
    expect(line.breakEven).toMatchObject({ against: 'ec2-fleet', found: false, cheaperAbove: 'ec2-fleet' });
    const bedrock = line.breakEvens!.find(b => b.against === 'bedrock-on-demand')!;
    // One ml.g5.xlarge ($1,028.13) = s × $699.55 at s = 1.470; the endpoint keeps one instance up to 1.4 ÷ 0.4 = ×3.5
    expect(bedrock).toMatchObject({ found: true, cheaperAbove: 'sagemaker-realtime', cheaperBelow: 'bedrock-on-demand' });
    expect(bedrock.scale).toBeCloseTo(ENDPOINT / BEDROCK, 3);
  });

  test('synth writes a chart per compared workload beside the report', () => {
    const dir = createApp(exampleContext()).synth().directory;
    for (const file of ['cost-chart-BedrockSummaries-Summaries-input-tokens.svg', 'cost-chart-SageMakerSummaries-Endpoint-Config-AllTraffic.svg',
      'cost-chart-Inf2Summaries-Fleet-Resource-ASG-on-demand.svg']) {
      const svg = fs.readFileSync(path.join(dir, file), 'utf-8');
      expect(svg.match(/<polyline /g)).toHaveLength(3);
      expect(svg).toContain('(deployed)</text>');
    }
    const md = fs.readFileSync(path.join(dir, 'cost-report.md'), 'utf-8');
    expect(md).toContain('![Monthly cost against traffic scale, Inf2Summaries/Fleet/Resource/ASG](cost-chart-Inf2Summaries-Fleet-Resource-ASG-on-demand.svg)');
  });
});
