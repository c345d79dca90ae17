import { acceleratedGroupMaxSizeCapped } from './rules/autoscaling/accelerated-group-max-size-capped';
import { acceleratedGroupMaxSizeKnown } from './rules/autoscaling/accelerated-group-max-size-known';
import { acceleratedStackHasBudget } from './rules/budgets/accelerated-stack-has-budget';
import { ICostAwareRule } from './rules/rule-context';
import { acceleratedNotebookStopsWhenIdle } from './rules/sagemaker/accelerated-notebook-stops-when-idle';
import { acceleratedVariantAutoscaled } from './rules/sagemaker/accelerated-variant-autoscaled';
import { acceleratedVariantMaxCapacityCapped } from './rules/sagemaker/accelerated-variant-max-capacity-capped';
import { acceleratedVariantMaxCapacityKnown } from './rules/sagemaker/accelerated-variant-max-capacity-known';
import { spotTrainingCheckpoint } from './rules/training/spot-training-checkpoint';
import { spotTrainingMaxWait } from './rules/training/spot-training-max-wait';
import { trainingMaxRuntime } from './rules/training/training-max-runtime';

/**
 * The rules of the `CostAwareChecks` pack as `ICostAwareRule` objects, for packs of your own in
 * any jsii language (TypeScript can also call the exported functions of the same names).
 * RULES.md says what each checks.
 */
export class CostAwareRules {
  /** CostAware-GPU1: every accelerated endpoint variant has an Application Auto Scaling target. */
  public static readonly ACCELERATED_VARIANT_AUTOSCALED: ICostAwareRule = { evaluate: acceleratedVariantAutoscaled };
  /** CostAware-GPU2: the MaxCapacity of an accelerated variant's scalable target is known at synth. */
  public static readonly ACCELERATED_VARIANT_MAX_CAPACITY_KNOWN: ICostAwareRule = { evaluate: acceleratedVariantMaxCapacityKnown };
  /** CostAware-GPU3: an accelerated variant's MaxCapacity is at most the pack's cap. */
  public static readonly ACCELERATED_VARIANT_MAX_CAPACITY_CAPPED: ICostAwareRule = { evaluate: acceleratedVariantMaxCapacityCapped };
  /** CostAware-GPU4: the MaxSize of an accelerated Auto Scaling group is known at synth. */
  public static readonly ACCELERATED_GROUP_MAX_SIZE_KNOWN: ICostAwareRule = { evaluate: acceleratedGroupMaxSizeKnown };
  /** CostAware-GPU5: an accelerated Auto Scaling group's MaxSize is at most the pack's cap. */
  public static readonly ACCELERATED_GROUP_MAX_SIZE_CAPPED: ICostAwareRule = { evaluate: acceleratedGroupMaxSizeCapped };
  /** CostAware-Train1: a managed Spot training job sets MaxWaitTimeInSeconds. */
  public static readonly SPOT_TRAINING_MAX_WAIT: ICostAwareRule = { evaluate: spotTrainingMaxWait };
  /** CostAware-Train2: a managed Spot training job sets a CheckpointConfig. */
  public static readonly SPOT_TRAINING_CHECKPOINT: ICostAwareRule = { evaluate: spotTrainingCheckpoint };
  /** CostAware-Train3: a training job sets StoppingCondition.MaxRuntimeInSeconds. */
  public static readonly TRAINING_MAX_RUNTIME: ICostAwareRule = { evaluate: trainingMaxRuntime };
  /** CostAware-Notebook1: an accelerated notebook instance is stopped when idle. */
  public static readonly ACCELERATED_NOTEBOOK_STOPS_WHEN_IDLE: ICostAwareRule = { evaluate: acceleratedNotebookStopsWhenIdle };
  /** CostAware-Budget1: a stack with accelerated resources has a cost budget in the app. */
  public static readonly ACCELERATED_STACK_HAS_BUDGET: ICostAwareRule = { evaluate: acceleratedStackHasBudget };

  private constructor() {}
}
