import { App, Stack } from 'aws-cdk-lib';
import { CostReport } from '../../lib';

/** One side of a comparison: a stack and how the closing note names it. */
export interface ComparedBuild {
  readonly stack: Stack;
  /** e.g. `on one always-on ml.m5.large` */
  readonly as: string;
}

/**
 * Adds the example's closing note to the cost report: the two builds' monthly expected totals
 * (read from the report's own lines, never computed apart) and the difference, as a
 * recommendation with the saving.
 */
export function addComparisonNote(app: App, o: { id: string; subject: string; baseline: ComparedBuild; better: ComparedBuild }): void {
  CostReport.of(app).addAdvisor({ advise: ({ lines }) => {
    const total = (stack: Stack): number => lines.filter(l => l.stack === stack.stackName).reduce((sum, l) => sum + l.monthlyUsd.expected, 0);
    const before = total(o.baseline.stack);
    const after = total(o.better.stack);
    return [{
      id: o.id,
      path: o.better.stack.node.path,
      message: `Closing note: ${o.subject}: $${before.toFixed(2)}/month ${o.baseline.as} (${o.baseline.stack.stackName}) `
        + `and $${after.toFixed(2)}/month ${o.better.as} (${o.better.stack.stackName}): $${(before - after).toFixed(2)} a month less.`,
      estimatedMonthlySavingUsd: Math.round((before - after) * 100) / 100,
    }];
  } });
}
