// The IdleNotebookStopper Lambda: stops SageMaker notebook instances left running outside
// working hours. What it can see of a notebook is its status and `LastModifiedTime` (the time
// it last started, stopped or was updated); it cannot see Jupyter activity, which the
// lifecycle script judges from inside the instance. So this handler is the backstop: outside
// working hours, an instance running longer than the idle threshold is stopped.
import { ListNotebookInstancesCommand, ListTagsCommand, NotebookInstanceSummary, SageMakerClient, StopNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Weekday } from '../weekdays';
import { envFlag, envJson, GuardAction, log, messageOf, RetryOptions, retryFromEnv, withRetry } from './shared';

/** When people work: notebooks running then are left alone (the lifecycle script judges them). */
export interface WorkingHoursConfig {
  /** Working days, e.g. `['MON', 'TUE', 'WED', 'THU', 'FRI']`. */
  readonly days: Weekday[];
  /** First working hour, 0-23, local time. */
  readonly startHour: number;
  /** Hour the working day ends, 1-24, local time (exclusive). */
  readonly endHour: number;
  /** IANA time zone, e.g. `Europe/Paris`. */
  readonly timeZone: string;
}

/** What the handler is configured with (from its environment in Lambda). */
export interface StopperConfig {
  /** Minutes an instance must have been running before it is stopped outside working hours. */
  readonly idleThresholdMinutes: number;
  /** Instances with this tag (any value but `false`) are never touched. */
  readonly exemptTagKey: string;
  /** Only report what would be stopped. */
  readonly dryRun: boolean;
  /** Topic that receives a summary of each run that stopped (or failed to stop) something. */
  readonly topicArn?: string;
  /** The working week. */
  readonly workingHours: WorkingHoursConfig;
  /** Retry settings for throttled calls. */
  readonly retry: RetryOptions;
}

/** The EventBridge rule's input: `idle` (the hourly check) or `sweep` (the nightly stop-all). */
export interface StopperEvent {
  readonly mode?: 'idle' | 'sweep';
}

/** What one run did. */
export interface StopperResult {
  readonly mode: 'idle' | 'sweep';
  readonly dryRun: boolean;
  readonly examined: number;
  readonly stopped: number;
  readonly wouldStop: number;
  readonly skipped: number;
  readonly failed: number;
  readonly actions: GuardAction[];
}

const GUARD = 'IdleNotebookStopper';

/** The configuration from the Lambda's environment (set by the construct). */
export function configFromEnv(): StopperConfig {
  return {
    idleThresholdMinutes: Number(process.env.IDLE_THRESHOLD_MINUTES ?? 120),
    exemptTagKey: process.env.EXEMPT_TAG_KEY ?? 'cost-aware:keep-running',
    dryRun: envFlag('DRY_RUN', false),
    topicArn: process.env.TOPIC_ARN || undefined,
    workingHours: envJson<WorkingHoursConfig>('WORKING_HOURS', {
      days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startHour: 8, endHour: 20, timeZone: 'UTC',
    }),
    retry: retryFromEnv(),
  };
}

/** Lambda entry point. Fails the invocation (after trying every instance) when a stop failed. */
export async function handler(event: StopperEvent = {}): Promise<StopperResult> {
  const result = await stopIdleNotebooks(configFromEnv(), event, new Date());
  if (result.failed > 0) throw new Error(`${result.failed} notebook instance(s) could not be stopped; see the log lines with outcome "failed"`);
  return result;
}

/** True when `now` falls in the working week. */
export function isWorkingTime(now: Date, hours: WorkingHoursConfig): boolean {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: hours.timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' })
    .formatToParts(now);
  const day = parts.find(p => p.type === 'weekday')!.value.toUpperCase().slice(0, 3) as Weekday;
  const hour = Number(parts.find(p => p.type === 'hour')!.value);
  return hours.days.includes(day) && hour >= hours.startHour && hour < hours.endHour;
}

/**
 * Lists every running notebook instance (all pages), decides for each, and stops those that
 * qualify. One failure never blocks the rest: each instance is handled on its own.
 */
