// The IdleNotebookStopper Lambda: stops the SageMaker notebook instances it covers (those tagged
// with the opt-in tag, which its IAM policy also requires) when they are carried from working
// hours into off hours. What it can see of a notebook is its status, `LastModifiedTime` (the
// time it last started, stopped or was updated) and its tags, among them the heartbeat the
// lifecycle script leaves from inside the instance. Rules, as AWS Instance Scheduler has them:
//   - it stops on the transition into off hours: an instance running since before the working
//     day ended, for longer than the idle threshold;
//   - it leaves alone an instance a person started during the off hours, or after its last stop
//     (the stop time is kept in a tag): "retain running";
//   - a recent heartbeat that saw activity (a busy kernel, an open terminal) keeps the instance up;
//   - Pending, Stopping, Stopped and Updating instances are skipped, not failed;
//   - an event older than the check interval (a retry, a backlog) is dropped.
import {
  AddTagsCommand, DescribeNotebookInstanceCommand, ListNotebookInstancesCommand, ListTagsCommand, NotebookInstanceSummary,
  SageMakerClient, StopNotebookInstanceCommand, Tag,
} from '@aws-sdk/client-sagemaker';
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
  /** The schedule's period: an event older than this is stale and dropped. */
  readonly checkIntervalMinutes: number;
  /** Only instances with this tag set to `true` are covered. */
  readonly optInTagKey: string;
  /** Instances with this tag (any value but `false`) are never touched. */
  readonly exemptTagKey: string;
  /** The tag in which the stopper remembers when it stopped an instance. */
  readonly stopTagKey: string;
  /** The lifecycle script's heartbeat tag (`active <time>` or `idle <time>`). */
  readonly heartbeatTagKey: string;
  /** A heartbeat younger than this that saw activity keeps the instance up. */
  readonly heartbeatMaxAgeMinutes: number;
  /** Only report what would be stopped. */
  readonly dryRun: boolean;
  /** Topic that receives a summary of each run that stopped (or failed to stop) something. */
  readonly topicArn?: string;
  /** The working week. */
  readonly workingHours: WorkingHoursConfig;
  /** Retry settings for throttled calls. */
  readonly retry: RetryOptions;
}

/** The EventBridge rule's input: `idle` (the scheduled check) or `sweep` (the nightly stop-all), and the event's time. */
export interface StopperEvent {
  readonly mode?: 'idle' | 'sweep';
  /** The scheduled event's `time` (ISO 8601); absent when invoked by hand. */
  readonly time?: string;
}

/** What one run did. */
export interface StopperResult {
  readonly mode: 'idle' | 'sweep';
  readonly dryRun: boolean;
  /** True when the event was older than the check interval and nothing was done. */
  readonly stale: boolean;
  readonly examined: number;
  readonly stopped: number;
  readonly wouldStop: number;
  readonly skipped: number;
  readonly failed: number;
  readonly actions: GuardAction[];
}

const GUARD = 'IdleNotebookStopper';
/** States a notebook passes through on its own: a stop then is not needed, or not possible yet. */
const TRANSIENT = new Set(['Pending', 'Stopping', 'Stopped', 'Updating', 'Deleting']);

/** The configuration from the Lambda's environment (set by the construct). */
export function configFromEnv(): StopperConfig {
  return {
    idleThresholdMinutes: Number(process.env.IDLE_THRESHOLD_MINUTES ?? 120),
    checkIntervalMinutes: Number(process.env.CHECK_INTERVAL_MINUTES ?? 60),
    optInTagKey: process.env.OPT_IN_TAG_KEY ?? 'cost-aware:auto-stop',
    exemptTagKey: process.env.EXEMPT_TAG_KEY ?? 'cost-aware:keep-running',
    stopTagKey: process.env.STOP_TAG_KEY ?? 'cost-aware:stopped-by-guard',
    heartbeatTagKey: process.env.HEARTBEAT_TAG_KEY ?? 'cost-aware:idle-check',
    heartbeatMaxAgeMinutes: Number(process.env.HEARTBEAT_MAX_AGE_MINUTES ?? 15),
    dryRun: envFlag('DRY_RUN', false),
    topicArn: process.env.TOPIC_ARN || undefined,
    workingHours: envJson<WorkingHoursConfig | undefined>('WORKING_HOURS', undefined) ?? missingWorkingHours(),
    retry: retryFromEnv(),
  };
}

function missingWorkingHours(): never {
  throw new Error('WORKING_HOURS is not set: the stopper needs working hours with an explicit time zone');
}

