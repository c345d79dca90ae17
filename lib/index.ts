// The public API of cdk-cost-aware-inference, listed by name: every name here is a promise to
// users (test/public-api.test.ts pins the list). Anything not exported here is internal and may
// change in any release; internals live in `private/` folders, or in files this list leaves out.
//
// Folders: pricing/ (price book), cost/ (usage, traffic profiles, pricers, report), graph/ (links
// between resources, shared by cost and checks), then one folder per construct family.

// ── Price book ───────────────────────────────────────────────────────────────────────────────
export type { PriceEntry, PriceConfirmation, PriceQuery, PriceLookup } from './pricing/price-entry';
export { PriceService, PriceUsage, PriceBookKind } from './pricing/price-entry';
export { PriceBook } from './pricing/price-book';
export type { PriceBookFile, PriceBookOrigin } from './pricing/price-book';
export { isAcceleratedInstanceType, AcceleratorKind } from './pricing/instance-types';

// ── Cost report: usage, traffic, report schema, pricer extension API ────────────────────────
export { CostReport } from './cost/cost-report';
export type { IAdvisor, IAdvisorContext } from './cost/cost-engine';
export { TrafficProfile } from './cost/traffic-profile';
export type { ConstantTrafficOptions, DailyPeakTrafficOptions } from './cost/traffic-profile';
export type { PayloadSizeOptions } from './cost/traffic-profile';
export type { ScheduledCapacityWindow } from './cost/capacity-schedule';
export { WindowDays } from './cost/capacity-schedule';
export type { UsageLineOptions, StatedSpotSavings } from './cost/usage';
export type { VariantUsage, AutoScalingGroupUsage, LoadBalancerUsage, NotebookUsage, MeteredUsage, RecordedUsage } from './cost/usage';
export { PricingContext } from './cost/pricing-context';
export type { LineOptions, PriceFactor, LiteralString, LiteralNumber } from './cost/pricing-context';
export type { IResourcePricer } from './cost/pricers/pricer';
export { registerPricer, registerFreeResourceType } from './cost/pricers';
export { REPORT_SCHEMA_VERSION, RegionSource } from './cost/report-schema';
export { Substrate } from './cost/workload-comparison';
export type {
  WorkloadComparisonOptions, BedrockComparisonOptions, EndpointComparisonOptions, FleetComparisonOptions,
} from './cost/workload-comparison';
export type { WorkloadUsage } from './cost/usage';
export type { SubstrateCostData, BreakEvenData, CostCurveData, CostCurveSeries } from './cost/report-schema';
export type {
  CostReportData, CostLineData, MonthlyRange, LinePriceSource, RecommendationData, StackSummaryData,
} from './cost/report-schema';
export type { CostLineAlternative, ReportTotals } from './cost/report-schema';

// ── Resource graph (what rules, pricers and advisors are given) ─────────────────────────────
export { ResourceGraph, GraphResource } from './graph/resource-graph';
export type { ResourceGraphOptions, VariantScaling } from './graph/resource-graph';

// ── Endpoints ────────────────────────────────────────────────────────────────────────────────
export { ModelImage, ModelData } from './endpoints/model-source';
export type { ModelImageConfig, ModelDataConfig } from './endpoints/model-source';
export { InferenceModel } from './endpoints/inference-model';
export type { InferenceModelOptions, InferenceModelProps } from './endpoints/inference-model';
export { VariantEndpointBase } from './endpoints/variant-endpoint-base';
export { RealtimeEndpoint } from './endpoints/realtime-endpoint';
export type { RealtimeEndpointProps } from './endpoints/realtime-endpoint';
export { AsyncTrafficProfile } from './endpoints/async-traffic-profile';
export type { ConstantAsyncTrafficOptions } from './endpoints/async-traffic-profile';
export { AsyncEndpoint } from './endpoints/async-endpoint';
export type { AsyncEndpointProps } from './endpoints/async-endpoint';
export { ServerlessEndpoint } from './endpoints/serverless-endpoint';
export type { ServerlessEndpointProps } from './endpoints/serverless-endpoint';
export { ComponentEndpoint, HostedComponent, RoutingStrategy } from './endpoints/component-endpoint';
export type { ComponentEndpointProps, HostedComponentProps, InferenceComponentOptions } from './endpoints/component-endpoint';
export type { InstanceCapacity } from './cost/instance-capacity';
export { TieredInferenceApi, InferenceTier, PrioritySource } from './tiered/tiered-inference-api';
export { InferenceCostDashboard } from './dashboards/inference-cost-dashboard';
export type { InferenceCostDashboardProps } from './dashboards/inference-cost-dashboard';
export type { TieredInferenceApiProps, ApiThrottleOptions, PriorityClass, PriorityRoutingOptions, TieredTrafficOptions } from './tiered/tiered-inference-api';

