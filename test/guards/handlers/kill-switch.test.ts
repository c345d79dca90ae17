import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeNotebookInstanceCommand, SageMakerClient, StopNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { configFromEnv, handler, KillSwitchConfig, killSwitch } from '../../../lib/guards/handlers/kill-switch';

const appScaling = mockClient(ApplicationAutoScalingClient);
const autoScaling = mockClient(AutoScalingClient);
const sagemaker = mockClient(SageMakerClient);
const sns = mockClient(SNSClient);

const DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
const config: KillSwitchConfig = {
  scalableTargetResourceIds: ['endpoint/chat/variant/AllTraffic', 'endpoint/embed/variant/AllTraffic'],
  notebookNames: ['research', 'sandbox'],
  autoScalingGroupNames: ['gpu-fleet'],
  dryRun: false,
  armed: true,
  topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
  retry: { maxAttempts: 3, baseDelayMs: 0 },
};

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
}

beforeEach(() => {
  for (const m of [appScaling, autoScaling, sagemaker, sns]) m.reset();
  appScaling.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: [
      { ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: 'endpoint/chat/variant/AllTraffic', MinCapacity: 1, MaxCapacity: 8, RoleARN: 'r', CreationTime: new Date() },
      { ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: 'endpoint/embed/variant/AllTraffic', MinCapacity: 2, MaxCapacity: 2, RoleARN: 'r', CreationTime: new Date() },
    ],
  });
  appScaling.on(RegisterScalableTargetCommand).resolves({});
  sagemaker.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: 'research' }).resolves({ NotebookInstanceStatus: 'InService' });
  sagemaker.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: 'sandbox' }).resolves({ NotebookInstanceStatus: 'Stopped' });
  sagemaker.on(StopNotebookInstanceCommand).resolves({});
  autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [{ AutoScalingGroupName: 'gpu-fleet', MinSize: 0, MaxSize: 6, DesiredCapacity: 3 } as any],
  });
  autoScaling.on(UpdateAutoScalingGroupCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: '1' });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('BudgetGuard kill switch handler', () => {
  test('scales endpoint variants and accelerated groups to their minimum and stops running notebooks', async () => {
    // WHEN
    const result = await killSwitch(config);
    // THEN the chat variant's max capacity drops to its min; embed is already there
    expect(appScaling.commandCalls(DescribeScalableTargetsCommand)[0].args[0].input).toEqual({
      ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceIds: config.scalableTargetResourceIds, NextToken: undefined,
    });
    expect(appScaling.commandCalls(RegisterScalableTargetCommand).map(c => c.args[0].input)).toEqual([{
      ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: 'endpoint/chat/variant/AllTraffic', MinCapacity: 1, MaxCapacity: 1,
    }]);
    // the running notebook is stopped, the stopped one left alone
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand).map(c => c.args[0].input)).toEqual([{ NotebookInstanceName: 'research' }]);
    // the group's max and desired drop to its min
    expect(autoScaling.commandCalls(UpdateAutoScalingGroupCommand).map(c => c.args[0].input)).toEqual([
      { AutoScalingGroupName: 'gpu-fleet', MaxSize: 0, DesiredCapacity: 0 },
    ]);
    expect(result).toMatchObject({ acted: 3, skipped: 2, failed: 0 });
  });

  test('dry run reports what it would do and changes nothing', async () => {
    // WHEN
    const result = await killSwitch({ ...config, dryRun: true });
    // THEN
    expect(appScaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(0);
    expect(autoScaling.commandCalls(UpdateAutoScalingGroupCommand)).toHaveLength(0);
    expect(result.actions.filter(a => a.outcome.startsWith('would-')).map(a => [a.resource, a.outcome])).toEqual([
      ['endpoint/chat/variant/AllTraffic', 'would-scale-down'],
      ['research', 'would-stop'],
      ['gpu-fleet', 'would-scale-down'],
    ]);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Subject).toBe('BudgetGuardKillSwitch: 3 resource(s) would be scaled down or stopped, 0 failed');
  });

  test('one failing action does not block the others', async () => {
    // GIVEN the notebook stop fails
    sagemaker.on(StopNotebookInstanceCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    // WHEN
    const result = await killSwitch(config);
    // THEN the endpoint and the group are still scaled down
    expect(result).toMatchObject({ acted: 2, failed: 1 });
    expect(result.actions.find(a => a.outcome === 'failed')).toMatchObject({ resource: 'research', reason: 'AccessDeniedException: denied' });
    expect(autoScaling.commandCalls(UpdateAutoScalingGroupCommand)).toHaveLength(1);
  });

  test('a family that cannot even be listed is recorded as failed and the others still run', async () => {
    // GIVEN
    appScaling.on(DescribeScalableTargetsCommand).rejects(new Error('no access'));
    // WHEN
    const result = await killSwitch(config);
    // THEN
    expect(result.actions[0]).toMatchObject({ resource: 'scalable targets', outcome: 'failed', reason: 'listing scalable targets: Error: no access' });
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(1);
    expect(autoScaling.commandCalls(UpdateAutoScalingGroupCommand)).toHaveLength(1);
  });

  test('retries throttled calls, follows pages, and reports targets that are gone', async () => {
    // GIVEN a throttled first page, then a second page
    appScaling.on(DescribeScalableTargetsCommand)
      .rejectsOnce(throttling())
      .resolvesOnce({ ScalableTargets: [], NextToken: 'p2' })
      .resolvesOnce({ ScalableTargets: [{ ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: 'endpoint/chat/variant/AllTraffic', MinCapacity: 0, MaxCapacity: 4, RoleARN: 'r', CreationTime: new Date() }] });
    appScaling.on(RegisterScalableTargetCommand).rejectsOnce(throttling()).resolves({});
    // WHEN
    const result = await killSwitch({ ...config, notebookNames: [], autoScalingGroupNames: [] });
    // THEN
    expect(appScaling.commandCalls(DescribeScalableTargetsCommand)).toHaveLength(3);
    expect(appScaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(2);
    expect(result.actions.map(a => [a.resource, a.outcome])).toEqual([
      ['endpoint/chat/variant/AllTraffic', 'scaled-down'],
      ['endpoint/embed/variant/AllTraffic', 'skipped'],
    ]);
    expect(result.actions[1].reason).toBe('no scalable target registered (endpoint deleted or not deployed)');
  });

  test('the Lambda entry point reads its targets from the environment and fails the invocation when an action failed', async () => {
    // GIVEN
    const saved = { ...process.env };
    Object.assign(process.env, {
      SCALABLE_TARGETS: '[]', NOTEBOOKS: '["research"]', AUTO_SCALING_GROUPS: '[]', DRY_RUN: 'false', TOPIC_ARN: '', RETRY_BASE_DELAY_MS: '0',
    });
    sagemaker.on(StopNotebookInstanceCommand).rejects(new Error('boom'));
    try {
      expect(configFromEnv()).toMatchObject({ scalableTargetResourceIds: [], notebookNames: ['research'], autoScalingGroupNames: [], dryRun: false, topicArn: undefined });
      // WHEN / THEN
      await expect(handler({ Records: [{ Sns: { Subject: 'AWS Budgets: budget has exceeded your alert threshold' } }] }))
        .rejects.toThrow('1 kill-switch action(s) failed');
    } finally {
      process.env = saved;
    }
  });
});
