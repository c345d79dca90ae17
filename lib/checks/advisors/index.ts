import { IConstruct } from 'constructs';
import { IAdvisor } from '../../cost/cost-engine';
import { CostReport } from '../../cost/cost-report';
import { artifactBucketsWithoutLifecycle, ARTIFACT_LIFECYCLE_ADVICE_ID } from './artifact-bucket-lifecycle';
import { devStageProvisionedEndpoints, DEV_PROVISIONED_ENDPOINT_ADVICE_ID } from './dev-provisioned-endpoint';
import { lowUtilizationGpuEndpoints, LOW_UTILIZATION_ADVICE_ID } from './low-utilization-gpu-endpoint';
import { spotSingleInstanceEndpoints, SPOT_SINGLE_INSTANCE_ADVICE_ID } from './spot-single-instance';
import { uncappedTokenBills, UNCAPPED_TOKEN_BILL_ADVICE_ID } from './uncapped-token-bill';

export * from './stage';
export * from './low-utilization-gpu-endpoint';
export * from './spot-single-instance';
export * from './artifact-bucket-lifecycle';
export * from './dev-provisioned-endpoint';
export * from './uncapped-token-bill';

/** Every recommendation id the pack's advisors can write into the cost report. */
export const COST_AWARE_ADVICE_IDS: readonly string[] = [
  LOW_UTILIZATION_ADVICE_ID,
  SPOT_SINGLE_INSTANCE_ADVICE_ID,
  ARTIFACT_LIFECYCLE_ADVICE_ID,
  DEV_PROVISIONED_ENDPOINT_ADVICE_ID,
  UNCAPPED_TOKEN_BILL_ADVICE_ID,
];

/** Options of the pack's advisors. */
export interface CostAwareAdvisorOptions {
  /** Lower-case words that mark a stage as development. */
  readonly devStageNames: readonly string[];
  /**
   * Whether budgets are checked (`requireBudget` of the pack): when they are managed outside
   * CDK, the uncapped-token-bill advice is left out too.
   * @default true
   */
  readonly requireBudget?: boolean;
}

const registered = new WeakSet<CostReport>();

const LOW_UTILIZATION: IAdvisor = { advise: lowUtilizationGpuEndpoints };
const SPOT_SINGLE_INSTANCE: IAdvisor = { advise: spotSingleInstanceEndpoints };
const ARTIFACT_LIFECYCLE: IAdvisor = { advise: artifactBucketsWithoutLifecycle };
const UNCAPPED_TOKEN_BILL: IAdvisor = { advise: uncappedTokenBills };

/**
 * Adds the pack's advisors to the app's cost report, once per report (a second pack on the
 * same app adds nothing, so recommendations are not doubled).
 */
export function registerCostAwareAdvisors(scope: IConstruct, options: CostAwareAdvisorOptions): void {
  const report = CostReport.of(scope);
  if (registered.has(report)) return;
  registered.add(report);
  report.addAdvisor(LOW_UTILIZATION);
  report.addAdvisor(SPOT_SINGLE_INSTANCE);
  report.addAdvisor(ARTIFACT_LIFECYCLE);
  report.addAdvisor({ advise: devStageProvisionedEndpoints(options.devStageNames) });
  if (options.requireBudget ?? true) report.addAdvisor(UNCAPPED_TOKEN_BILL);
}
