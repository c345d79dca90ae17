import { IAdvisorContext } from '../../cost/cost-engine';
import { RecommendationData } from '../../cost/report-schema';
import { GraphResource, ResourceGraph } from '../../graph/resource-graph';
import { literalString } from '../rules/rule-context';

/** The id of the artifact-bucket lifecycle recommendation. */
export const ARTIFACT_LIFECYCLE_ADVICE_ID = 'CostAware-Advice-ArtifactLifecycle';

/** Types whose properties point at artifact buckets: model data, job outputs, checkpoints, batch inputs. */
const ARTIFACT_USERS = /^(AWS::SageMaker::|AWS::StepFunctions::StateMachine$|AWS::Bedrock::|Custom::AWS$)/;

/**
 * S3 buckets that hold ML artifacts and have no enabled lifecycle rule. A bucket holds artifacts
 * when a SageMaker, Step Functions, Bedrock or SDK-call resource of the app refers to it (by
 * `Ref`/`Fn::GetAtt`, or by its literal name in an `s3://` URI), or its construct path says
 * `Artifact`. No saving is given: what the bucket stores is usage the template cannot state.
 */
export function artifactBucketsWithoutLifecycle(ctx: IAdvisorContext): RecommendationData[] {
  const users = ctx.graph.resources.filter(r => ARTIFACT_USERS.test(r.type));
  const out: RecommendationData[] = [];
  for (const bucket of ctx.graph.ofType('AWS::S3::Bucket')) {
    if (hasEnabledLifecycleRule(bucket)) continue;
    const user = users.find(u => refersTo(u.properties, bucket, u, ctx.graph));
    if (!user && !/artifact/i.test(bucket.path)) continue;
    out.push({
      id: ARTIFACT_LIFECYCLE_ADVICE_ID,
      path: bucket.path,
      message: `This bucket holds ML data or artifacts${user ? ` (used by ${user.path})` : ''} and has no lifecycle rule: model artifacts, job ` +
        'outputs and checkpoints pile up and bill every month. Add lifecycle rules that expire old job outputs and checkpoints, ' +
        'move old models to a cheaper storage class, and abort incomplete multipart uploads.',
    });
  }
  return out;
}

function hasEnabledLifecycleRule(bucket: GraphResource): boolean {
  const rules: unknown = bucket.properties.LifecycleConfiguration?.Rules;
  return Array.isArray(rules) && rules.some((r: any) => r?.Status !== 'Disabled');
}

/** True when a property value refers to the bucket anywhere inside it. */
function refersTo(value: unknown, bucket: GraphResource, from: GraphResource, graph: ResourceGraph): boolean {
  if (typeof value === 'string') {
    const name = literalString(bucket.properties.BucketName);
    return name !== undefined && (value === name || value.includes(`s3://${name}/`) || value.endsWith(`s3://${name}`));
  }
  if (Array.isArray(value)) return value.some(v => refersTo(v, bucket, from, graph));
  if (value && typeof value === 'object') {
    if (graph.referenced(value, from.stack) === bucket) return true;
    return Object.values(value).some(v => refersTo(v, bucket, from, graph));
  }
  return false;
}
