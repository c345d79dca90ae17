import { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ResourceGraph } from '../graph/resource-graph';
import { COST_AWARE_ADVICE_IDS, registerCostAwareAdvisors } from './advisors';
import { markNotebookCovered } from './notebook-coverage';
import { acceleratedGroupMaxSizeCapped } from './rules/autoscaling/accelerated-group-max-size-capped';
import { acceleratedGroupMaxSizeKnown } from './rules/autoscaling/accelerated-group-max-size-known';
import { acceleratedStackHasBudget } from './rules/budgets/accelerated-stack-has-budget';
import { CostAwareRule, RuleContext } from './rules/rule-context';
import { acceleratedNotebookStopsWhenIdle } from './rules/sagemaker/accelerated-notebook-stops-when-idle';
import { acceleratedVariantAutoscaled } from './rules/sagemaker/accelerated-variant-autoscaled';
import { acceleratedVariantMaxCapacityCapped } from './rules/sagemaker/accelerated-variant-max-capacity-capped';
import { acceleratedVariantMaxCapacityKnown } from './rules/sagemaker/accelerated-variant-max-capacity-known';
import { spotTrainingCheckpoint } from './rules/training/spot-training-checkpoint';
import { spotTrainingMaxWait } from './rules/training/spot-training-max-wait';
import { trainingMaxRuntime } from './rules/training/training-max-runtime';
import { Problems } from '../private/validation';

/** The prefix of every rule id of the pack: `CostAware-GPU1`. */
export const COST_AWARE_PACK_NAME = 'CostAware';

/** What a caller passes to `CostAwareChecks`. */
export interface CostAwareChecksProps extends NagPackProps {
  /**
   * The highest `MaxCapacity` (SageMaker endpoint variant) or `MaxSize` (Auto Scaling group) an
   * accelerated fleet may have before CostAware-GPU3 / CostAware-GPU5 fail synth.
   * @default 10 - an accelerated fleet may run up to 10 instances all month at the on-demand rate
   */
  readonly maxCapacityCap?: number;
  /**
   * Whether a stack with accelerated resources needs an AWS Budgets cost budget in the app (CostAware-Budget1).
   * Turn it off when budgets are managed outside CDK (it also leaves out the
   * `CostAware-Advice-UncappedTokenBill` recommendation on Bedrock on-demand workloads).
   * @default true - synth fails until the app has a cost budget for each account with accelerated resources
   */
  readonly requireBudget?: boolean;
  /**
   * Stage names that count as development for the `CostAware-Advice-DevProvisionedEndpoint`
   * recommendation, matched against the words of context `cdk-cost-aware-inference:stage`, else
   * of the stage's and stack's names.
   * @default ['dev', 'development', 'sandbox', 'sbx']
   */
  readonly devStageNames?: string[];
}

/** One rule of the pack: its id suffix, level, the message shown when it fails, and the check. */
export interface CostAwareRuleDefinition {
  /** The id after the pack prefix, e.g. `GPU1` for `CostAware-GPU1`. */
  readonly suffix: string;
  /** Always ERROR: cdk-nag 3 fails synth on any finding; advice goes to the cost report instead. */
  readonly level: NagMessageLevel;
  /** What triggered the finding and what to change (printed by `cdk synth`). */
  readonly info: string;
  /** Why the rule exists (printed with `verbose: true`, and in RULES.md). */
  readonly explanation: string;
  /** The check. */
  readonly rule: CostAwareRule;
}

