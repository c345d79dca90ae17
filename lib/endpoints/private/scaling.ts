import { Stack, aws_applicationautoscaling as appscaling, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The Application Auto Scaling target of one production variant, id `ScalableTarget`.
 *
 * `ResourceId` is `endpoint/<GetAtt Endpoint.EndpointName>/variant/<name>`: the reference
 * orders the target after the endpoint, and the resource graph links it to the endpoint config
 * through it (so the report takes its floor and ceiling from `MinCapacity`/`MaxCapacity`).
 */
export function createVariantScalableTarget(scope: Construct, options: {
  readonly endpoint: sagemaker.CfnEndpoint;
  readonly variantName: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}): appscaling.ScalableTarget {
  return createSageMakerScalableTarget(scope, {
    scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    resourceId: `endpoint/${options.endpoint.attrEndpointName}/variant/${options.variantName}`,
    minCapacity: options.minCapacity,
    maxCapacity: options.maxCapacity,
  });
}

/**
 * A SageMaker scalable target (a variant's instance count, an inference component's copy count),
 * id `ScalableTarget`, that scales through the service-linked role.
 */
export function createSageMakerScalableTarget(scope: Construct, options: {
  readonly scalableDimension: string;
  readonly resourceId: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}): appscaling.ScalableTarget {
  // SageMaker targets scale through the service-linked role AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint.
  // The L2 would create an extra role without it; with no RoleARN, Application Auto Scaling uses
  // (and creates when missing) the service-linked role, so the property is removed below.
  const serviceLinkedRole = iam.Role.fromRoleArn(scope, 'ScalingRole', Stack.of(scope).formatArn({
    service: 'iam', region: '', resource: 'role',
    resourceName: 'aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
  }), { mutable: false });
  const target = new appscaling.ScalableTarget(scope, 'ScalableTarget', {
    serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
    scalableDimension: options.scalableDimension,
    resourceId: options.resourceId,
    minCapacity: options.minCapacity,
    maxCapacity: options.maxCapacity,
    role: serviceLinkedRole,
  });
  (target.node.defaultChild as appscaling.CfnScalableTarget).addPropertyDeletionOverride('RoleARN');
  return target;
}