/** Lambda entry point. Fails the invocation (after trying every instance) when a stop failed. */
export async function handler(event: StopperEvent = {}): Promise<StopperResult> {
  const result = await stopIdleNotebooks(configFromEnv(), event, new Date());
  if (result.failed > 0) throw new Error(`${result.failed} notebook instance(s) could not be stopped; see the log lines with outcome "failed"`);
  return result;
}

/** The local weekday and time of day (minutes) of `at` in a time zone. */
function localTime(at: Date, timeZone: string): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
    .formatToParts(at);
  const value = (type: string): string => parts.find(p => p.type === type)!.value;
  return { day: value('weekday').toUpperCase().slice(0, 3) as Weekday, minutes: Number(value('hour')) * 60 + Number(value('minute')) };
}

/** True when `now` falls in the working week. */
export function isWorkingTime(now: Date, hours: WorkingHoursConfig): boolean {
  const { day, minutes } = localTime(now, hours.timeZone);
  return hours.days.includes(day) && minutes >= hours.startHour * 60 && minutes < hours.endHour * 60;
}

const STEP_MS = 15 * 60_000;

/**
 * When the off hours `now` falls in began: the latest quarter hour at or before `now` at which
 * working time ended (quarter hours, so time zones with :30 and :45 offsets work). Undefined in
 * working time, or when no working time ended in the last eight days.
 */
export function offHoursSince(now: Date, hours: WorkingHoursConfig): Date | undefined {
  if (isWorkingTime(now, hours)) return undefined;
  let t = Math.floor(now.getTime() / STEP_MS) * STEP_MS;
  for (let i = 0; i < 8 * 24 * 4; i++, t -= STEP_MS) {
    if (isWorkingTime(new Date(t - STEP_MS), hours)) return new Date(t);
  }
  return undefined;
}

/**
 * Lists the running notebook instances (all pages), decides for each one it covers, and stops
 * those that qualify. One failure never blocks the rest: each instance is handled on its own.
 */
export async function stopIdleNotebooks(config: StopperConfig, event: StopperEvent, now: Date): Promise<StopperResult> {
  const mode = event.mode === 'sweep' ? 'sweep' : 'idle';
  const actions: GuardAction[] = [];
  const record = (action: GuardAction): void => {
    actions.push(action);
    log(GUARD, { ...action, details: { mode, dryRun: config.dryRun, ...action.details } });
  };
  const result = (examined: number, stale = false): StopperResult => {
    const count = (outcome: string): number => actions.filter(a => a.outcome === outcome).length;
    return {
      mode, dryRun: config.dryRun, stale, examined,
      stopped: count('stopped'), wouldStop: count('would-stop'), skipped: count('skipped'), failed: count('failed'), actions,
    };
  };

  // A retried or backlogged event acts on a situation that has moved on: the next one judges afresh.
  const eventTime = event.time ? new Date(event.time) : undefined;
  if (eventTime && !isNaN(eventTime.getTime()) && now.getTime() - eventTime.getTime() > config.checkIntervalMinutes * 60_000) {
    record({ resource: 'event', outcome: 'dropped', reason: `stale event from ${event.time}, older than the check interval of ${config.checkIntervalMinutes} min` });
    return result(0, true);
  }

  const sagemaker = new SageMakerClient({});
  const instances: NotebookInstanceSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetry(() => sagemaker.send(new ListNotebookInstancesCommand({
      StatusEquals: 'InService', MaxResults: 100, NextToken: nextToken,
    })), config.retry);
    instances.push(...(page.NotebookInstances ?? []));
    nextToken = page.NextToken;
  } while (nextToken);

  const offSince = offHoursSince(now, config.workingHours);
  let covered = 0;
  for (const instance of instances) {
    const name = instance.NotebookInstanceName ?? '(unnamed)';
    try {
      const tags = await tagsOf(sagemaker, config, instance.NotebookInstanceArn!);
      // Not opted in: not ours to judge (the IAM policy would refuse the stop anyway). Not logged one by one.
      if (tags.get(config.optInTagKey)?.toLowerCase() !== 'true') continue;
      covered++;
      const decision = decide(config, mode, offSince, instance, tags, now);
      if (!decision.stop) {
        record({ resource: name, outcome: 'skipped', reason: decision.reason, details: decision.details });
        continue;
      }
      if (config.dryRun) {
        record({ resource: name, outcome: 'would-stop', reason: decision.reason, details: decision.details });
        continue;
      }
      const stopped = await stop(sagemaker, config, name, instance.NotebookInstanceArn!, now);
      if (stopped === true) record({ resource: name, outcome: 'stopped', reason: decision.reason, details: decision.details });
      else record({ resource: name, outcome: 'skipped', reason: stopped, details: decision.details });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error) });
    }
  }
  if (instances.length > covered) {
    log(GUARD, { resource: 'account', outcome: 'skipped', reason: `${instances.length - covered} running instance(s) not tagged ${config.optInTagKey}=true` });
  }

  const out = result(covered);
  await publishSummary(config, out);
  return out;
}