/** The rules of the pack for a given cap, in the order they run. */
export function costAwareRules(maxCapacityCap: number): CostAwareRuleDefinition[] {
  const cap = maxCapacityCap;
  const ERROR = NagMessageLevel.ERROR;
  return [
    {
      suffix: 'GPU1', level: ERROR, rule: acceleratedVariantAutoscaled,
      info: 'An accelerated (GPU/Inferentia/Trainium) SageMaker endpoint variant has no Application Auto Scaling target, so it runs its ' +
        'InitialInstanceCount all month. Set minCapacity and maxCapacity on RealtimeEndpoint (or add a ScalableTarget for ' +
        'endpoint/<name>/variant/<variant>), or acknowledge CostAware-GPU1 with a reason.',
      explanation: 'Accelerated instances cost dollars an hour each. A variant with no scalable target never scales in when traffic drops, ' +
        'and nothing in the template states how many instances it may run. Scale it with Application Auto Scaling (async endpoints can ' +
        'scale to zero), or acknowledge the finding on the endpoint config with the reason a fixed count is intended.',
    },
    {
      suffix: 'GPU2', level: ERROR, rule: acceleratedVariantMaxCapacityKnown,
      info: 'The scalable target of an accelerated SageMaker endpoint variant has a MaxCapacity that is not known at synth (a parameter, ' +
        `an import or another deploy-time value), so it cannot be checked against the cap of ${cap}. Give maxCapacity as a number, ` +
        'or acknowledge CostAware-GPU2 with a reason.',
      explanation: 'The cap on accelerated capacity is only a guard if it can be read before deployment. A MaxCapacity that arrives at ' +
        'deploy time can be any value, so the pack treats it as uncapped.',
    },
    {
      suffix: 'GPU3', level: ERROR, rule: acceleratedVariantMaxCapacityCapped,
      info: `An accelerated SageMaker endpoint variant can scale above ${cap} instances (its scalable target's MaxCapacity). Lower ` +
        `maxCapacity on RealtimeEndpoint (MaxCapacity of the ScalableTarget) to ${cap} or less, raise the pack's maxCapacityCap, ` +
        'or acknowledge CostAware-GPU3 with a reason.',
      explanation: 'A traffic spike, a retry storm or a load test scales an endpoint to its MaxCapacity, and every accelerated instance ' +
        'bills by the hour until it scales back in. The cap keeps the worst month a number someone chose on purpose.',
    },
    {
      suffix: 'GPU4', level: ERROR, rule: acceleratedGroupMaxSizeKnown,
      info: 'An Auto Scaling group that launches accelerated instances (launch template, launch configuration or mixed-instances ' +
        `overrides) has a MaxSize that is not known at synth, so it cannot be checked against the cap of ${cap}. Give MaxSize ` +
        '(maxCapacity on InferenceFleet or AutoScalingGroup) as a number, or acknowledge CostAware-GPU4 with a reason.',
      explanation: 'The cap on accelerated capacity is only a guard if it can be read before deployment. A MaxSize from a parameter or ' +
        'another deploy-time value can be any number, so the pack treats it as uncapped.',
    },
    {
      suffix: 'GPU5', level: ERROR, rule: acceleratedGroupMaxSizeCapped,
      info: `An Auto Scaling group that launches accelerated instances can grow above ${cap} instances (MaxSize). Lower maxCapacity ` +
        `on InferenceFleet (MaxSize of the group) to ${cap} or less, raise the pack's maxCapacityCap, or acknowledge CostAware-GPU5 ` +
        'with a reason.',
      explanation: 'Scaling policies, scheduled actions and unhealthy-instance replacement all drive a group towards its MaxSize, and ' +
        'every accelerated instance bills by the hour. The cap keeps the worst month a number someone chose on purpose.',
    },
    {
      suffix: 'Train1', level: ERROR, rule: spotTrainingMaxWait,
      info: 'A SageMaker training job definition (Step Functions task, pipeline step or SDK call) uses managed Spot but sets no ' +
        'StoppingCondition.MaxWaitTimeInSeconds. Set maxWaitTime on SpotTrainingJob (MaxWaitTimeInSeconds, at least ' +
        'MaxRuntimeInSeconds), or acknowledge CostAware-Train1 with a reason.',
      explanation: 'A Spot training job waits for capacity and resumes after interruptions; MaxWaitTimeInSeconds bounds the whole ' +
        'run, waiting included. Without it there is no stated end to a job that keeps being interrupted.',
    },
    {
      suffix: 'Train2', level: ERROR, rule: spotTrainingCheckpoint,
      info: 'A SageMaker training job definition uses managed Spot but sets no CheckpointConfig, so an interrupted job starts over and ' +
        'pays for the lost hours again. Set a checkpoint S3 URI (CheckpointConfig.S3Uri; SpotTrainingJob always sets one, from checkpointBucket and checkpointPrefix) and ' +
        'save checkpoints in the training script, or acknowledge CostAware-Train2 with a reason.',
      explanation: 'Spot capacity is reclaimed with two minutes of notice. With checkpoints in S3, SageMaker restarts the job from the ' +
        'last one; without them each interruption throws away every hour trained so far.',
    },
    {
      suffix: 'Train3', level: ERROR, rule: trainingMaxRuntime,
      info: 'A SageMaker training job definition (Step Functions task, pipeline step or SDK call) sets no ' +
        'StoppingCondition.MaxRuntimeInSeconds. Set maxRuntime on SpotTrainingJob (StoppingCondition.MaxRuntimeInSeconds in the ' +
        'request), or acknowledge CostAware-Train3 with a reason.',
      explanation: 'A job that hangs, loops or never converges keeps its instances until something stops it. MaxRuntimeInSeconds is ' +
        'that something, at a bound you chose rather than the service default.',
    },
    {
      suffix: 'Notebook1', level: ERROR, rule: acceleratedNotebookStopsWhenIdle,
      info: 'An accelerated SageMaker notebook instance has no lifecycle configuration and no idle stopper, so it bills every hour it ' +
        'is left running. Cover it with IdleNotebookStopper, attach a lifecycle configuration that stops it when idle, or ' +
        'acknowledge CostAware-Notebook1 with a reason.',
      explanation: 'Notebooks are started by people and forgotten by people: a GPU notebook left open over a weekend bills 60 hours for ' +
        'nothing. Something must stop it when it sits idle.',
    },
    {
      suffix: 'Budget1', level: ERROR, rule: acceleratedStackHasBudget,
      info: 'This stack deploys accelerated resources and the app has no AWS Budgets cost budget for its account. Add a BudgetGuard ' +
        '(or an AWS::Budgets::Budget of type COST), construct CostAwareChecks with requireBudget: false when budgets are managed ' +
        'elsewhere, or acknowledge CostAware-Budget1 on the stack with a reason.',
      explanation: 'Caps bound capacity; a budget alerts when the bill itself runs ahead of plan (a forgotten endpoint, a job in a ' +
        'retry loop). An account that runs accelerated hardware should have one.',
    },
  ];
}

