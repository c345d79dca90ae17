import { Stack } from 'aws-cdk-lib';
import { BedrockModelId } from '../bedrock-model-id';

/**
 * The destination Regions of each cross-Region inference profile geography: the Regions Bedrock
 * may route a request to, where the caller must be allowed to invoke the foundation model
 * (Bedrock user guide, "Geographic cross-Region inference", IAM policy requirements: the
 * profile, the foundation model in the source Region, and the foundation model in every
 * destination Region of the profile). The sets are the geographies' documented Regions
 * ("Supported Regions and models for inference profiles"; the same sets as aws-cdk's
 * `CrossRegionInferenceProfileRegion`); a model's own profile may route to fewer of them, which
 * `BedrockModelId.of(id, { destinationRegions })` states exactly.
 */
export const PROFILE_DESTINATION_REGIONS: { readonly [geography: string]: readonly string[] } = {
  'us': ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'eu': ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3'],
  'apac': [
    'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2', 'ap-southeast-1',
    'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'me-central-1',
  ],
  'jp': ['ap-northeast-1', 'ap-northeast-3'],
  'au': ['ap-southeast-2', 'ap-southeast-4'],
};

/** One statement of an invoke grant: resources, and the condition they are granted under. */
export interface InvokeStatement {
  readonly resources: string[];
  readonly conditions?: Record<string, Record<string, unknown>>;
}

/**
 * The ARN of a foundation model in a Region (`''` for the Region-less form global profiles route
 * through), in the stack's partition (a literal when the stack's Region is known).
 */
export function foundationModelArn(stack: Stack, region: string, foundationModelId: string): string {
  return `arn:${stack.partition}:bedrock:${region}::foundation-model/${foundationModelId}`;
}

/** The ARN of a cross-Region (system-defined) inference profile in the stack's Region and account. */
export function inferenceProfileArn(stack: Stack, profileId: string): string {
  return stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: profileId });
}

/**
 * What an invoke grant on `model` needs, statement by statement:
 *
 * - a foundation model: the model in the stack's Region;
 * - a geographic profile (`us.`, `eu.`, `apac.`, ...): the profile in the stack's (source)
 *   Region, and the foundation model in the source Region and in every destination Region of
 *   the geography, only through that profile (condition `bedrock:InferenceProfileArn`), as the
 *   user guide's "Geographic cross-Region inference" policy does;
 * - a `global.` profile: the profile in the source Region, and the foundation model in the
 *   source Region and as the Region-less ARN `arn:<partition>:bedrock:::foundation-model/<id>`
 *   that global routing is authorized against ("Global cross-Region inference", IAM policy
 *   requirements), through that profile only.
 */
export function invokeStatements(stack: Stack, model: BedrockModelId): InvokeStatement[] {
  const region = stack.region;
  if (!model.isCrossRegionProfile) return [{ resources: [foundationModelArn(stack, region, model.modelId)] }];
  const profile = inferenceProfileArn(stack, model.modelId);
  const through = { StringEquals: { 'bedrock:InferenceProfileArn': profile } };
  const geography = model.profileGeography!;
  const destinations = geography === 'global' ? [''] : (model.destinationRegions ?? PROFILE_DESTINATION_REGIONS[geography] ?? []);
  const regions = [region, ...destinations.filter(r => r !== region)];
  return [
    { resources: [profile] },
    { resources: regions.map(r => foundationModelArn(stack, r, model.foundationModelId)), conditions: through },
  ];
}
