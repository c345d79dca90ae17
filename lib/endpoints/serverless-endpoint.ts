import { Duration, Token, aws_cloudwatch as cloudwatch, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CostReport } from '../cost/cost-report';
import { TrafficProfile } from '../cost/traffic-profile';
import { checkWorkloadComparison, Substrate, WorkloadComparisonOptions } from '../cost/workload-comparison';
import { InferenceModel, InferenceModelOptions } from './inference-model';
import { createEndpoint, createModel } from './private/endpoint-resources';
import { Problems } from '../private/validation';
import { figure } from '../cost/private/render';
import { VariantEndpointBase } from './variant-endpoint-base';

/** Memory sizes a serverless variant accepts, in MB (SageMaker `ProductionVariantServerlessConfig`). */
export const SERVERLESS_MEMORY_SIZES_IN_MB = [1024, 2048, 3072, 4096, 5120, 6144];

/** Properties of a `ServerlessEndpoint`. */
export interface ServerlessEndpointProps {
  /** The model to serve: image, artifact, environment, optional VPC and role. */
  readonly model: InferenceModelOptions;
  /**
   * Memory of each concurrent slot, in MB: 1024 to 6144 in steps of 1024. Compute is billed per
   * GB-second of this memory while a request runs.
   * @default 2048
   */
  readonly memorySizeInMb?: number;
  /**
   * Requests served at once (1 to 200); more are throttled. The report's ceiling is every slot busy all month.
   * @default 5
   */
  readonly maxConcurrency?: number;
  /**
   * Slots kept warm (no cold start), 1 to `maxConcurrency`. Billed by the hour whether used or
   * not; the price book has no rate for it, so the report line becomes unpriced.
   * @default - none: $0 while idle, cold starts after idle periods
   */
  readonly provisionedConcurrency?: number;
  /**
   * How long one request runs (at most 60 s), for the cost report only.
   * @default Duration.seconds(1)
   */
  readonly inferenceTimePerRequest?: Duration;
  /**
   * How requests arrive, for the cost report only (never deployed).
   * @default - none: the report expects no requests ($0) and says so
   */
  readonly traffic?: TrafficProfile;
  /**
   * The production variant's name.
   * @default 'AllTraffic'
   */
  readonly variantName?: string;
  /**
   * Compare this workload with other substrates in the report: the same traffic priced on each
   * (this endpoint as `Substrate.SERVERLESS_ENDPOINT` at its memory and `inferenceTimePerRequest`),
   * the cheapest marked, and the break-even. Needs `traffic`; the instance-based alternatives need
   * `compareWith.endpoint` (an instance type and its measured throughput).
   * @default - no comparison
   */
  readonly compareWith?: WorkloadComparisonOptions;
}

/**
 * A SageMaker serverless endpoint for intermittent traffic: no instance to pay for while idle,
 * compute billed per GB-second of memory while requests run. Its cost line comes from the
 * traffic profile: requests a month × time per request × memory.
 *
 * Every resource carries the cost-allocation tag `InferenceType=Serverless`.
 */
export class ServerlessEndpoint extends VariantEndpointBase {
  /** The endpoint. */
  public readonly endpoint: sagemaker.CfnEndpoint;
  /** The endpoint config (priced per GB-second in the report). */
  public readonly endpointConfig: sagemaker.CfnEndpointConfig;
  /** The SageMaker model. */
  public readonly model: sagemaker.CfnModel;
  /** The model construct (role, image URI, VPC connections). */
  public readonly inferenceModel: InferenceModel;
  /** The model's execution role. */
  public readonly role: iam.IRole;
  /** The endpoint's name (a `Fn::GetAtt`). */
  public readonly endpointName: string;
  /** The production variant's name. */
  public readonly variantName: string;
  /** Expected GB-seconds of compute a month; undefined without a traffic profile. */
  public readonly gbSecondsPerMonth: number | undefined;