/**
 * Every rule id `CostAwareChecks` can report. The rules' levels are all ERROR: cdk-nag 3
 * fails synth on any finding, so advisory findings go to the cost report's recommendations.
 */
export const COST_AWARE_RULE_IDS: readonly string[] = costAwareRules(10).map(r => `${COST_AWARE_PACK_NAME}-${r.suffix}`);

/**
 * A cdk-nag 3 pack that fails synth on cost hazards: accelerated capacity with no cap, Spot
 * training with no stop condition or checkpoint, GPU notebooks nothing stops, and accelerated
 * stacks with no budget. The rules read raw L1 resources, so they apply to any construct.
 *
 * ```ts
 * import { App, Validations } from 'aws-cdk-lib';
 * import { CostAwareChecks, RealtimeEndpoint } from 'cdk-cost-aware-inference';
 * declare const app: App;
 * declare const endpoint: RealtimeEndpoint;
 *
 * Validations.of(app).addPlugins(new CostAwareChecks(app, { maxCapacityCap: 8 }));
 * Validations.of(endpoint).acknowledge({ id: 'CostAware-GPU1', reason: 'fixed 2-instance canary, deleted after the test' });
 * ```
 *
 * Constructed with the app, it also adds the pack's advisors to the app's `CostReport`: advice
 * that must not block synth (low-utilization GPU endpoints, single-instance Spot, artifact
 * buckets with no lifecycle rule, provisioned endpoints in dev stages) lands in the report's
 * `recommendations`.
 */
export class CostAwareChecks extends NagPack {
  /** The prefix of every rule id of the pack (`COST_AWARE_PACK_NAME`, for every jsii language). */
  public static readonly PACK_NAME: string = COST_AWARE_PACK_NAME;
  /** Every rule id the pack can report (`COST_AWARE_RULE_IDS`, for every jsii language). */
  public static readonly RULE_IDS: string[] = [...COST_AWARE_RULE_IDS];
  /** Every recommendation id the pack's advisors can write (`COST_AWARE_ADVICE_IDS`, for every jsii language). */
  public static readonly ADVICE_IDS: string[] = [...COST_AWARE_ADVICE_IDS];

