// The rules of CostAwareChecks, one per file, in a folder per service.
export type { CostAwareRule, RuleContext } from './rule-context';
export type { AcceleratedVariant } from './accelerated';
export { acceleratedVariantsOf, isAcceleratedAutoScalingGroup, isAcceleratedResource } from './accelerated';
export type { TrainingJobDefinition } from './training/training-job-definitions';
export { trainingJobDefinitionsOf } from './training/training-job-definitions';
export * from './sagemaker/accelerated-variant-autoscaled';
export * from './sagemaker/accelerated-variant-max-capacity-known';
export * from './sagemaker/accelerated-variant-max-capacity-capped';
export * from './sagemaker/accelerated-notebook-stops-when-idle';
export * from './autoscaling/accelerated-group-max-size-known';
export * from './autoscaling/accelerated-group-max-size-capped';
export * from './training/spot-training-max-wait';
export * from './training/spot-training-checkpoint';
export * from './training/training-max-runtime';
export * from './budgets/accelerated-stack-has-budget';
