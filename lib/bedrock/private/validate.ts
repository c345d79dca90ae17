import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { profileGeographyProblem } from '../../batch/bedrock-batch-job';
import { TrafficProfile } from '../../cost/traffic-profile';
import { checkWorkloadComparison } from '../../cost/workload-comparison';
import { isKnown, Problems, quote } from '../../private/validation';
import type { BedrockModelAccessProps } from '../bedrock-model-access';
import { ProvisionedThroughputCommitment } from '../bedrock-model-access';
import { BedrockModelId } from '../bedrock-model-id';

const GEOGRAPHIES = ['us', 'eu', 'apac', 'jp', 'au', 'us-gov', 'global'];
/** `provider.model-name-version`: foundation model ids have one dot; a profile id adds its geography before it. */
const MODEL_ID = /^[a-z0-9-]+\.[a-zA-Z0-9][a-zA-Z0-9._:-]*$/;
const PROVISIONED_MODEL_ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\d{12}:provisioned-model\/[a-z0-9]+$/;

/** Every problem with a `BedrockModelAccess`'s props, thrown at once. */
export function validateModelAccess(scope: IConstruct, props: BedrockModelAccessProps): void {
  const problems = new Problems('BedrockModelAccess', scope);
  checkModel(problems, scope, props.model);
  if (!props.grantee) problems.add('grantee must be a function, role or other principal (iam.IGrantable), got: undefined');
  if (!(props.traffic instanceof TrafficProfile)) {
    problems.add(`traffic must be a TrafficProfile (TrafficProfile.constant({...}), .dailyPeak({...}), ...), got: ${quote(props.traffic)}`);
  }
  problems.positive('inputTokensPerRequest', props.inputTokensPerRequest, 'tokens');
  problems.positive('outputTokensPerRequest', props.outputTokensPerRequest, 'tokens');
  const caching = props.promptCaching;
  if (caching) {
    problems.positive('promptCaching.cacheablePrefixTokens', caching.cacheablePrefixTokens, 'tokens');
    if (problems.number('promptCaching.expectedHitRate', caching.expectedHitRate) && !(caching.expectedHitRate >= 0 && caching.expectedHitRate <= 1)) {
      problems.add(`promptCaching.expectedHitRate must be a fraction from 0 to 1 (0.9 for 90%), got: ${caching.expectedHitRate}`);
    }
    if (isKnown(caching.cacheablePrefixTokens) && isKnown(props.inputTokensPerRequest) &&
      caching.cacheablePrefixTokens > props.inputTokensPerRequest) {
      problems.add(`promptCaching.cacheablePrefixTokens must be at most inputTokensPerRequest (${props.inputTokensPerRequest}): ` +
        `the prefix is part of the input, got: ${caching.cacheablePrefixTokens}`);
    }
  }
  const provisioned = props.provisionedThroughput;
  if (provisioned) {
    problems.wholeNumber('provisionedThroughput.modelUnits', provisioned.modelUnits, 1);
    if (provisioned.commitment !== undefined) {
      problems.oneOf('provisionedThroughput.commitment', provisioned.commitment, ProvisionedThroughputCommitment, 'ProvisionedThroughputCommitment');
    }
    const arn = provisioned.provisionedModelArn;
    if (problems.string('provisionedThroughput.provisionedModelArn', arn) && !PROVISIONED_MODEL_ARN.test(arn)) {
      problems.add("provisionedThroughput.provisionedModelArn must be a provisioned model's ARN, " +
        `arn:aws:bedrock:<region>:<account>:provisioned-model/<id> (CreateProvisionedModelThroughput returns it), got: '${arn}'`);
    }
    if (props.model instanceof BedrockModelId && props.model.isCrossRegionProfile) {
      problems.add(`provisionedThroughput is for a foundation model, not a cross-Region inference profile (inference profiles do not ` +
        `support Provisioned Throughput), got model: '${props.model.modelId}'; use '${props.model.foundationModelId}'`);
    }
  }
  checkWorkloadComparison(problems, 'compareWith', props.compareWith);
  if (props.compareWith && provisioned) {
    problems.add('compareWith compares an on-demand workload: it was given with provisionedThroughput (model units are not priced per token); remove one of them');
  }
  problems.throwIfAny();
}

function checkModel(problems: Problems, scope: IConstruct, model: BedrockModelId): void {
  if (!(model instanceof BedrockModelId)) {
    problems.add(`model must be a BedrockModelId (a constant such as BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5, or ` +
      `BedrockModelId.of('<model or profile id>')), got: ${quote(model)}`);
    return;
  }
  const id = model.modelId;
  if (!problems.string('model', id)) return;
  if (id.startsWith('arn:')) {
    problems.add(`model must be a model or cross-Region inference profile id such as 'anthropic.claude-haiku-4-5-20251001-v1:0' or ` +
      `'us.anthropic.claude-haiku-4-5-20251001-v1:0', not an ARN (the grant builds the ARNs), got: '${id}'`);
    return;
  }
  const segments = id.split('.');
  if (!MODEL_ID.test(id)) {
    problems.add(`model must be a Bedrock model id ('<provider>.<model>', e.g. 'anthropic.claude-haiku-4-5-20251001-v1:0'), ` +
      `optionally with a cross-Region inference profile prefix (${GEOGRAPHIES.map(g => `'${g}.'`).join(', ')}), got: '${id}'`);
    return;
  }
  if (!model.isCrossRegionProfile && segments.length > 2 && !/\d/.test(segments[0])) {
    problems.add(`model '${id}' starts with '${segments[0]}.', which is not a cross-Region inference profile prefix this library ` +
      `knows the Regions of (${GEOGRAPHIES.map(g => `'${g}.'`).join(', ')}); use a known profile or the foundation model id`);
  }
  const region = Stack.of(scope).region;
  const geography = profileGeographyProblem(id, region);
  if (geography) problems.add(geography.replace(/^modelId /, 'model '));
  const destinations = model.destinationRegions;
  if (destinations !== undefined) {
    if (!model.isCrossRegionProfile || model.profileGeography === 'global') {
      problems.add(`model destinationRegions is for a geographic cross-Region inference profile (us., eu., apac., ...), got it for '${id}'` +
        (model.profileGeography === 'global' ? ' (a global profile is granted as the Region-less foundation-model ARN)' : ''));
    } else if (destinations.length === 0) {
      problems.add(`model destinationRegions must name at least one Region when set, got: []`);
    } else {
      destinations.forEach((r, i) => problems.region(`model destinationRegions[${i}]`, r));
    }
  }
}