  constructor(scope: Construct, id: string, props: ServerlessEndpointProps) {
    super(scope, id);
    const memory = props.memorySizeInMb ?? 2048;
    const maxConcurrency = props.maxConcurrency ?? 5;
    const inferenceTime = props.inferenceTimePerRequest ?? Duration.seconds(1);
    this.variantName = props.variantName ?? 'AllTraffic';

    const problems = new Problems('ServerlessEndpoint', this);
    if (!Token.isUnresolved(memory) && !SERVERLESS_MEMORY_SIZES_IN_MB.includes(memory)) {
      problems.add(`memorySizeInMb must be one of ${SERVERLESS_MEMORY_SIZES_IN_MB.join(', ')}, got: ${memory}`);
    }
    if (problems.number('maxConcurrency', maxConcurrency) && (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 200)) {
      problems.add(`maxConcurrency must be a whole number from 1 to 200, got: ${maxConcurrency}`);
    }
    const provisioned = props.provisionedConcurrency;
    if (provisioned !== undefined && !Token.isUnresolved(provisioned) && !Token.isUnresolved(maxConcurrency)
      && (!Number.isInteger(provisioned) || provisioned < 1 || provisioned > maxConcurrency)) {
      problems.add(`provisionedConcurrency must be a whole number from 1 to maxConcurrency (${maxConcurrency}), got: ${provisioned}`);
    }
    const seconds = inferenceTime.toMilliseconds({ integral: false }) / 1000;
    if (!(seconds > 0 && seconds <= 60)) problems.add(`inferenceTimePerRequest must be above 0 and at most 60 seconds, got: ${inferenceTime.toHumanString()}`);
    problems.sageMakerName('variantName', this.variantName);
    checkWorkloadComparison(problems, 'compareWith', props.compareWith);
    if (props.compareWith && !props.traffic) problems.add('compareWith needs traffic (a TrafficProfile) to compare: got no traffic');
    problems.throwIfAny();

    this.inferenceModel = createModel(this, props.model);
    this.model = this.inferenceModel.resource;
    this.role = this.inferenceModel.role;
    const { config, endpoint } = createEndpoint(this, {
      model: this.inferenceModel,
      inferenceType: 'Serverless',
      variant: {
        variantName: this.variantName,
        serverlessConfig: { memorySizeInMb: memory, maxConcurrency, provisionedConcurrency: provisioned },
      },
    });
    this.endpointConfig = config;
    this.endpoint = endpoint;
    this.endpointName = endpoint.attrEndpointName;

    if (props.traffic && !Token.isUnresolved(memory)) {
      // SageMaker serverless compute is billed per second of request duration × the memory
      // configured (Amazon SageMaker pricing, "Serverless Inference"), i.e. per GB-second.
      this.gbSecondsPerMonth = props.traffic.requestsPerMonth * seconds * (memory / 1024);
      const peakConcurrency = props.traffic.peakRequestsPerSecond * seconds;
      CostReport.of(this).recordVariantUsage(config, {
        variantName: this.variantName,
        serverlessGbSecondsPerMonth: this.gbSecondsPerMonth,
        dataProcessedGbPerMonth: props.traffic.dataProcessedGbPerMonth,
        assumptions: [
          ...(props.traffic.payloadDescription ? [props.traffic.payloadDescription] : []),
          `traffic: ${props.traffic.description}`,
          `${figure(props.traffic.requestsPerMonth)} requests a month × ${figure(seconds)} s × ${figure(memory / 1024)} GB = ` +
            `${figure(this.gbSecondsPerMonth)} GB-seconds`,
          ...(peakConcurrency > maxConcurrency
            ? [`peak concurrency ${figure(peakConcurrency)} exceeds maxConcurrency ${maxConcurrency}: requests above it are throttled`]
            : [`peak concurrency ${figure(peakConcurrency)} of ${maxConcurrency}`]),
        ],
      });
      if (props.compareWith) {
        CostReport.of(this).recordWorkload(config, {
          component: this.variantName,
          hourlyRequestsPerSecond: props.traffic.weeklyRequestsPerSecond(),
          trafficDescription: props.traffic.description,
          substrate: Substrate.SERVERLESS_ENDPOINT,
          // No instance type: the instance-based alternatives take theirs from compareWith.endpoint.
          deployed: { targetUtilization: props.compareWith.targetUtilization },
          serverlessMemorySizeInMb: memory,
          serverlessSecondsPerRequest: seconds,
          compareWith: props.compareWith,
        });
      }
    } else {
      CostReport.of(this);
    }
  }

  /** Time spent starting a cold slot, in microseconds (Average). */
  public metricModelSetupTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ModelSetupTime', { statistic: 'Average', ...props });
  }
}