export async function stopIdleNotebooks(config: StopperConfig, event: StopperEvent, now: Date): Promise<StopperResult> {
  const mode = event.mode === 'sweep' ? 'sweep' : 'idle';
  const sagemaker = new SageMakerClient({});
  const actions: GuardAction[] = [];
  const record = (action: GuardAction): void => {
    actions.push(action);
    log(GUARD, { ...action, details: { mode, dryRun: config.dryRun, ...action.details } });
  };

  const instances: NotebookInstanceSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetry(() => sagemaker.send(new ListNotebookInstancesCommand({
      StatusEquals: 'InService', MaxResults: 100, NextToken: nextToken,
    })), config.retry);
    instances.push(...(page.NotebookInstances ?? []));
    nextToken = page.NextToken;
  } while (nextToken);

  const working = isWorkingTime(now, config.workingHours);
  for (const instance of instances) {
    const name = instance.NotebookInstanceName ?? '(unnamed)';
    try {
      const decision = await decide(sagemaker, config, mode, working, instance, now);
      if (!decision.stop) {
        record({ resource: name, outcome: 'skipped', reason: decision.reason, details: decision.details });
        continue;
      }
      if (config.dryRun) {
        record({ resource: name, outcome: 'would-stop', reason: decision.reason, details: decision.details });
        continue;
      }
      await withRetry(() => sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: name })), config.retry);
      record({ resource: name, outcome: 'stopped', reason: decision.reason, details: decision.details });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error) });
    }
  }

  const count = (outcome: string): number => actions.filter(a => a.outcome === outcome).length;
  const result: StopperResult = {
    mode, dryRun: config.dryRun, examined: instances.length,
    stopped: count('stopped'), wouldStop: count('would-stop'), skipped: count('skipped'), failed: count('failed'), actions,
  };
  await publishSummary(config, result);
  return result;
}

interface Decision {
  readonly stop: boolean;
  readonly reason: string;
  readonly details?: Record<string, unknown>;
}

async function decide(sagemaker: SageMakerClient, config: StopperConfig, mode: 'idle' | 'sweep', working: boolean,
  instance: NotebookInstanceSummary, now: Date): Promise<Decision> {
  if (await isExempt(sagemaker, config, instance.NotebookInstanceArn!)) {
    return { stop: false, reason: `exempt: tagged ${config.exemptTagKey}` };
  }
  const since = instance.LastModifiedTime ?? instance.CreationTime;
  const runningMinutes = since ? Math.floor((now.getTime() - new Date(since).getTime()) / 60000) : undefined;
  const details = { instanceType: instance.InstanceType, runningMinutes };
  if (mode === 'sweep') return { stop: true, reason: 'nightly sweep stops every running instance that is not exempt', details };
  if (working) return { stop: false, reason: 'within working hours: the lifecycle script judges activity', details };
  if (runningMinutes === undefined) return { stop: false, reason: 'no LastModifiedTime or CreationTime to judge by', details };
  if (runningMinutes < config.idleThresholdMinutes) {
    return { stop: false, reason: `running ${runningMinutes} min, less than the idle threshold of ${config.idleThresholdMinutes} min`, details };
  }
  return { stop: true, reason: `outside working hours and running ${runningMinutes} min (threshold ${config.idleThresholdMinutes} min)`, details };
}

async function isExempt(sagemaker: SageMakerClient, config: StopperConfig, arn: string): Promise<boolean> {
  let nextToken: string | undefined;
  do {
    const page = await withRetry(() => sagemaker.send(new ListTagsCommand({ ResourceArn: arn, NextToken: nextToken })), config.retry);
    const tag = (page.Tags ?? []).find(t => t.Key === config.exemptTagKey);
    if (tag) return tag.Value?.toLowerCase() !== 'false';
    nextToken = page.NextToken;
  } while (nextToken);
  return false;
}

async function publishSummary(config: StopperConfig, result: StopperResult): Promise<void> {
  if (!config.topicArn || result.stopped + result.wouldStop + result.failed === 0) return;
  const sns = new SNSClient({});
  const verb = result.dryRun ? 'would stop' : 'stopped';
  try {
    await withRetry(() => sns.send(new PublishCommand({
      TopicArn: config.topicArn,
      Subject: `${GUARD}: ${result.dryRun ? result.wouldStop : result.stopped} notebook instance(s) ${verb}, ${result.failed} failed`,
      Message: JSON.stringify({ guard: GUARD, ...result, actions: result.actions.filter(a => a.outcome !== 'skipped') }, null, 2),
    })), config.retry);
  } catch (error) {
    log(GUARD, { resource: config.topicArn, outcome: 'failed', reason: `publishing the summary: ${messageOf(error)}` });
  }
}