  /**
   * Records that a stopper of yours stops this notebook instance when idle, so that
   * CostAware-Notebook1 counts it as covered (the `markNotebookCovered` function).
   *
   * @param notebook an `AWS::SageMaker::NotebookInstance`
   * @param by the construct that stops it
   */
  public static markNotebookCovered(notebook: CfnResource, by: IConstruct): void {
    markNotebookCovered(notebook, by);
  }

  public readonly name = COST_AWARE_PACK_NAME;
  /**
   * The ids of the rules this pack runs (always set; optional only because `NagPack` declares it so,
   * and jsii forbids an override that turns it required).
   */
  public readonly ruleIds?: string[];
  /** The cap this pack checks accelerated fleets against. */
  public readonly maxCapacityCap: number;
  /** Whether CostAware-Budget1 runs. */
  public readonly requireBudget: boolean;
  private readonly rules: CostAwareRuleDefinition[];
  private graph: ResourceGraph | undefined;

  constructor(scope?: IConstruct, props: CostAwareChecksProps = {}) {
    super(requireCdkNag3(scope), props);
    const problems = new Problems('CostAwareChecks', scope);
    const cap = props.maxCapacityCap ?? 10;
    problems.wholeNumber('maxCapacityCap', cap, 1);
    const devStageNames = props.devStageNames ?? ['dev', 'development', 'sandbox', 'sbx'];
    if (devStageNames.some(s => typeof s !== 'string' || !/^[a-z0-9]+$/i.test(s))) {
      problems.add(`devStageNames must be words of letters and digits, got: ${JSON.stringify(devStageNames)}`);
    }
    problems.throwIfAny();
    this.packName = COST_AWARE_PACK_NAME;
    this.maxCapacityCap = cap;
    this.requireBudget = props.requireBudget ?? true;
    this.rules = costAwareRules(cap).filter(r => this.requireBudget || r.suffix !== 'Budget1');
    this.ruleIds = this.rules.map(r => `${COST_AWARE_PACK_NAME}-${r.suffix}`);
    if (scope) registerCostAwareAdvisors(scope, { devStageNames: devStageNames.map(s => s.toLowerCase()), requireBudget: this.requireBudget });
  }

  /** Validates a construct tree, reading links from one resource graph built for this run. */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    // Built fresh per run: the tree may grow between two synths of the same app.
    this.graph = ResourceGraph.of(scope);
    try {
      return super.validateScope(scope);
    } finally {
      this.graph = undefined;
    }
  }

  protected checkResource(node: CfnResource): void {
    let graph = this.graph;
    if (!graph || !graph.nodeOf(node)) graph = this.graph = ResourceGraph.of(node);
    const context: RuleContext = { graph, maxCapacityCap: this.maxCapacityCap };
    for (const r of this.rules) {
      this.applyRule({
        ruleSuffixOverride: r.suffix,
        info: r.info,
        explanation: r.explanation,
        level: r.level,
        node,
        rule: (n: CfnResource) => r.rule(n, context),
      });
    }
  }
}

/**
 * The cdk-nag this package runs with is the app's own (a peer dependency). cdk-nag 2 packs are
 * Aspects (`Aspects.of(app).add(pack)`) and report through annotations; this pack needs cdk-nag
 * 3's validation plugins (`Validations.of(app).addPlugins(pack)`) and acknowledgements. Under
 * cdk-nag 2 it would run without failing synth and without seeing acknowledgements, so it
 * refuses to be constructed instead. Returns `scope` to be called in the `super` arguments.
 */
function requireCdkNag3(scope: IConstruct | undefined): IConstruct | undefined {
  const rtti = (NagPack as unknown as { [key: symbol]: { version?: string } | undefined })[Symbol.for('jsii.rtti')];
  const version = rtti?.version ?? 'unknown';
  const isPlugin = typeof (NagPack.prototype as { validate?: unknown }).validate === 'function';
  if (!isPlugin || Number(version.split('.')[0]) < 3) {
    throw new Error(`CostAwareChecks needs cdk-nag 3.x, found cdk-nag ${version}. Install it beside this package `
      + '(`npm install cdk-nag@^3`, a peer dependency) and register the packs with '
      + '`Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CostAwareChecks(app))` instead of `Aspects.of(app).add(...)`.');
  }
  return scope;
}
