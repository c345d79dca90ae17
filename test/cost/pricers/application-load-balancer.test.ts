import { aws_elasticloadbalancingv2 as elbv2 } from 'aws-cdk-lib';
import { CostReport, PriceBook } from '../../../lib';
import { linesAt, reportOf, testStack } from '../../helpers';
import { PriceService, PriceUsage } from '../../../lib/pricing/price-entry';

const book = PriceBook.snapshot();

function price(usage: PriceUsage.ALB_HOUR | PriceUsage.ALB_LCU_HOUR): number {
  const lookup = book.lookup({ service: PriceService.ELB, usage, region: 'us-east-1', sku: 'application' });
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}

describe('Application Load Balancer pricer', () => {
  test('the prices these tests rely on are the book entries', () => {
    expect([price(PriceUsage.ALB_HOUR), price(PriceUsage.ALB_LCU_HOUR)]).toEqual([0.0225, 0.008]);
  });

  test('an ALB costs its hourly charge all month; LCUs are usage-dependent and $0 when nothing is recorded', () => {
    // GIVEN a raw L1 load balancer (no Type: application is the CloudFormation default)
    const { app, stack } = testStack();
    new elbv2.CfnLoadBalancer(stack, 'Alb', { subnets: ['subnet-1', 'subnet-2'] });
    // WHEN
    const lines = linesAt(reportOf(app), 'TestStack/Alb');
    const hourly = lines.find(l => l.description === 'Application Load Balancer, hourly charge')!;
    const lcu = lines.find(l => l.description === 'Application Load Balancer, LCU-hours')!;
    // THEN 730 h × $0.0225 = $16.425 at every bound
    expect(hourly.monthlyUsd.floor).toBeCloseTo(730 * 0.0225, 1);
    expect(hourly.monthlyUsd.ceiling).toBe(hourly.monthlyUsd.floor);
    expect(hourly.price).toMatchObject({ sku: 'application', usage: PriceUsage.ALB_HOUR, region: 'us-east-1' });
    expect(lcu.monthlyUsd).toEqual({ floor: 0, expected: 0, ceiling: 0 });
    expect(lcu.usageDependent).toBe(true);
  });

  test('an internet-facing ALB pays for one public IPv4 address per subnet; an internal one for none', () => {
    // GIVEN an internet-facing ALB (the default scheme) in two subnets, and an internal one
    const { app, stack } = testStack();
    new elbv2.CfnLoadBalancer(stack, 'Public', { subnets: ['subnet-1', 'subnet-2'] });
    new elbv2.CfnLoadBalancer(stack, 'Internal', { scheme: 'internal', subnets: ['subnet-1', 'subnet-2'] });
    // WHEN
    const report = reportOf(app);
    const ipv4 = linesAt(report, 'TestStack/Public').find(l => l.description === 'Application Load Balancer, public IPv4 addresses')!;
    // THEN 2 addresses × 730 h × $0.005 = $7.30
    expect(ipv4.unitPriceUsd).toBe(0.005);
    expect(ipv4.monthlyUsd).toEqual({ floor: 7.3, expected: 7.3, ceiling: 7.3 });
    expect(linesAt(report, 'TestStack/Internal').map(l => l.description)).toEqual([
      'Application Load Balancer, LCU-hours', 'Application Load Balancer, hourly charge',
    ]);
  });

  test('recorded requests per second become LCU-hours: one new connection per request, 25 a second per LCU', () => {
    // GIVEN an ALB serving 10 requests/s all week
    const { app, stack } = testStack();
    const alb = new elbv2.CfnLoadBalancer(stack, 'Alb', { scheme: 'internal', subnets: ['subnet-1'] });
    CostReport.of(app).recordLoadBalancerUsage(alb, { hourlyRequestsPerSecond: new Array(168).fill(10), assumptions: ['constant 10 requests/s'] });
    // WHEN
    const lcu = linesAt(reportOf(app), 'TestStack/Alb').find(l => l.description.endsWith('LCU-hours'))!;
    // THEN 10 / 25 = 0.4 LCU × 730 h = 292 LCU-hours × $0.008 = $2.34
    expect(lcu.quantity).toBe(292);
    expect(lcu.monthlyUsd).toEqual({ floor: 0, expected: 2.34, ceiling: 2.34 });
    expect(lcu.assumptions[0]).toBe('constant 10 requests/s');
    expect(lcu.assumptions[1]).toContain('LCUs from new connections (25 per second per LCU)');
  });

  test('recorded LCU-hours are priced at the LCU rate', () => {
    const { app, stack } = testStack();
    const alb = new elbv2.CfnLoadBalancer(stack, 'Alb', { type: 'application', subnets: ['subnet-1'] });
    CostReport.of(app).recordLoadBalancerUsage(alb, { lcuHoursPerMonth: 1000, assumptions: ['1000 LCU-hours'] });
    const lcu = linesAt(reportOf(app), 'TestStack/Alb').find(l => l.description.endsWith('LCU-hours'))!;
    // 1000 LCU-hours × $0.008 = $8
    expect(lcu.monthlyUsd).toEqual({ floor: 0, expected: 8, ceiling: 8 });
    expect(lcu.assumptions).toContain('1000 LCU-hours');
  });

  test('a network load balancer is unpriced with the reason', () => {
    const { app, stack } = testStack();
    new elbv2.CfnLoadBalancer(stack, 'Nlb', { type: 'network', subnets: ['subnet-1'] });
    const [line] = linesAt(reportOf(app), 'TestStack/Nlb');
    expect(line.priced).toBe(false);
    expect(line.reason).toBe("this library prices application load balancers only, got Type 'network'");
  });
});