// ── Batch ────────────────────────────────────────────────────────────────────────────────────
export type { JobS3Location, JobTriggerOptions } from './batch/job-options';
export { BatchTransformPipeline } from './batch/batch-transform-pipeline';
export type { BatchTransformPipelineProps } from './batch/batch-transform-pipeline';
export { BedrockBatchJob, BedrockBatchInputFormat } from './batch/bedrock-batch-job';
export type { BedrockBatchJobProps } from './batch/bedrock-batch-job';

// ── Bedrock on demand ───────────────────────────────────────────────────────────────────────
export { BedrockModelAccess, ProvisionedThroughputCommitment } from './bedrock/bedrock-model-access';
export type {
  BedrockModelAccessProps, BedrockTokenUsage, PromptCachingOptions, ProvisionedThroughputOptions,
} from './bedrock/bedrock-model-access';
export { BedrockModelId } from './bedrock/bedrock-model-id';
export type { BedrockModelIdOptions } from './bedrock/bedrock-model-id';

// ── Training ─────────────────────────────────────────────────────────────────────────────────
export { SpotTrainingJob, CHECKPOINT_LOCAL_PATH } from './training/spot-training-job';
export type { SpotTrainingJobProps, TrainingInputChannel } from './training/spot-training-job';

// ── Fleet ────────────────────────────────────────────────────────────────────────────────────
export { InferenceFleet } from './fleet/inference-fleet';
export { ContainerSecret } from './fleet/container-secret';
export type {
  InferenceFleetProps, FleetPurchaseOptions, FleetContainer, FleetServingOptions,
  FleetScalingOptions, FleetNetworkOptions,
} from './fleet/inference-fleet';
export type { FleetCustomMetric } from './fleet/inference-fleet';

// ── Guards ───────────────────────────────────────────────────────────────────────────────────
export { IdleNotebookStopper, WORKING_WEEK, Weekday } from './guards/idle-notebook-stopper';
export type {
  IdleNotebookStopperProps, WorkingHours, NotebookWorkPattern, NotebookLifecycleOptions, CoverNotebookOptions,
} from './guards/idle-notebook-stopper';
export { BudgetGuard, BudgetSpendKind, BudgetApprovalModel } from './guards/budget-guard';
export type {
  BudgetGuardProps, BudgetNotification, BudgetCostFilter, BudgetDenyPolicyOptions,
  BudgetKillSwitchOptions, KillSwitchTargets,
} from './guards/budget-guard';
export type { BudgetCostAllocationTag, BudgetProjection } from './guards/budget-guard';

// ── Checks (cdk-nag pack) ────────────────────────────────────────────────────────────────────
export { CostAwareChecks, COST_AWARE_PACK_NAME, COST_AWARE_RULE_IDS } from './checks/cost-aware-checks';
export type { CostAwareChecksProps } from './checks/cost-aware-checks';
export { COST_AWARE_ADVICE_IDS } from './checks/advisors';
export { markNotebookCovered } from './checks/notebook-coverage';
export type { ICostAwareRule, RuleContext } from './checks/rules/rule-context';
export { CostAwareRules } from './checks/cost-aware-rules';
export { acceleratedVariantAutoscaled } from './checks/rules/sagemaker/accelerated-variant-autoscaled';
export { acceleratedVariantMaxCapacityKnown } from './checks/rules/sagemaker/accelerated-variant-max-capacity-known';
export { acceleratedVariantMaxCapacityCapped } from './checks/rules/sagemaker/accelerated-variant-max-capacity-capped';
export { acceleratedNotebookStopsWhenIdle } from './checks/rules/sagemaker/accelerated-notebook-stops-when-idle';
export { acceleratedGroupMaxSizeKnown } from './checks/rules/autoscaling/accelerated-group-max-size-known';
export { acceleratedGroupMaxSizeCapped } from './checks/rules/autoscaling/accelerated-group-max-size-capped';
export { spotTrainingMaxWait } from './checks/rules/training/spot-training-max-wait';
export { spotTrainingCheckpoint } from './checks/rules/training/spot-training-checkpoint';
export { trainingMaxRuntime } from './checks/rules/training/training-max-runtime';
export { acceleratedStackHasBudget } from './checks/rules/budgets/accelerated-stack-has-budget';
