import { App, Stack, StackProps, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ComponentEndpoint, InferenceModelOptions, ModelData, ModelImage, RealtimeEndpoint, TrafficProfile } from '../lib';
import { addChecks } from './shared/checks';
import { addComparisonNote } from './shared/comparison';

// Three models behind an internal writing assistant, used on weekdays during office hours
// (UTC), idle at night and at weekends:
// - a summarizer on a GPU: 20 requests/s from 09:00 to 17:00; 10 requests/s measured per GPU;
// - a classifier on CPU: 5 requests/s in the same hours; 40 requests/s measured per copy;
// - a translator on a GPU: 2 requests/s from 10:00 to 12:00 only; 8 requests/s measured per GPU.
const SUMMARIZER = officeHours(9, 17, 20);
const CLASSIFIER = officeHours(9, 17, 5);
const TRANSLATOR = officeHours(10, 12, 2);

/** Requests per second by hour of the week (hour 0 = Monday 00:00): `rps` on weekdays from `start` to `end`. */
function officeHours(start: number, end: number, rps: number): TrafficProfile {
  return TrafficProfile.weekly(Array.from({ length: 168 }, (_, h) => (h < 5 * 24 && h % 24 >= start && h % 24 < end ? rps : 0)));
}

function model(scope: Construct, name: string, image: string): InferenceModelOptions {
  return {
    image: ModelImage.fromImageUri(`763104351884.dkr.ecr.us-east-1.amazonaws.com/${image}`),
    modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(scope, `${name}Models`, 'assistant-models'), `${name}/model.tar.gz`),
  };
}

const GPU_IMAGE = 'pytorch-inference:2.1.0-gpu-py310';
const CPU_IMAGE = 'pytorch-inference:2.1.0-cpu-py310';

/**
 * One `RealtimeEndpoint` per model, each autoscaled but never below one instance: the two GPU
 * models on ml.g5.xlarge, the classifier on ml.m5.xlarge.
 */
export class SeparateEndpointsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new RealtimeEndpoint(this, 'Summarizer', {
      model: model(this, 'summarizer', GPU_IMAGE), instanceType: 'ml.g5.xlarge', maxCapacity: 4, maxRequestsPerSecondPerInstance: 10, traffic: SUMMARIZER,
    });
    new RealtimeEndpoint(this, 'Classifier', {
      model: model(this, 'classifier', CPU_IMAGE), instanceType: 'ml.m5.xlarge', maxCapacity: 2, maxRequestsPerSecondPerInstance: 40, traffic: CLASSIFIER,
    });
    new RealtimeEndpoint(this, 'Translator', {
      model: model(this, 'translator', GPU_IMAGE), instanceType: 'ml.g5.xlarge', maxCapacity: 2, maxRequestsPerSecondPerInstance: 8, traffic: TRANSLATOR,
    });
  }
}

/**
 * The three models as inference components of one endpoint on ml.g5.xlarge instances: each GPU
 * copy reserves the instance's GPU and 12,000 MB, a classifier copy 3,000 MB and one core beside
 * it, and every component scales to zero copies when it gets no requests, the instances with them.
 */
export class SharedEndpointStack extends Stack {
  public readonly endpoint: ComponentEndpoint;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.endpoint = new ComponentEndpoint(this, 'Assistant', {
      instanceType: 'ml.g5.xlarge',
      maxInstanceCount: 6,
      components: [
        { name: 'summarizer', model: model(this, 'summarizer', GPU_IMAGE), memoryPerCopyInMb: 12000, cpuCoresPerCopy: 2, maxCopies: 4, maxRequestsPerSecondPerCopy: 10, traffic: SUMMARIZER },
        { name: 'classifier', model: model(this, 'classifier', CPU_IMAGE), acceleratorsPerCopy: 0, memoryPerCopyInMb: 3000, cpuCoresPerCopy: 1, maxCopies: 2, maxRequestsPerSecondPerCopy: 40, traffic: CLASSIFIER },
        { name: 'translator', model: model(this, 'translator', GPU_IMAGE), memoryPerCopyInMb: 12000, cpuCoresPerCopy: 2, maxCopies: 2, maxRequestsPerSecondPerCopy: 8, traffic: TRANSLATOR },
      ],
    });
  }
}

export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });
  const env = { region: 'us-east-1' };
  const separate = new SeparateEndpointsStack(app, 'AssistantSeparate', { env });
  const shared = new SharedEndpointStack(app, 'AssistantShared', { env });
  addComparisonNote(app, {
    id: 'Example-SharedModelEndpoint',
    subject: 'three models, office-hours traffic',
    baseline: { stack: separate, as: 'on three RealtimeEndpoints (one instance each at least)' },
    better: { stack: shared, as: 'as components of one ComponentEndpoint that scales to zero' },
  });
  // The example compares two endpoint builds; an account budget is not its subject.
  addChecks(app, { requireBudget: false });
  return app;
}

if (require.main === module) {
  createApp().synth();
}
