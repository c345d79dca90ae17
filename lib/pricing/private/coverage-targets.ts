/**
 * The target matrix the price book is measured against: the instance types and models a team
 * would plausibly use for inference in 2026, in the 10 largest AWS regions. `cdk-cost prices
 * coverage` reports the share of it the snapshot prices; the snapshot build extracts exactly
 * these rows from its sources. Defined once, here.
 *
 * Regions: the 8 regions of issue 14 (where most AI workloads run) plus London and Sydney, the
 * next two by size, so that each of the geographies of Bedrock's cross-region inference
 * profiles (`us.`, `eu.`, `apac.`) has at least three source regions.
 */
import { PriceUsage } from '../price-entry';
export const TARGET_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-2',
  'eu-west-1', 'eu-central-1', 'eu-west-2',
  'ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1',
];

/**
 * EC2 instance types (on-demand Linux and Spot): general purpose for the front ends and CPU
 * models, every current GPU and Neuron size the library's fleet supports at the sizes teams
 * start with, and the big training/serving boxes.
 */
export const TARGET_EC2_INSTANCE_TYPES: readonly string[] = [
  't3.medium', 'm5.large', 'm5.xlarge', 'm7i.large', 'm7i.xlarge', 'c7i.xlarge', 'c7g.xlarge',
  'g4dn.xlarge', 'g4dn.2xlarge',
  'g5.xlarge', 'g5.2xlarge', 'g5.4xlarge', 'g5.12xlarge', 'g5.48xlarge',
  'g6.xlarge', 'g6.2xlarge', 'g6.12xlarge',
  'g6e.xlarge', 'g6e.2xlarge', 'g6e.12xlarge',
  'inf2.xlarge', 'inf2.8xlarge', 'inf2.24xlarge', 'inf2.48xlarge',
  'trn1.2xlarge', 'trn1.32xlarge',
  'p4d.24xlarge', 'p5.48xlarge',
];

/** SageMaker instance types: the `ml.` twins of the EC2 list that SageMaker offers for inference and training. */
export const TARGET_SAGEMAKER_INSTANCE_TYPES: readonly string[] = [
  'ml.t3.medium', 'ml.m5.large', 'ml.m5.xlarge', 'ml.c5.xlarge',
  'ml.g4dn.xlarge', 'ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g5.4xlarge', 'ml.g5.12xlarge', 'ml.g5.48xlarge',
  'ml.g6.xlarge', 'ml.g6.2xlarge', 'ml.g6.12xlarge', 'ml.g6e.xlarge', 'ml.g6e.2xlarge', 'ml.g6e.12xlarge',
  'ml.inf2.xlarge', 'ml.inf2.8xlarge', 'ml.inf2.24xlarge', 'ml.inf2.48xlarge',
  'ml.trn1.2xlarge', 'ml.trn1.32xlarge', 'ml.p4d.24xlarge', 'ml.p5.48xlarge',
];

/** The SageMaker usages measured: the instance-hour usages this library's constructs create. */
export const TARGET_SAGEMAKER_USAGES = [PriceUsage.HOSTING, PriceUsage.ASYNC, PriceUsage.BATCH_TRANSFORM, PriceUsage.TRAINING, PriceUsage.NOTEBOOK] as const;

/**
 * Bedrock text models, by the base model id a user passes (`modelId`), with the geographies of
 * the cross-region inference profiles AWS offers for each (`us.`, `eu.`, `apac.`, `jp.`, `au.`,
 * `global.` prefixed ids), as listed by the snapshot's Bedrock source.
 */
export const TARGET_BEDROCK_MODELS: readonly string[] = [
  'anthropic.claude-3-haiku-20240307-v1:0',
  'anthropic.claude-3-5-haiku-20241022-v1:0',
  'anthropic.claude-3-5-sonnet-20240620-v1:0',
  'anthropic.claude-3-5-sonnet-20241022-v2:0',
  'anthropic.claude-3-7-sonnet-20250219-v1:0',
  'anthropic.claude-sonnet-4-20250514-v1:0',
  'anthropic.claude-sonnet-4-5-20250929-v1:0',
  'anthropic.claude-haiku-4-5-20251001-v1:0',
  'anthropic.claude-opus-4-1-20250805-v1:0',
  'anthropic.claude-opus-4-5-20251101-v1:0',
  'amazon.nova-micro-v1:0',
  'amazon.nova-lite-v1:0',
  'amazon.nova-pro-v1:0',
  'amazon.nova-premier-v1:0',
  'meta.llama3-1-8b-instruct-v1:0',
  'meta.llama3-1-70b-instruct-v1:0',
  'meta.llama3-2-11b-instruct-v1:0',
  'meta.llama3-2-90b-instruct-v1:0',
  'meta.llama3-3-70b-instruct-v1:0',
  'meta.llama4-scout-17b-instruct-v1:0',
  'meta.llama4-maverick-17b-instruct-v1:0',
  'mistral.mistral-large-2402-v1:0',
  'mistral.mistral-small-2402-v1:0',
  'mistral.pixtral-large-2502-v1:0',
  'cohere.command-r-v1:0',
  'cohere.command-r-plus-v1:0',
];

/** The Bedrock usages measured (prompt-cache usages are priced where the source has them, but not counted). */
export const TARGET_BEDROCK_USAGES = [PriceUsage.ON_DEMAND_INPUT_TOKENS, PriceUsage.ON_DEMAND_OUTPUT_TOKENS, PriceUsage.BATCH_INPUT_TOKENS, PriceUsage.BATCH_OUTPUT_TOKENS] as const;

/**
 * The geography of a region for Bedrock's cross-region inference profiles: the prefix of the
 * profile ids a caller in that region can invoke (besides `global.`).
 */
export function bedrockGeographiesOf(region: string): string[] {
  if (region.startsWith('us-')) return ['us'];
  if (region.startsWith('eu-')) return ['eu'];
  if (region === 'ap-northeast-1') return ['apac', 'jp'];
  if (region === 'ap-southeast-2') return ['apac', 'au'];
  if (region.startsWith('ap-')) return ['apac'];
  return [];
}

/** The prefixes of cross-region inference profile ids. */
export const BEDROCK_PROFILE_PREFIXES: readonly string[] = ['us', 'eu', 'apac', 'jp', 'au', 'global'];

/** `anthropic.claude-…` for `us.anthropic.claude-…`; base ids unchanged. */
export function bedrockBaseModelId(modelId: string): string {
  const [head, ...rest] = modelId.split('.');
  return rest.length > 0 && BEDROCK_PROFILE_PREFIXES.includes(head) ? rest.join('.') : modelId;
}
