import {
  ListNotebookInstancesCommand, ListTagsCommand, NotebookInstanceSummary, SageMakerClient, StopNotebookInstanceCommand,
} from '@aws-sdk/client-sagemaker';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  configFromEnv, handler, isWorkingTime, StopperConfig, stopIdleNotebooks,
} from '../../../lib/guards/handlers/idle-notebook-stopper';

const sagemaker = mockClient(SageMakerClient);
const sns = mockClient(SNSClient);

// Saturday 8 June 2024, 10:00 UTC: outside the default working week.
const SATURDAY = new Date('2024-06-08T10:00:00Z');
// Monday 10 June 2024, 10:00 UTC: inside it.
const MONDAY = new Date('2024-06-10T10:00:00Z');

const config: StopperConfig = {
  idleThresholdMinutes: 120,
  exemptTagKey: 'cost-aware:keep-running',
  dryRun: false,
  workingHours: { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startHour: 8, endHour: 20, timeZone: 'UTC' },
  retry: { maxAttempts: 3, baseDelayMs: 0 },
};

function notebook(name: string, startedHoursBefore: number, now = SATURDAY): NotebookInstanceSummary {
  return {
    NotebookInstanceName: name,
    NotebookInstanceArn: `arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/${name}`,
    NotebookInstanceStatus: 'InService',
    InstanceType: 'ml.g5.xlarge',
    LastModifiedTime: new Date(now.getTime() - startedHoursBefore * 3600_000),
  };
}

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
}

beforeEach(() => {
  sagemaker.reset();
  sns.reset();
  sagemaker.on(ListTagsCommand).resolves({ Tags: [] });
  sagemaker.on(StopNotebookInstanceCommand).resolves({});
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('IdleNotebookStopper handler', () => {
  test('lists every page of running notebook instances and stops those running past the threshold on a weekend', async () => {
    // GIVEN two pages of instances
    sagemaker.on(ListNotebookInstancesCommand)
      .resolvesOnce({ NotebookInstances: [notebook('gpu-a', 30), notebook('gpu-b', 1)], NextToken: 'page-2' })
      .resolvesOnce({ NotebookInstances: [notebook('gpu-c', 50)] });
    // WHEN
    const result = await stopIdleNotebooks(config, { mode: 'idle' }, SATURDAY);
    // THEN
    const listCalls = sagemaker.commandCalls(ListNotebookInstancesCommand);
    expect(listCalls).toHaveLength(2);
    expect(listCalls[0].args[0].input).toEqual({ StatusEquals: 'InService', MaxResults: 100, NextToken: undefined });
    expect(listCalls[1].args[0].input).toMatchObject({ NextToken: 'page-2' });
    expect(result).toMatchObject({ examined: 3, stopped: 2, skipped: 1, failed: 0 });
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand).map(c => c.args[0].input.NotebookInstanceName)).toEqual(['gpu-a', 'gpu-c']);
    expect(result.actions.find(a => a.resource === 'gpu-b')).toMatchObject({
      outcome: 'skipped', reason: 'running 60 min, less than the idle threshold of 120 min',
    });
  });

  test('retries a throttled call and then succeeds', async () => {
    // GIVEN a list call and a stop call that are throttled once each
    sagemaker.on(ListNotebookInstancesCommand).rejectsOnce(throttling()).resolves({ NotebookInstances: [notebook('gpu-a', 30)] });
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
    // GIVEN three idle instances, the second of which cannot be stopped
    sagemaker.on(ListNotebookInstancesCommand).resolves({
      NotebookInstances: [notebook('gpu-a', 30), notebook('gpu-b', 30), notebook('gpu-c', 30)],
    });
    sagemaker.on(StopNotebookInstanceCommand, { NotebookInstanceName: 'gpu-b' })
      .rejects(Object.assign(new Error('Status (Updating) not in ([InService])'), { name: 'ValidationException' }));
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN
    expect(result).toMatchObject({ stopped: 2, failed: 1 });
    expect(result.actions.map(a => [a.resource, a.outcome])).toEqual([['gpu-a', 'stopped'], ['gpu-b', 'failed'], ['gpu-c', 'stopped']]);
    expect(result.actions[1].reason).toBe('ValidationException: Status (Updating) not in ([InService])');
  });

  test('the Lambda entry point fails the invocation after trying every instance when one stop failed', async () => {
    // GIVEN
    process.env.RETRY_BASE_DELAY_MS = '0';
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('gpu-a', 30), notebook('gpu-b', 30)] });
    sagemaker.on(StopNotebookInstanceCommand, { NotebookInstanceName: 'gpu-a' }).rejects(new Error('boom'));
    jest.useFakeTimers({ now: SATURDAY, doNotFake: ['setTimeout', 'nextTick', 'setImmediate'] });
    try {
      // WHEN / THEN
      await expect(handler({ mode: 'idle' })).rejects.toThrow('1 notebook instance(s) could not be stopped');
      expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(2);
    } finally {
      jest.useRealTimers();
      delete process.env.RETRY_BASE_DELAY_MS;
    }
  });

  test('never touches an instance carrying the exemption tag, unless its value is false', async () => {
    // GIVEN
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('keep', 30), notebook('not-kept', 30)] });
    sagemaker.on(ListTagsCommand, { ResourceArn: notebook('keep', 0).NotebookInstanceArn })
      .resolvesOnce({ Tags: [{ Key: 'team', Value: 'nlp' }], NextToken: 't2' })
      .resolvesOnce({ Tags: [{ Key: 'cost-aware:keep-running', Value: 'training until Monday' }] });
    sagemaker.on(ListTagsCommand, { ResourceArn: notebook('not-kept', 0).NotebookInstanceArn })
      .resolves({ Tags: [{ Key: 'cost-aware:keep-running', Value: 'false' }] });
    // WHEN
    const result = await stopIdleNotebooks(config, {}, SATURDAY);
    // THEN the tag on the second page of tags is found
    expect(result.actions.find(a => a.resource === 'keep')).toMatchObject({ outcome: 'skipped', reason: 'exempt: tagged cost-aware:keep-running' });
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand).map(c => c.args[0].input.NotebookInstanceName)).toEqual(['not-kept']);
  });

  test('dry run reports what it would stop and stops nothing', async () => {
    // GIVEN
    sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [notebook('gpu-a', 30), notebook('gpu-b', 1)] });
    // WHEN
    const result = await stopIdleNotebooks({ ...config, dryRun: true }, {}, SATURDAY);
    // THEN
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(0);
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

  test('the nightly sweep stops every running instance that is not exempt, whatever its running time', async () => {
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
      reason: 'outside working hours and running 1800 min (threshold 120 min)',
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

  test('reads its configuration from the environment the construct sets', () => {
    // GIVEN
    const saved = { ...process.env };
    Object.assign(process.env, {
      IDLE_THRESHOLD_MINUTES: '90', EXEMPT_TAG_KEY: 'keep', DRY_RUN: 'true', TOPIC_ARN: 'arn:topic',
      WORKING_HOURS: JSON.stringify({ days: ['MON'], startHour: 9, endHour: 17, timeZone: 'Europe/Paris' }),
    });
    try {
      // WHEN / THEN
      expect(configFromEnv()).toEqual({
        idleThresholdMinutes: 90, exemptTagKey: 'keep', dryRun: true, topicArn: 'arn:topic',
        workingHours: { days: ['MON'], startHour: 9, endHour: 17, timeZone: 'Europe/Paris' },
        retry: { maxAttempts: 5, baseDelayMs: 200 },
      });
    } finally {
      process.env = saved;
    }
  });
});
