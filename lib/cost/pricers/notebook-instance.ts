import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';

/**
 * `AWS::SageMaker::NotebookInstance`: instance-hours at the notebook rate. Floor: stopped all
 * month. Ceiling: running all month. Expected: the running hours a construct recorded (an idle
 * stopper, a working pattern), else all month, since nothing in the template stops it.
 */
export function priceNotebookInstance(ctx: PricingContext): CostLineData[] {
  const type = ctx.literal(ctx.props.InstanceType, 'string', 'InstanceType');
  if (!type.ok) return [ctx.unpriced('notebook instance', type.reason)];
  const recorded = ctx.usageFor(undefined);
  const hours = recorded?.runningHoursPerMonth ?? HOURS_PER_MONTH;
  const assumptions = recorded?.runningHoursPerMonth !== undefined
    ? [...recorded.assumptions]
    : ['nothing in the app stops it: expected assumes it runs 24/7 once started'];
  assumptions.push('floor assumes it is stopped all month');
  assumptions.push(`ML storage volume (${ctx.props.VolumeSizeInGB ?? 5} GB) is not priced`);
  return [ctx.line({
    description: `${type.value} notebook instance`,
    service: 'SageMaker',
    usage: 'notebook',
    sku: type.value,
    quantity: { floor: 0, expected: Math.min(hours, HOURS_PER_MONTH), ceiling: HOURS_PER_MONTH },
    assumptions,
  })];
}
