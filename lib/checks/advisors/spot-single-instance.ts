import { IAdvisorContext } from '../../cost/cost-engine';
import { RecommendationData } from '../../cost/report-schema';
import { GraphResource, ResourceGraph } from '../../graph/resource-graph';
import { literalNumber } from '../rules/rule-context';

/** The id of the single-instance Spot recommendation. */
export const SPOT_SINGLE_INSTANCE_ADVICE_ID = 'CostAware-Advice-SpotSingleInstance';

/**
 * Auto Scaling groups that serve real-time traffic (attached to a load balancer target group or
 * a classic load balancer) with at most one instance, which may be Spot: an interruption takes
 * the whole endpoint down. No saving: the advice costs money (an on-demand instance) and buys
 * availability.
 */
export function spotSingleInstanceEndpoints(ctx: IAdvisorContext): RecommendationData[] {
  return ctx.graph.ofType('AWS::AutoScaling::AutoScalingGroup')
    .filter(group => servesTraffic(group) && literalNumber(group.properties.MaxSize) === 1 && mayRunOnSpot(group, ctx.graph))
    .map(group => ({
      id: SPOT_SINGLE_INSTANCE_ADVICE_ID,
      path: group.path,
      message: 'This group serves real-time traffic from a single instance that can be Spot: a Spot interruption (two minutes of ' +
        'notice) takes the endpoint down until a replacement boots. Keep that instance on-demand (OnDemandBaseCapacity: 1), or run ' +
        'at least two instances across several Spot pools.',
    }));
}

function servesTraffic(group: GraphResource): boolean {
  const p = group.properties;
  const nonEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : v !== undefined);
  return nonEmpty(p.TargetGroupARNs) || nonEmpty(p.LoadBalancerNames);
}

/** True when the group's single instance may be a Spot instance. */
function mayRunOnSpot(group: GraphResource, graph: ResourceGraph): boolean {
  const p = group.properties;
  const source = graph.launchSourceOf(group);
  if (source?.type === 'AWS::EC2::LaunchTemplate' && source.properties.LaunchTemplateData?.InstanceMarketOptions?.MarketType === 'spot') return true;
  if (source?.type === 'AWS::AutoScaling::LaunchConfiguration' && source.properties.SpotPrice !== undefined) return true;
  const dist = p.MixedInstancesPolicy?.InstancesDistribution;
  if (!p.MixedInstancesPolicy) return false;
  // The defaults: no on-demand base, 100% on-demand above it.
  const base = literalNumber(dist?.OnDemandBaseCapacity ?? 0);
  const pct = literalNumber(dist?.OnDemandPercentageAboveBaseCapacity ?? 100);
  return base === undefined || pct === undefined || (base < 1 && pct < 100);
}
