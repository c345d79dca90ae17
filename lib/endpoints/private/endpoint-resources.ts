import { Names, Tags, Token, aws_cloudwatch as cloudwatch, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { InstanceTypeInfo, parseInstanceType } from '../../pricing/instance-types';
import { InferenceModel, InferenceModelOptions } from '../inference-model';

/** The cost-allocation tag every resource of an endpoint construct carries. */
export const INFERENCE_TYPE_TAG = 'InferenceType';

/** The namespace of SageMaker endpoint metrics. */
export const SAGEMAKER_NAMESPACE = 'AWS/SageMaker';

/** Collects every problem with a construct's props, then throws them as one error. */
export class Problems {
  private readonly items: string[] = [];

  constructor(private readonly constructName: string, private readonly path: string) {}

  /** Adds a problem: name the prop, the value received and what is allowed. */
  public add(message: string): void {
    this.items.push(message);
  }

  /** A whole number of at least `least` (tokens skip the check). */
  public wholeNumber(prop: string, value: number | undefined, least: number): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!Number.isInteger(value) || value < least) this.add(`${prop} must be a whole number of at least ${least}, got: ${value}`);
  }

  /** A finite number above 0 (tokens skip the check). */
  public positive(prop: string, value: number | undefined, unit: string): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!Number.isFinite(value) || value <= 0) this.add(`${prop} must be a number of ${unit} above 0, got: ${value}`);
  }

  /** A SageMaker instance type that exists; returns it parsed, or undefined (token or unknown). */
  public instanceType(prop: string, value: string): InstanceTypeInfo | undefined {
    if (Token.isUnresolved(value)) return undefined;
    const info = parseInstanceType(value, true);
    if (typeof info === 'string') {
      this.add(`${prop} must be a SageMaker instance type: ${info}`);
      return undefined;
    }
    return info;
  }

  /** A production variant name SageMaker accepts. */
  public variantName(prop: string, value: string): void {
    if (Token.isUnresolved(value)) return;
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(value)) {
      this.add(`${prop} must be 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit, got: '${value}'`);
    }
  }

  /** Throws every problem at once. */
  public throwIfAny(): void {
    if (this.items.length > 0) {
      throw new Error(`Invalid ${this.constructName} props at ${this.path}:\n  - ${this.items.join('\n  - ')}`);
    }
  }
}

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
