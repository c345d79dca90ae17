import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';
import { LoadBalancerUsage } from '../usage';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/**
 * `AWS::ElasticLoadBalancingV2::LoadBalancer`: an Application Load Balancer's hourly charge all
 * month, plus its Load Balancer Capacity Units (LCU-hours) when a construct recorded them, or
 * the requests per second it serves (`hourlyRequestsPerSecond`), from which LCUs are estimated.
 *
 * ELB bills an ALB per hour (or part) it runs and per LCU-hour, an LCU being the largest of
 * its four dimensions in the hour (new connections, active connections, processed bytes, rule
 * evaluations) — Elastic Load Balancing pricing page. LCUs depend on traffic the template
 * cannot state, so their line is usage-dependent. Network and gateway load balancers are
 * billed differently (NLCU, GLCU) and have no entry here: their line is unpriced with the reason.
 *
 * An internet-facing load balancer also holds a public IPv4 address per Availability Zone (one
 * node per subnet), each charged by the hour like any public IPv4 address since 2024-02-01.
 */
export function priceApplicationLoadBalancer(ctx: PricingContext): CostLineData[] {
  const type = ctx.props.Type ?? 'application';
  if (type !== 'application') {
    const literal = typeof type === 'string' ? `'${type}'` : 'an unresolved type';
    return [ctx.unpriced(`Load balancer (${literal})`, `this library prices application load balancers only, got Type ${literal}`)];
  }
  const lines = [ctx.line({
    description: 'Application Load Balancer, hourly charge',
    service: PriceService.ELB,
    usage: PriceUsage.ALB_HOUR,
    sku: 'application',
    quantity: { floor: HOURS_PER_MONTH, expected: HOURS_PER_MONTH, ceiling: HOURS_PER_MONTH },
    assumptions: ['running all month'],
  })];
  const recorded = ctx.loadBalancerUsage;
  const lcu = lcuHoursOf(recorded);
  const lcuHours = lcu?.hours;
  lines.push(ctx.line({
    description: 'Application Load Balancer, LCU-hours',
    component: 'lcu',
    service: PriceService.ELB,
    usage: PriceUsage.ALB_LCU_HOUR,
    sku: 'application',
    quantity: { floor: 0, expected: lcuHours ?? 0, ceiling: lcuHours ?? 0 },
    assumptions: lcuHours !== undefined
      ? [...recorded!.assumptions, ...lcu!.assumptions, 'usage-dependent: the ceiling is not bounded by the template and is shown equal to expected']
      : ['no traffic recorded: expected assumes no LCU-hours; the ceiling is not bounded by the template'],
    usageDependent: true,
  }));
  if (ctx.props.Scheme !== 'internal') lines.push(publicAddressesLine(ctx));
  return lines;
}

function publicAddressesLine(ctx: PricingContext): CostLineData {
  const description = 'Application Load Balancer, public IPv4 addresses';
  const subnets = Array.isArray(ctx.props.SubnetMappings) ? ctx.props.SubnetMappings : ctx.props.Subnets;
  if (!Array.isArray(subnets)) {
    return ctx.unpriced(description, 'its subnets are not known at synth time, so neither is its number of public IPv4 addresses');
  }
  const hours = subnets.length * HOURS_PER_MONTH;
  return ctx.line({
    description,
    service: PriceService.VPC,
    usage: PriceUsage.PUBLIC_IPV4_HOUR,
    sku: 'public-ipv4',
    quantity: { floor: hours, expected: hours, ceiling: hours },
    assumptions: [
      `internet-facing in ${subnets.length} subnet(s): one public IPv4 address per Availability Zone, all month`,
      'a load balancer that scales out under load adds nodes and addresses: more under heavy traffic',
    ],
  });
}

/** Requests per second one LCU covers in new connections, the dimension that binds for short request/response traffic. */
const NEW_CONNECTIONS_PER_LCU = 25;

/**
 * LCU-hours a month: as recorded, else from the recorded requests per second, counting one new
 * connection per request (the upper end: clients that keep connections alive open fewer).
 */
function lcuHoursOf(recorded: LoadBalancerUsage | undefined): { hours: number; assumptions: string[] } | undefined {
  const stated = recorded?.lcuHoursPerMonth;
  if (stated !== undefined) return { hours: stated, assumptions: [] };
  const rates = recorded?.hourlyRequestsPerSecond;
  if (!rates || rates.length === 0) return undefined;
  const meanRate = rates.reduce((a, b) => a + b, 0) / rates.length;
  return {
    hours: meanRate / NEW_CONNECTIONS_PER_LCU * HOURS_PER_MONTH,
    assumptions: [`LCUs from new connections (${NEW_CONNECTIONS_PER_LCU} per second per LCU), one connection per request (clients that keep connections alive use fewer)`],
  };
}
