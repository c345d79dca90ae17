// The cost per 1,000 inferences that InferenceCostDashboard charts and alarms on, as CloudWatch
// metric math: the one cost formula evaluated at run time rather than at synth, kept here with
// the report's other cost formulas. The hourly price comes from the price book at synth.

/**
 * Running instances in a period, from the SampleCount of a per-instance metric reported once a
 * minute (CPUUtilization): 60 samples an hour per instance, as the SageMaker async troubleshooting
 * guide counts instances. `samples` names that metric in the expression.
 */
export const RUNNING_INSTANCES_EXPRESSION = 'samples / 60';

/**
 * USD per 1,000 inferences in an hourly period: instances × hourly price × 1,000 ÷ invocations,
 * and no point in hours without invocations. `samples` and `inv` name the metrics.
 */
export function costPerThousandInferencesExpression(hourlyPriceUsd: number): string {
  return `IF(inv > 0, (${RUNNING_INSTANCES_EXPRESSION}) * ${hourlyPriceUsd} * 1000 / inv)`;
}

/** Instance-hours with no invocation in an hourly period (`samples` and `inv` as above). */
export const IDLE_INSTANCE_HOURS_EXPRESSION = `IF(inv == 0, ${RUNNING_INSTANCES_EXPRESSION}, 0)`;
