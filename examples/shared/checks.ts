import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Registers the rule packs every example must pass: cdk-nag's AwsSolutions pack (and this
 * library's cost pack). A violation that is not acknowledged with a reason fails synth.
 */
export function addChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
