import {
  AddTagsCommand, DescribeNotebookInstanceCommand, ListNotebookInstancesCommand, ListTagsCommand, NotebookInstanceSummary, SageMakerClient,
  StopNotebookInstanceCommand, Tag,
} from '@aws-sdk/client-sagemaker';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  configFromEnv, handler, isWorkingTime, offHoursSince, StopperConfig, stopIdleNotebooks,
} from '../../../lib/guards/handlers/idle-notebook-stopper';

const sagemaker = mockClient(SageMakerClient);
const sns = mockClient(SNSClient);

// Saturday 8 June 2024, 10:00 UTC: outside the working week; the off hours began Friday 20:00 UTC.
const SATURDAY = new Date('2024-06-08T10:00:00Z');
// Monday 10 June 2024, 10:00 UTC: inside it.
const MONDAY = new Date('2024-06-10T10:00:00Z');

const config: StopperConfig = {
  idleThresholdMinutes: 120,
  checkIntervalMinutes: 60,
  optInTagKey: 'cost-aware:auto-stop',
  exemptTagKey: 'cost-aware:keep-running',
  stopTagKey: 'cost-aware:stopped-by-guard',
  heartbeatTagKey: 'cost-aware:idle-check',
  heartbeatMaxAgeMinutes: 15,
  dryRun: false,
  workingHours: { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startHour: 8, endHour: 20, timeZone: 'UTC' },
  retry: { maxAttempts: 3, baseDelayMs: 0 },
};
const OPTED_IN: Tag = { Key: 'cost-aware:auto-stop', Value: 'true' };

function arnOf(name: string): string {
  return `arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/${name}`;
}

function notebook(name: string, startedHoursBefore: number, now = SATURDAY): NotebookInstanceSummary {
  return {
    NotebookInstanceName: name,
    NotebookInstanceArn: arnOf(name),
    NotebookInstanceStatus: 'InService',
    InstanceType: 'ml.g5.xlarge',
    LastModifiedTime: new Date(now.getTime() - startedHoursBefore * 3600_000),
  };
}

function tagged(name: string, ...tags: Tag[]): void {
  sagemaker.on(ListTagsCommand, { ResourceArn: arnOf(name) }).resolves({ Tags: tags });
}

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
}

function validation(message: string): Error {
  return Object.assign(new Error(message), { name: 'ValidationException' });
}

const stoppedNames = (): Array<string | undefined> => sagemaker.commandCalls(StopNotebookInstanceCommand).map(c => c.args[0].input.NotebookInstanceName);

