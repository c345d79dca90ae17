import * as path from 'path';
import * as ts from 'typescript';

// Every name lib/index.ts exports is a promise to users: adding one is a decision, removing or
// renaming one breaks their code. This list changes only on purpose (say so in CHANGELOG.md).
const PUBLIC_NAMES = [
    'AsyncEndpoint', 'AsyncEndpointProps', 'AsyncTrafficProfile',
    'BatchTransformPipeline', 'BatchTransformPipelineProps', 'BedrockBatchJob', 'BedrockBatchJobProps',
    'BudgetCostFilter', 'BudgetDenyPolicyOptions', 'BudgetGuard', 'BudgetGuardProps', 'BudgetKillSwitchOptions',
    'BudgetNotification', 'BudgetSpendKind', 'CHECKPOINT_LOCAL_PATH', 'COST_AWARE_ADVICE_IDS', 'COST_AWARE_PACK_NAME',
    'COST_AWARE_RULE_IDS', 'ConstantAsyncTrafficOptions', 'ConstantTrafficOptions', 'ContainerSecret', 'CostAwareChecks',
    'CostAwareChecksProps', 'CostLineData', 'CostReport', 'CostReportData', 'CoverNotebookOptions',
    'DailyPeakTrafficOptions', 'FleetContainer', 'FleetNetworkOptions', 'FleetPurchaseOptions',
    'FleetScalingOptions', 'FleetServingOptions', 'GraphResource', 'IdleNotebookStopper', 'IdleNotebookStopperProps',
    'InferenceFleet', 'InferenceFleetProps', 'InferenceModel', 'InferenceModelOptions', 'InferenceModelProps',
    'JobS3Location', 'JobTriggerOptions', 'KillSwitchTargets', 'LineOptions', 'LinePriceSource', 'ModelData',
    'ModelDataConfig', 'ModelImage', 'ModelImageConfig', 'MonthlyRange', 'NotebookLifecycleOptions',
    'NotebookWorkPattern', 'PriceBook', 'PriceBookFile', 'PriceBookOrigin', 'PriceConfirmation', 'PriceEntry', 'PriceLookup', 'PriceQuery',
    'PriceService', 'PriceUsage', 'PricingContext', 'REPORT_SCHEMA_VERSION', 'RealtimeEndpoint',
    'RealtimeEndpointProps', 'RecommendationData', 'ResourceGraph', 'ResourceGraphOptions',
    'RuleContext', 'ScheduledCapacityWindow', 'ServerlessEndpoint', 'ServerlessEndpointProps',
    'SpotTrainingJob', 'SpotTrainingJobProps', 'StackSummaryData', 'StatedSpotSavings', 'TrafficProfile',
    'TrainingInputChannel', 'UsageLineOptions', 'VariantEndpointBase', 'VariantScaling', 'WORKING_WEEK', 'WindowDays',
    'WorkingHours', 'acceleratedGroupMaxSizeCapped', 'acceleratedGroupMaxSizeKnown',
    'acceleratedNotebookStopsWhenIdle', 'acceleratedStackHasBudget', 'acceleratedVariantAutoscaled',
    'acceleratedVariantMaxCapacityCapped', 'acceleratedVariantMaxCapacityKnown', 'isAcceleratedInstanceType',
    'markNotebookCovered', 'registerFreeResourceType', 'registerPricer', 'spotTrainingCheckpoint',
    'spotTrainingMaxWait', 'trainingMaxRuntime',
    'ComponentEndpoint', 'ComponentEndpointProps', 'HostedComponent', 'HostedComponentProps', 'InferenceComponentOptions', 'InstanceCapacity', 'RoutingStrategy',
    'ApiThrottleOptions', 'InferenceTier', 'PriorityClass', 'PriorityRoutingOptions', 'PrioritySource', 'TieredInferenceApi', 'TieredInferenceApiProps', 'TieredTrafficOptions',
    'InferenceCostDashboard', 'InferenceCostDashboardProps',
    'AcceleratorKind', 'BedrockBatchInputFormat', 'BudgetApprovalModel', 'Weekday',
    // The typed usage contract (issue 15): one usage type per kind of resource, replacing ResourceUsage.
    'AutoScalingGroupUsage', 'LoadBalancerUsage', 'MeteredUsage', 'NotebookUsage', 'VariantUsage', 'PayloadSizeOptions', 'RecordedUsage',
    // Workload comparison across substrates (issue 17).
    'Substrate', 'WorkloadComparisonOptions', 'BedrockComparisonOptions', 'EndpointComparisonOptions', 'FleetComparisonOptions',
    'WorkloadUsage', 'SubstrateCostData', 'BreakEvenData', 'CostCurveData', 'CostCurveSeries',
    // Bedrock on demand as a workload (issue 17).
    'BedrockModelAccess', 'BedrockModelAccessProps', 'BedrockModelId', 'BedrockModelIdOptions', 'BedrockTokenUsage',
    'PromptCachingOptions', 'ProvisionedThroughputCommitment', 'ProvisionedThroughputOptions',
    // The jsii build (issue 18): function types became one-method interfaces (Advisor, AdvisorContext,
    // ResourcePricer, CostAwareRule removed), anonymous shapes became named structs and enums.
    'IAdvisor', 'IAdvisorContext', 'IResourcePricer', 'ICostAwareRule', 'CostAwareRules', 'PriceBookKind', 'PriceFactor',
    'LiteralString', 'LiteralNumber', 'RegionSource', 'CostLineAlternative', 'ReportTotals', 'FleetCustomMetric',
    'BudgetCostAllocationTag', 'BudgetProjection',
];

function exportedNames(): string[] {
  const entry = path.join(__dirname, '..', 'lib', 'index.ts');
  const program = ts.createProgram([entry], { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker.getExportsOfModule(moduleSymbol).map(s => s.name).sort();
}

describe('public API', () => {
  test('lib/index.ts exports exactly the listed names (types and values)', () => {
    expect(exportedNames()).toEqual([...PUBLIC_NAMES].sort());
  });

  test('lib/index.ts lists its exports by name (no export *)', () => {
    const source = require('fs').readFileSync(path.join(__dirname, '..', 'lib', 'index.ts'), 'utf8') as string;
    expect(source).not.toMatch(/export \*/);
  });
});
