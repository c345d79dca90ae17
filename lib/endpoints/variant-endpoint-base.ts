import { aws_cloudwatch as cloudwatch, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { grantInvokeEndpoint, sageMakerMetric } from './private/endpoint-resources';

/**
 * What a one-variant SageMaker endpoint of this library that answers synchronously
 * (`RealtimeEndpoint`, `ServerlessEndpoint`) offers beside its resources: `grantInvoke` and the
 * variant's metrics. Each subclass creates the resources and sets these fields.
 */
export abstract class VariantEndpointBase extends Construct {
  /** The endpoint. */
  public abstract readonly endpoint: sagemaker.CfnEndpoint;
  /** The endpoint's name (a `Fn::GetAtt`). */
  public abstract readonly endpointName: string;
  /** The production variant's name. */
  public abstract readonly variantName: string;

  /** Lets `grantee` call `sagemaker:InvokeEndpoint` on this endpoint. */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return grantInvokeEndpoint(grantee, this.endpoint, 'sagemaker:InvokeEndpoint');
  }

  /** A metric of this endpoint's variant (namespace `AWS/SageMaker`, dimensions `EndpointName` and `VariantName`). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return sageMakerMetric(metricName, { EndpointName: this.endpointName, VariantName: this.variantName }, props);
  }

  /** Requests the variant received (Sum per period). */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Invocations', { statistic: 'Sum', ...props });
  }

  /** The model's latency in microseconds (Average). */
  public metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ModelLatency', { statistic: 'Average', ...props });
  }
}
