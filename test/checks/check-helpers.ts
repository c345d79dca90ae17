import { App, Stack, aws_applicationautoscaling as appscaling, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { CostAwareChecks, CostAwareChecksProps } from '../../lib';

/** The construct paths the pack reports under a rule id (empty when the rule passes everywhere). */
export function pathsFor(app: App, ruleId: string, props: CostAwareChecksProps = {}): string[] {
  const report = new CostAwareChecks(undefined, props).validateScope(app);
  const violation = report.violations.find(v => v.ruleName === ruleId);
  return (violation?.violatingResources ?? []).map(r => r.constructPath ?? '?');
}

/** Every rule id the pack reports for the app. */
export function ruleIdsReported(app: App, props: CostAwareChecksProps = {}): string[] {
  return new CostAwareChecks(undefined, props).validateScope(app).violations.map(v => v.ruleName).sort();
}

/** Options of `endpoint`. */
export interface EndpointOptions {
  readonly instanceType?: string;
  readonly variantName?: string;
  /** Adds a scalable target with these bounds (MaxCapacity may be any CloudFormation value). */
  readonly scaling?: { readonly min: number; readonly max: any };
  readonly async?: boolean;
}

/** A raw L1 endpoint config + endpoint (+ scalable target), as a user writes it without this library. */
export function endpoint(stack: Stack, id: string, options: EndpointOptions = {}): {
  config: sagemaker.CfnEndpointConfig; endpoint: sagemaker.CfnEndpoint; target?: appscaling.CfnScalableTarget;
} {
  const variantName = options.variantName ?? 'AllTraffic';
  const config = new sagemaker.CfnEndpointConfig(stack, `${id}Config`, {
    productionVariants: [{ variantName, modelName: 'model', instanceType: options.instanceType ?? 'ml.g5.xlarge', initialInstanceCount: 1 }],
    ...(options.async ? { asyncInferenceConfig: { outputConfig: { s3OutputPath: 's3://bucket/out' } } } : {}),
  });
  const ep = new sagemaker.CfnEndpoint(stack, `${id}Endpoint`, { endpointConfigName: config.attrEndpointConfigName });
  let target: appscaling.CfnScalableTarget | undefined;
  if (options.scaling) {
    target = new appscaling.CfnScalableTarget(stack, `${id}Target`, {
      serviceNamespace: 'sagemaker',
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      // A Fn::Join with a GetAtt on the endpoint, as CDK writes it.
      resourceId: `endpoint/${ep.attrEndpointName}/variant/${variantName}`,
      minCapacity: options.scaling.min,
      maxCapacity: options.scaling.max,
    });
  }
  return { config, endpoint: ep, target };
}
