import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CostAwareChecks, CostAwareChecksProps } from '../../lib';

/**
 * Registers the rule packs every example must pass: cdk-nag's AwsSolutions pack and this
 * library's CostAwareChecks (which also adds its advisors to the cost report). A violation that
 * is not acknowledged with a reason fails synth.
 *
 * @param costAware options of the cost pack, e.g. `{ requireBudget: false }` for an example
 *   whose account budget is managed outside the app, or a different `maxCapacityCap`
 */
export function addChecks(app: App, costAware: CostAwareChecksProps = {}): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CostAwareChecks(app, costAware));
}
