import { App, Duration, Stack, StackProps, aws_events as events } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AsyncEndpoint, AsyncTrafficProfile, BatchTransformPipeline, InferenceCostDashboard, InferenceModel, InferenceModelOptions, InferenceTier,
  ModelImage, RealtimeEndpoint, TieredInferenceApi, TrafficProfile,
} from '../lib';
import { dataBucket } from './shared/buckets';
import { addChecks } from './shared/checks';
import { addComparisonNote } from './shared/comparison';

// A support product on one model family served on ml.g6e.2xlarge (us-east-1), with three kinds
// of request:
// - chat replies, waited for by an agent: 6 requests/s from 08:00 to 18:00 UTC, 1 request/s
//   otherwise; a load test measured 5 replies/s per instance;
// - document analysis (attachments), fine within a minute: 600 an hour on weekdays from 09:00 to
//   17:00, 30 s of model time each, 2 at once per instance;
// - nightly summaries of the day's tickets: 3,000 a night, a 2-hour batch transform on one instance.
const INSTANCE_TYPE = 'ml.g6e.2xlarge';
const CHAT = TrafficProfile.dailyPeak({ peakRequestsPerSecond: 6, peakHoursPerDay: 10, peakStartHour: 8, offPeakRequestsPerSecond: 1 });
const CHAT_REPLIES_PER_SECOND_PER_INSTANCE = 5;
const DOCUMENTS_PER_HOUR = 600;
const DOCUMENT_TIME = Duration.seconds(30);
const DOCUMENT_CONCURRENCY = 2;
const SUMMARIES_PER_NIGHT = 3000;
const SUMMARY_RUN = Duration.hours(2);

/** Documents an hour by hour of the week (hour 0 = Monday 00:00): weekdays 09:00-17:00. */
const DOCUMENTS_BY_HOUR: number[] = Array.from({ length: 168 }, (_, h) => (h < 120 && h % 24 >= 9 && h % 24 < 17 ? DOCUMENTS_PER_HOUR : 0));

function model(task: string): InferenceModelOptions {
  return {
    image: ModelImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04'),
    environment: { HF_MODEL_ID: 'mistralai/Mistral-7B-Instruct-v0.3', SM_NUM_GPUS: '1', TASK: task },
  };
}

/**
 * The tiered build: chat on a `RealtimeEndpoint`, documents on an `AsyncEndpoint` that scales to
 * zero outside office hours, summaries as a nightly `BatchTransformPipeline`, one
 * `TieredInferenceApi` in front, and the cost-per-1,000-inferences dashboard.
 */
export class TieredSupportStack extends Stack {
  public readonly api: TieredInferenceApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const chat = new RealtimeEndpoint(this, 'Chat', {
      model: model('chat'), instanceType: INSTANCE_TYPE, maxCapacity: 4,
      maxRequestsPerSecondPerInstance: CHAT_REPLIES_PER_SECOND_PER_INSTANCE, traffic: CHAT,
    });
    const documents = new AsyncEndpoint(this, 'Documents', {
      model: model('documents'), instanceType: INSTANCE_TYPE, maxCapacity: 4,
      maxConcurrentInvocationsPerInstance: DOCUMENT_CONCURRENCY,
      traffic: AsyncTrafficProfile.fromTrafficProfile(TrafficProfile.weekly(DOCUMENTS_BY_HOUR.map(n => n / 3600)), DOCUMENT_TIME),
    });
    const tickets = dataBucket(this, 'Tickets', 'tickets/');
    tickets.addLifecycleRule({ id: 'ExpireSummarizedInput', prefix: 'summaries/in/', expiration: Duration.days(1) });
    const summarizer = new InferenceModel(this, 'Summarizer', model('summaries'));
    const summaries = new BatchTransformPipeline(this, 'Summaries', {
      modelName: summarizer.modelName, modelExecutionRole: summarizer.role, instanceType: INSTANCE_TYPE,
      input: { bucket: tickets, prefix: 'summaries/in/' }, output: { bucket: tickets, prefix: 'summaries/out/' },
      contentType: 'application/json',
      schedule: events.Schedule.cron({ hour: '1', minute: '0' }),
      expectedRunTime: SUMMARY_RUN, maxRuntime: Duration.hours(4), jobsPerMonth: 30,
    });
    this.api = new TieredInferenceApi(this, 'Inference', {
      realtime: chat, async: documents, batch: summaries,
      throttle: { rateLimitPerSecond: 50, burstLimit: 100 },
      priority: {
        defaultClass: 'standard',
        classes: [
          { name: 'interactive', tier: InferenceTier.REALTIME },
          { name: 'standard', tier: InferenceTier.ASYNC },
          { name: 'bulk', tier: InferenceTier.BATCH },
        ],
      },
      traffic: {
        realtimeRequestsPerMonth: Math.round(CHAT.requestsPerMonth),
        asyncRequestsPerMonth: Math.round(DOCUMENTS_BY_HOUR.reduce((a, b) => a + b, 0) * 730 / 168),
        batchRequestsPerMonth: SUMMARIES_PER_NIGHT * 30,
      },
    });
    new InferenceCostDashboard(this, 'InferenceCosts', { costPerThousandAlarmUsd: 2 });
  }
}

/**
 * The same traffic through one real-time endpoint of the same type: documents and summaries are
 * sent as synchronous requests too. Its load is counted in chat replies' worth of model time
 * (a reply is 1/5 s of an instance): a document is 30 s ÷ 2 at once = 15 s = 75 replies; a
 * summary 2 h ÷ 3,000 = 2.4 s = 12 replies, sent from 01:00 to 03:00 as the batch would run.
 */
export class RealtimeOnlySupportStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const perReply = 1 / CHAT_REPLIES_PER_SECOND_PER_INSTANCE;
    const documentReplies = DOCUMENT_TIME.toSeconds() / DOCUMENT_CONCURRENCY / perReply;
    const summaryReplies = SUMMARY_RUN.toSeconds() / SUMMARIES_PER_NIGHT / perReply;
    const chat = CHAT.weeklyRequestsPerSecond();
    const load = chat.map((rps, h) => rps
      + DOCUMENTS_BY_HOUR[h] / 3600 * documentReplies
      + (h % 24 >= 1 && h % 24 < 3 ? SUMMARIES_PER_NIGHT / SUMMARY_RUN.toSeconds() * summaryReplies : 0));
    new RealtimeEndpoint(this, 'Everything', {
      model: model('all'), instanceType: INSTANCE_TYPE, maxCapacity: 8,
      maxRequestsPerSecondPerInstance: CHAT_REPLIES_PER_SECOND_PER_INSTANCE,
      traffic: TrafficProfile.weekly(load),
    });
  }
}

export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });
  const env = { region: 'us-east-1' };
  const realtimeOnly = new RealtimeOnlySupportStack(app, 'SupportRealtimeOnly', { env });
  const tiered = new TieredSupportStack(app, 'SupportTiered', { env });
  addComparisonNote(app, {
    id: 'Example-TieredSupportAssistant',
    subject: 'a support product\'s chat, documents and nightly summaries',
    baseline: { stack: realtimeOnly, as: 'all through one real-time endpoint' },
    better: { stack: tiered, as: 'on the three paths behind TieredInferenceApi (batch transform hours unpriced in the snapshot)' },
  });
  // The example compares two builds; an account budget is not its subject.
  addChecks(app, { requireBudget: false });
  return app;
}

if (require.main === module) {
  createApp().synth();
}