beforeEach(() => {
  sagemaker.reset();
  sns.reset();
  sagemaker.on(ListTagsCommand).resolves({ Tags: [OPTED_IN] });
  sagemaker.on(StopNotebookInstanceCommand).resolves({});
  sagemaker.on(AddTagsCommand).resolves({});
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('IdleNotebookStopper handler', () => {
  test('stops the covered instances carried over from the working day, and tags the stop time', async () => {
    // GIVEN two pages of instances: started Friday 04:00 and Thursday 08:00, both still running on Saturday
    sagemaker.on(ListNotebookInstancesCommand)
      .resolvesOnce({ NotebookInstances: [notebook('gpu-a', 30)], NextToken: 'page-2' })
      .resolvesOnce({ NotebookInstances: [notebook('gpu-c', 50)] });
    // WHEN
    const result = await stopIdleNotebooks(config, { mode: 'idle' }, SATURDAY);
    // THEN
    const listCalls = sagemaker.commandCalls(ListNotebookInstancesCommand);
    expect(listCalls).toHaveLength(2);
    expect(listCalls[0].args[0].input).toEqual({ StatusEquals: 'InService', MaxResults: 100, NextToken: undefined });
    expect(listCalls[1].args[0].input).toMatchObject({ NextToken: 'page-2' });
    expect(result).toMatchObject({ examined: 2, stopped: 2, skipped: 0, failed: 0, stale: false });
    expect(stoppedNames()).toEqual(['gpu-a', 'gpu-c']);
    expect(sagemaker.commandCalls(AddTagsCommand)[0].args[0].input).toEqual({
      ResourceArn: arnOf('gpu-a'), Tags: [{ Key: 'cost-aware:stopped-by-guard', Value: '2024-06-08T10:00:00Z' }],
    });
  });

  test('acts only on instances tagged with the opt-in tag set to true', async () => {
    // GIVEN three instances running since Thursday: opted in, opted out, never tagged
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('mine', 50), notebook('theirs', 50), notebook('other-team', 50)] });
    tagged('theirs', { Key: 'cost-aware:auto-stop', Value: 'false' });
    tagged('other-team', { Key: 'team', Value: 'nlp' });
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN
    expect(stoppedNames()).toEqual(['mine']);
    expect(result).toMatchObject({ examined: 1, stopped: 1 });
    expect(result.actions.map(a => a.resource)).toEqual(['mine']);
  });

  test('leaves alone an instance a person started during the off hours (retain running)', async () => {
    // GIVEN an instance started Saturday 08:00, two hours ago, after the working day ended on Friday 20:00
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('weekend-work', 2)] });
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN
    expect(stoppedNames()).toEqual([]);
    expect(result.actions[0]).toMatchObject({
      outcome: 'skipped', reason: 'started at 2024-06-08T08:00:00.000Z, during the off hours that began at 2024-06-07T20:00:00.000Z: retained',
    });
  });

  test('leaves alone an instance a person started again after the stopper stopped it, even at the nightly sweep', async () => {
    // GIVEN stopped by the guard at 09:00, started again by someone at 09:30
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('restarted', 0.5)] });
    tagged('restarted', OPTED_IN, { Key: 'cost-aware:stopped-by-guard', Value: '2024-06-08T09:00:00Z' });
    // WHEN
    const idle = await stopIdleNotebooks(config, { mode: 'idle' }, SATURDAY);
    const sweep = await stopIdleNotebooks(config, { mode: 'sweep' }, SATURDAY);
    // THEN
    expect(stoppedNames()).toEqual([]);
    for (const result of [idle, sweep]) {
      expect(result.actions[0]).toMatchObject({
        outcome: 'skipped', reason: 'started again at 2024-06-08T09:30:00.000Z after the stopper stopped it at 2024-06-08T09:00:00.000Z: retained',
      });
    }
  });

  test('waits for the idle threshold after the transition: an instance started just before the day ended is stopped later', async () => {
    // GIVEN an instance started Friday 19:30
    const started = new Date('2024-06-07T19:30:00Z');
    const instance = { ...notebook('late', 0), LastModifiedTime: started };
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [instance] });
    // WHEN checked at 20:30 and at 21:30
    const first = await stopIdleNotebooks(config, {}, new Date('2024-06-07T20:30:00Z'));
    const second = await stopIdleNotebooks(config, {}, new Date('2024-06-07T21:30:00Z'));
    // THEN
    expect(first.actions[0]).toMatchObject({ outcome: 'skipped', reason: 'running 60 min, less than the idle threshold of 120 min' });
    expect(second.actions[0]).toMatchObject({ outcome: 'stopped' });
  });

  test('respects a recent heartbeat that saw activity, but not an old or idle one', async () => {
    // GIVEN three instances carried over from Friday, whose lifecycle checks saw: activity 5 min ago, activity 40 min ago, idleness 5 min ago
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('training', 30), notebook('stale-beat', 30), notebook('quiet', 30)] });
    tagged('training', OPTED_IN, { Key: 'cost-aware:idle-check', Value: 'active 2024-06-08T09:55:00Z' });
    tagged('stale-beat', OPTED_IN, { Key: 'cost-aware:idle-check', Value: 'active 2024-06-08T09:20:00Z' });
    tagged('quiet', OPTED_IN, { Key: 'cost-aware:idle-check', Value: 'idle 2024-06-08T09:55:00Z' });
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN
    expect(stoppedNames()).toEqual(['stale-beat', 'quiet']);
    expect(result.actions[0]).toMatchObject({ resource: 'training', outcome: 'skipped', reason: 'the lifecycle check saw activity at 2024-06-08T09:55:00.000Z' });
  });

  test('drops an event older than the check interval (a retry or a backlog) without listing anything', async () => {
    // WHEN an hourly event from 08:30 arrives at 10:00
    const result = await stopIdleNotebooks(config, { mode: 'idle', time: '2024-06-08T08:30:00Z' }, SATURDAY);
    // THEN
    expect(result).toMatchObject({ stale: true, examined: 0, stopped: 0 });
    expect(result.actions[0]).toMatchObject({ outcome: 'dropped', reason: 'stale event from 2024-06-08T08:30:00Z, older than the check interval of 60 min' });
    expect(sagemaker.commandCalls(ListNotebookInstancesCommand)).toHaveLength(0);
  });

  test('acts on a timely event', async () => {
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('gpu-a', 30)] });
    const result = await stopIdleNotebooks(config, { mode: 'idle', time: '2024-06-08T09:59:00Z' }, SATURDAY);
    expect(result).toMatchObject({ stale: false, stopped: 1 });
  });

  test.each(['Pending', 'Stopping', 'Stopped'])('an instance found %s when the stop is refused is skipped, not failed', async status => {
    // GIVEN an instance listed InService that changed state before the stop
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('racing', 30)] });
    sagemaker.on(StopNotebookInstanceCommand).rejects(validation(`Status (${status}) not in ([InService])`));
    sagemaker.on(DescribeNotebookInstanceCommand).resolves({ NotebookInstanceStatus: status as any });
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN
    expect(result).toMatchObject({ stopped: 0, skipped: 1, failed: 0 });
    expect(result.actions[0]).toMatchObject({ outcome: 'skipped', reason: `status is ${status}: nothing to stop now` });
    expect(sagemaker.commandCalls(AddTagsCommand)).toHaveLength(0);
  });

  test('retries a throttled call and then succeeds', async () => {
    // GIVEN a list call, a tag read and a stop call that are throttled once each
    sagemaker.on(ListNotebookInstancesCommand).rejectsOnce(throttling()).resolves({ NotebookInstances: [notebook('gpu-a', 30)] });
    sagemaker.on(ListTagsCommand).rejectsOnce(throttling()).resolves({ Tags: [OPTED_IN] });
    sagemaker.on(StopNotebookInstanceCommand).rejectsOnce(throttling()).resolves({});
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN
    expect(sagemaker.commandCalls(ListNotebookInstancesCommand)).toHaveLength(2);
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(2);
    expect(result).toMatchObject({ stopped: 1, failed: 0 });
  });

  test('gives up on a call still throttled after the last attempt', async () => {
    // GIVEN a stop that is always throttled
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('gpu-a', 30)] });
    sagemaker.on(StopNotebookInstanceCommand).rejects(throttling());
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN 3 attempts (config.retry.maxAttempts), then a failure
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(3);
    expect(result.actions[0]).toMatchObject({ outcome: 'failed', reason: 'ThrottlingException: Rate exceeded' });
  });

  test('a stop that fails does not block the others', async () => {
    // GIVEN three idle instances, the second of which cannot be stopped (access denied)
    sagemaker.on(ListNotebookInstancesCommand).resolves({
      NotebookInstances: [notebook('gpu-a', 30), notebook('gpu-b', 30), notebook('gpu-c', 30)],
    });
    sagemaker.on(StopNotebookInstanceCommand, { NotebookInstanceName: 'gpu-b' })
      .rejects(Object.assign(new Error('not authorized to perform sagemaker:StopNotebookInstance'), { name: 'AccessDeniedException' }));
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN
    expect(result).toMatchObject({ stopped: 2, failed: 1 });
    expect(result.actions.map(a => [a.resource, a.outcome])).toEqual([['gpu-a', 'stopped'], ['gpu-b', 'failed'], ['gpu-c', 'stopped']]);
    expect(result.actions[1].reason).toBe('AccessDeniedException: not authorized to perform sagemaker:StopNotebookInstance');
  });

  test('a refused stop in a state that should allow it is a failure', async () => {
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('odd', 30)] });
    sagemaker.on(StopNotebookInstanceCommand).rejects(validation('something else'));
    sagemaker.on(DescribeNotebookInstanceCommand).resolves({ NotebookInstanceStatus: 'InService' });
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    expect(result.actions[0]).toMatchObject({ outcome: 'failed', reason: 'ValidationException: something else' });
  });

  test('the Lambda entry point fails the invocation after trying every instance when one stop failed', async () => {
    // GIVEN
    const saved = { ...process.env };
    Object.assign(process.env, { RETRY_BASE_DELAY_MS: '0', WORKING_HOURS: JSON.stringify(config.workingHours) });
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('gpu-a', 30), notebook('gpu-b', 30)] });
    sagemaker.on(StopNotebookInstanceCommand, { NotebookInstanceName: 'gpu-a' }).rejects(new Error('boom'));
    jest.useFakeTimers({ now: SATURDAY, doNotFake: ['setTimeout', 'nextTick', 'setImmediate'] });
    try {
      // WHEN / THEN
      await expect(handler({ mode: 'idle' })).rejects.toThrow('1 notebook instance(s) could not be stopped');
      expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(2);
    } finally {
      jest.useRealTimers();
      process.env = saved;
    }
  });

  test('never touches an instance carrying the exemption tag, unless its value is false', async () => {
    // GIVEN
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('keep', 30), notebook('not-kept', 30)] });
    sagemaker.on(ListTagsCommand, { ResourceArn: arnOf('keep') })
      .resolvesOnce({ Tags: [OPTED_IN, { Key: 'team', Value: 'nlp' }], NextToken: 't2' })
      .resolvesOnce({ Tags: [{ Key: 'cost-aware:keep-running', Value: 'training until Monday' }] });
    tagged('not-kept', OPTED_IN, { Key: 'cost-aware:keep-running', Value: 'false' });
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN the tag on the second page of tags is found
    expect(result.actions.find(a => a.resource === 'keep')).toMatchObject({ outcome: 'skipped', reason: 'exempt: tagged cost-aware:keep-running' });
    expect(stoppedNames()).toEqual(['not-kept']);
  });

  test('dry run reports what it would stop and stops nothing', async () => {
    // GIVEN
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('gpu-a', 30), notebook('gpu-b', 1)] });
    // WHEN
    const result = await stopIdleNotebooks({ ...config, dryRun: true }, {}, SATURDAY);
    // THEN
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(0);
    expect(sagemaker.commandCalls(AddTagsCommand)).toHaveLength(0);
    expect(result).toMatchObject({ dryRun: true, stopped: 0, wouldStop: 1, skipped: 1 });
    expect(result.actions[0]).toMatchObject({ resource: 'gpu-a', outcome: 'would-stop' });
  });

  test('leaves running instances alone during working hours (the lifecycle script judges them)', async () => {
    // GIVEN an instance running for 30 hours on a Monday morning
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('gpu-a', 30, MONDAY)] });
    // WHEN
    const result = await stopIdleNotebooks(config, { mode: 'idle' }, MONDAY);
    // THEN
    expect(result.actions[0]).toMatchObject({ outcome: 'skipped', reason: 'within working hours: the lifecycle script judges activity' });
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(0);
  });

  test('the nightly sweep stops every covered running instance that is not exempt, whatever its running time', async () => {
    // GIVEN an instance started 10 minutes ago, on a Monday
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('gpu-a', 1 / 6, MONDAY)] });
    // WHEN
    const result = await stopIdleNotebooks(config, { mode: 'sweep' }, MONDAY);
    // THEN
    expect(result).toMatchObject({ mode: 'sweep', stopped: 1 });
  });

  test('publishes one summary to the topic when something was stopped, and none when nothing was', async () => {
    // GIVEN
    sagemaker.on(ListNotebookInstancesCommand)
      .resolvesOnce({ NotebookInstances: [notebook('gpu-a', 30), notebook('gpu-b', 1)] })
      .resolvesOnce({ NotebookInstances: [notebook('gpu-b', 1)] });
    sns.on(PublishCommand).resolves({ MessageId: '1' });
    const withTopic = { ...config, topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts' };
    // WHEN
    await stopIdleNotebooks(withTopic, {}, SATURDAY);
    await stopIdleNotebooks(withTopic, {}, SATURDAY);
    // THEN
    const published = sns.commandCalls(PublishCommand);
    expect(published).toHaveLength(1);
    expect(published[0].args[0].input).toMatchObject({
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      Subject: 'IdleNotebookStopper: 1 notebook instance(s) stopped, 0 failed',
    });
    const message = JSON.parse(published[0].args[0].input.Message!);
    expect(message.actions.map((a: any) => a.resource)).toEqual(['gpu-a']);
  });

  test('logs every decision as one JSON line', async () => {
    // GIVEN
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('gpu-a', 30)] });
    // WHEN
    await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN
    expect(lines.map(l => JSON.parse(l))).toEqual([{
      guard: 'IdleNotebookStopper', resource: 'gpu-a', outcome: 'stopped',
      reason: 'running since before the working day ended (2024-06-07T20:00:00.000Z), 1800 min (threshold 120 min)',
      details: { mode: 'idle', dryRun: false, instanceType: 'ml.g5.xlarge', runningMinutes: 1800 },
    }]);
  });

  test('judges working hours in the configured time zone', () => {
    // 2024-06-10T06:30Z is Monday 08:30 in Paris (UTC+2) but 06:30 in UTC
    const hours = { days: ['MON' as const], startHour: 8, endHour: 20, timeZone: 'Europe/Paris' };
    expect(isWorkingTime(new Date('2024-06-10T06:30:00Z'), hours)).toBe(true);
    expect(isWorkingTime(new Date('2024-06-10T06:30:00Z'), { ...hours, timeZone: 'UTC' })).toBe(false);
    expect(isWorkingTime(new Date('2024-06-10T18:00:00Z'), hours)).toBe(false);
  });

  test('finds when the off hours began, in the time zone, with half-hour offsets', () => {
    const week = { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] as any, startHour: 8, endHour: 20 };
    // Saturday 10:00 UTC: the Friday ended at 20:00 Paris time = 18:00 UTC (summer)
    expect(offHoursSince(SATURDAY, { ...week, timeZone: 'Europe/Paris' })?.toISOString()).toBe('2024-06-07T18:00:00.000Z');
    // Kolkata is UTC+5:30: 20:00 there is 14:30 UTC
    expect(offHoursSince(SATURDAY, { ...week, timeZone: 'Asia/Kolkata' })?.toISOString()).toBe('2024-06-07T14:30:00.000Z');
    // Los Angeles (UTC-7): Friday 20:00 is Saturday 03:00 UTC
    expect(offHoursSince(SATURDAY, { ...week, timeZone: 'America/Los_Angeles' })?.toISOString()).toBe('2024-06-08T03:00:00.000Z');
    expect(offHoursSince(MONDAY, { ...week, timeZone: 'UTC' })).toBeUndefined();
  });

  test('reads its configuration from the environment the construct sets, and refuses to run without working hours', () => {
    // GIVEN
    const saved = { ...process.env };
    Object.assign(process.env, {
      IDLE_THRESHOLD_MINUTES: '90', CHECK_INTERVAL_MINUTES: '30', OPT_IN_TAG_KEY: 'optin', EXEMPT_TAG_KEY: 'keep', STOP_TAG_KEY: 'stopped',
      HEARTBEAT_TAG_KEY: 'beat', HEARTBEAT_MAX_AGE_MINUTES: '20', DRY_RUN: 'true', TOPIC_ARN: 'arn:topic',
      WORKING_HOURS: JSON.stringify({ days: ['MON'], startHour: 9, endHour: 17, timeZone: 'Europe/Paris' }),
    });
    try {
      // WHEN / THEN
      expect(configFromEnv()).toEqual({
        idleThresholdMinutes: 90, checkIntervalMinutes: 30, optInTagKey: 'optin', exemptTagKey: 'keep', stopTagKey: 'stopped',
        heartbeatTagKey: 'beat', heartbeatMaxAgeMinutes: 20, dryRun: true, topicArn: 'arn:topic',
        workingHours: { days: ['MON'], startHour: 9, endHour: 17, timeZone: 'Europe/Paris' },
        retry: { maxAttempts: 5, baseDelayMs: 200 },
      });
      delete process.env.WORKING_HOURS;
      expect(() => configFromEnv()).toThrow('WORKING_HOURS is not set');
    } finally {
      process.env = saved;
    }
  });
});
