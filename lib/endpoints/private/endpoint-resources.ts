import { Names, Tags, aws_cloudwatch as cloudwatch, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { InferenceModel, InferenceModelOptions } from '../inference-model';

/** The cost-allocation tag every resource of an endpoint construct carries. */
export const INFERENCE_TYPE_TAG = 'InferenceType';

/** The namespace of SageMaker endpoint metrics. */
export const SAGEMAKER_NAMESPACE = 'AWS/SageMaker';

/** What `createEndpoint` created. */
export interface EndpointResources {
  readonly config: sagemaker.CfnEndpointConfig;
  readonly endpoint: sagemaker.CfnEndpoint;
  /** The physical name given to the endpoint (a literal: logs and alarms can name it). */
  readonly physicalName: string;
}

/** Creates the model (and its role) under `scope`, id `Model`. */
export function createModel(scope: Construct, options: InferenceModelOptions): InferenceModel {
  return new InferenceModel(scope, 'Model', options);
}

/**
 * A physical endpoint name from the construct path, so the role's log permission and the
 * report can name it before the endpoint exists (the endpoint is only replaced when its name
 * changes, and a config change updates it in place).
 */
export function endpointPhysicalName(scope: Construct): string {
  return Names.uniqueResourceName(scope, { maxLength: 63, separator: '-' });
}

/**
 * Creates the endpoint config (id `Config`) and endpoint (id `Resource`) of one production
 * variant, grants the model its endpoint's logs, and tags everything under `scope` with the
 * inference type.
 */
export function createEndpoint(scope: Construct, options: {
  readonly model: InferenceModel;
  readonly variant: Omit<sagemaker.CfnEndpointConfig.ProductionVariantProperty, 'modelName'>;
  readonly asyncInferenceConfig?: sagemaker.CfnEndpointConfig.AsyncInferenceConfigProperty;
  readonly inferenceType: 'Realtime' | 'Async' | 'Serverless';
}): EndpointResources {
  const physicalName = endpointPhysicalName(scope);
  const config = new sagemaker.CfnEndpointConfig(scope, 'Config', {
    productionVariants: [{ ...options.variant, modelName: options.model.modelName }],
    asyncInferenceConfig: options.asyncInferenceConfig,
  });
  const endpoint = new sagemaker.CfnEndpoint(scope, 'Resource', {
    endpointName: physicalName,
    endpointConfigName: config.attrEndpointConfigName,
  });
  options.model.grantWriteEndpointLogs(physicalName);
  // Creating the endpoint uses the role's permissions (pull, read, logs, async output): they must exist first.
  endpoint.node.addDependency(options.model.role);
  Tags.of(scope).add(INFERENCE_TYPE_TAG, options.inferenceType);
  return { config, endpoint, physicalName };
}

/** `sagemaker:InvokeEndpoint` (or `InvokeEndpointAsync`) on one endpoint. */
export function grantInvokeEndpoint(grantee: iam.IGrantable, endpoint: sagemaker.CfnEndpoint, action: string): iam.Grant {
  // `Ref` of an AWS::SageMaker::Endpoint is its ARN.
  return iam.Grant.addToPrincipal({ grantee, actions: [action], resourceArns: [endpoint.ref] });
}

/** A metric of the `AWS/SageMaker` namespace with the given dimensions. */
export function sageMakerMetric(metricName: string, dimensionsMap: Record<string, string>, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: SAGEMAKER_NAMESPACE, metricName, dimensionsMap, ...props });
}