interface Decision {
  readonly stop: boolean;
  readonly reason: string;
  readonly details?: Record<string, unknown>;
}

function decide(config: StopperConfig, mode: 'idle' | 'sweep', offSince: Date | undefined, instance: NotebookInstanceSummary,
  tags: Map<string, string>, now: Date): Decision {
  const exempt = tags.get(config.exemptTagKey);
  if (exempt !== undefined && exempt.toLowerCase() !== 'false') return { stop: false, reason: `exempt: tagged ${config.exemptTagKey}` };
  const since = instance.LastModifiedTime ? new Date(instance.LastModifiedTime) : undefined;
  const runningMinutes = since ? Math.floor((now.getTime() - since.getTime()) / 60000) : undefined;
  const details: Record<string, unknown> = { instanceType: instance.InstanceType, runningMinutes };

  // Retain running: a person started it again after the stopper's last stop (within the last day).
  const lastStop = parseTime(tags.get(config.stopTagKey));
  if (lastStop && since && since > lastStop && now.getTime() - lastStop.getTime() < 24 * 3600_000) {
    return { stop: false, reason: `started again at ${since.toISOString()} after the stopper stopped it at ${lastStop.toISOString()}: retained`, details };
  }
  const heartbeat = parseHeartbeat(tags.get(config.heartbeatTagKey));
  if (heartbeat?.active && now.getTime() - heartbeat.at.getTime() <= config.heartbeatMaxAgeMinutes * 60_000) {
    return { stop: false, reason: `the lifecycle check saw activity at ${heartbeat.at.toISOString()}`, details };
  }
  if (mode === 'sweep') return { stop: true, reason: 'nightly sweep stops every covered running instance that is not exempt', details };
  if (!offSince) return { stop: false, reason: 'within working hours: the lifecycle script judges activity', details };
  if (!since) return { stop: false, reason: 'no LastModifiedTime to judge by', details };
  if (since >= offSince) {
    return { stop: false, reason: `started at ${since.toISOString()}, during the off hours that began at ${offSince.toISOString()}: retained`, details };
  }
  if (runningMinutes! < config.idleThresholdMinutes) {
    return { stop: false, reason: `running ${runningMinutes} min, less than the idle threshold of ${config.idleThresholdMinutes} min`, details };
  }
  return { stop: true, reason: `running since before the working day ended (${offSince.toISOString()}), ${runningMinutes} min (threshold ${config.idleThresholdMinutes} min)`, details };
}

/** Stops an instance and remembers when; a state that forbids the stop is a skip (its reason), not a failure. */
async function stop(sagemaker: SageMakerClient, config: StopperConfig, name: string, arn: string, now: Date): Promise<true | string> {
  try {
    await withRetry(() => sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: name })), config.retry);
  } catch (error) {
    if ((error as { name?: string }).name !== 'ValidationException') throw error;
    // It changed state between List and Stop (someone stopped it, or it is still starting).
    const described = await withRetry(() => sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name })), config.retry);
    const status = described.NotebookInstanceStatus ?? 'unknown';
    if (TRANSIENT.has(status)) return `status is ${status}: nothing to stop now`;
    throw error;
  }
  try {
    await withRetry(() => sagemaker.send(new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: config.stopTagKey, Value: isoSeconds(now) }] })), config.retry);
  } catch (error) {
    log(GUARD, { resource: name, outcome: 'failed', reason: `tagging the stop time (the stop itself succeeded): ${messageOf(error)}` });
  }
  return true;
}

async function tagsOf(sagemaker: SageMakerClient, config: StopperConfig, arn: string): Promise<Map<string, string>> {
  const tags: Tag[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetry(() => sagemaker.send(new ListTagsCommand({ ResourceArn: arn, NextToken: nextToken })), config.retry);
    tags.push(...(page.Tags ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return new Map(tags.map(t => [t.Key ?? '', t.Value ?? '']));
}

function parseTime(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const at = new Date(text);
  return isNaN(at.getTime()) ? undefined : at;
}

/** `active 2024-06-08T10:00:00Z` or `idle ...`, as auto-stop-idle.py writes it. */
function parseHeartbeat(text: string | undefined): { active: boolean; at: Date } | undefined {
  const match = /^(active|idle) (\S+)$/.exec(text ?? '');
  const at = parseTime(match?.[2]);
  return match && at ? { active: match[1] === 'active', at } : undefined;
}

function isoSeconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
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
