import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/**
 * `AWS::SageMaker::NotebookInstance`: instance-hours at the notebook rate. Floor: stopped all
 * month. Ceiling: running all month. Expected: the running hours a construct recorded (an idle
 * stopper, a working pattern), else all month, since nothing in the template stops it.
 * A second line prices its ML storage volume.
 */
export function priceNotebookInstance(ctx: PricingContext): CostLineData[] {
  const type = ctx.literal(ctx.props.InstanceType, 'string', 'InstanceType');
  if (!type.ok) return [ctx.unpriced('notebook instance', type.reason)];
  const recorded = ctx.notebookUsage;
  const hours = recorded?.runningHoursPerMonth ?? HOURS_PER_MONTH;
  const assumptions = recorded !== undefined
    ? [...recorded.assumptions]
    : ['nothing in the app stops it: expected assumes it runs 24/7 once started'];
  assumptions.push('floor assumes it is stopped all month');
  return [ctx.line({
    description: `${type.value} notebook instance`,
    service: PriceService.SAGEMAKER,
    usage: PriceUsage.NOTEBOOK,
    sku: type.value,
    quantity: { floor: 0, expected: Math.min(hours, HOURS_PER_MONTH), ceiling: HOURS_PER_MONTH },
    assumptions,
  }), storageLine(ctx, type.value)];
}

/**
 * The notebook's ML storage volume: `VolumeSizeInGB` (default 5 GB), billed per GB-month whether
 * the notebook runs or is stopped, until it is deleted.
 */
function storageLine(ctx: PricingContext, instanceType: string): CostLineData {
  const description = `ML storage, ${instanceType} notebook instance`;
  const size = ctx.props.VolumeSizeInGB === undefined ? { ok: true as const, value: 5 }
    : ctx.literal(ctx.props.VolumeSizeInGB, 'number', 'VolumeSizeInGB');
  if (!size.ok) return ctx.unpriced(description, size.reason, [], 'storage');
  return ctx.line({
    description: `${description}, ${size.value} GB`,
    component: 'storage',
    service: PriceService.SAGEMAKER,
    usage: PriceUsage.ML_STORAGE_GB_MONTH,
    sku: 'notebook-ml-storage',
    quantity: { floor: size.value, expected: size.value, ceiling: size.value },
    assumptions: [`${size.value} GB (VolumeSizeInGB${ctx.props.VolumeSizeInGB === undefined ? ', default 5' : ''}) all month: ` +
      'the volume is billed while the notebook exists, running or stopped'],
  });
}
