import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, ListTagsForResourceCommand as ListScalingTagsCommand,
  RegisterScalableTargetCommand, TagResourceCommand as TagScalingCommand, UntagResourceCommand as UntagScalingCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  AutoScalingClient, CreateOrUpdateTagsCommand, DeleteTagsCommand, DescribeAutoScalingGroupsCommand, ResumeProcessesCommand,
  SuspendProcessesCommand, UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeRuleCommand, DisableRuleCommand, EnableRuleCommand, EventBridgeClient, ListTagsForResourceCommand as ListRuleTagsCommand,
  TagResourceCommand as TagRuleCommand, UntagResourceCommand as UntagRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  AddTagsCommand, DeleteTagsCommand as DeleteSageMakerTagsCommand, DescribeEndpointCommand, DescribeNotebookInstanceCommand, ListTagsCommand,
  SageMakerClient, StopNotebookInstanceCommand, UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { ListExecutionsCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { configFromEnv, handler, KillSwitchConfig, KillSwitchEvent, run } from '../../../lib/guards/handlers/kill-switch';

const appScaling = mockClient(ApplicationAutoScalingClient);
const autoScaling = mockClient(AutoScalingClient);
const sagemaker = mockClient(SageMakerClient);
const events = mockClient(EventBridgeClient);
const sfn = mockClient(SFNClient);
const sns = mockClient(SNSClient);

const DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
const SAVED = 'cost-aware:kill-switch-saved';
const KILL_TOPIC = 'arn:aws:sns:us-east-1:123456789012:kill-switch';
const EMPTY: KillSwitchConfig = {
  scalableTargetResourceIds: [], endpointNames: [], notebookNames: [], autoScalingGroupNames: [], ruleNames: [], stateMachineArns: [],
  dryRun: false, armed: true, killSwitchTopicArn: KILL_TOPIC, budgetName: 'ml-platform',
  topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts', pendingWaitMs: 30, pendingPollMs: 10, retry: { maxAttempts: 3, baseDelayMs: 0 },
};
const config: KillSwitchConfig = {
  ...EMPTY,
  scalableTargetResourceIds: ['endpoint/chat/variant/AllTraffic'],
  endpointNames: ['chat', 'ranker'],
  notebookNames: ['research', 'sandbox'],
  autoScalingGroupNames: ['gpu-fleet'],
  ruleNames: ['nightly-batch'],
  stateMachineArns: ['arn:aws:states:us-east-1:123456789012:stateMachine:batch'],
};
const TARGET_ARN = 'arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/chat';

/** A Budgets notification on the kill-switch topic, as SNS delivers it to Lambda. */
function budgetsEvent(overrides: { TopicArn?: string; Message?: string } = {}): KillSwitchEvent {
  return {
    Records: [{
      EventSource: 'aws:sns',
      Sns: {
        TopicArn: KILL_TOPIC,
        Subject: 'AWS Budgets: ml-platform has exceeded your alert threshold',
        Message: 'AWS Budget Notification December 01, 2026\nAWS Account 123456789012\n\nDear AWS Customer,\n\nYou requested that we alert you '
          + 'when the ACTUAL Cost associated with your ml-platform budget is greater than $5,000.00 for the current month.',
        ...overrides,
      },
    }],
  };
}

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
}

const inputs = (m: any, command: any): any[] => m.commandCalls(command).map((c: any) => c.args[0].input);

beforeEach(() => {
  for (const m of [appScaling, autoScaling, sagemaker, events, sfn, sns]) m.reset();
  appScaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [{
    ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: 'endpoint/chat/variant/AllTraffic', ScalableTargetARN: TARGET_ARN,
    MinCapacity: 1, MaxCapacity: 8, RoleARN: 'r', CreationTime: new Date(),
  }] });
  appScaling.on(ListScalingTagsCommand).resolves({ Tags: {} });
  sagemaker.on(DescribeEndpointCommand, { EndpointName: 'chat' }).resolves({
    EndpointName: 'chat', EndpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/chat', EndpointStatus: 'InService',
    ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 4, DesiredInstanceCount: 4 }],
  } as any);
  sagemaker.on(DescribeEndpointCommand, { EndpointName: 'ranker' }).resolves({
    EndpointName: 'ranker', EndpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/ranker', EndpointStatus: 'InService',
    ProductionVariants: [{ VariantName: 'Fixed', CurrentInstanceCount: 3, DesiredInstanceCount: 3 }, { VariantName: 'Serverless' }],
  } as any);
  sagemaker.on(ListTagsCommand).resolves({ Tags: [] });
  sagemaker.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: 'research' }).resolves({ NotebookInstanceStatus: 'InService' });
  sagemaker.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: 'sandbox' }).resolves({ NotebookInstanceStatus: 'Stopped' });
  autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [{ AutoScalingGroupName: 'gpu-fleet', MinSize: 0, MaxSize: 6, DesiredCapacity: 3, Tags: [] } as any],
  });
  events.on(DescribeRuleCommand).resolves({ Name: 'nightly-batch', Arn: 'arn:aws:events:us-east-1:123456789012:rule/nightly-batch', State: 'ENABLED' });
  sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: 'arn:exec:1' } as any] });
  sns.on(PublishCommand).resolves({ MessageId: '1' });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('BudgetGuard kill switch: firing', () => {
  test('saves each capacity in a tag, then caps endpoints, groups and fixed-size variants, suspending scheduled scaling', async () => {
    // WHEN a Budgets notification arrives on the kill-switch topic
    const result = await run(config, budgetsEvent());
    // THEN the scalable target: saved, then max = min with scheduled scaling suspended
    expect(inputs(appScaling, TagScalingCommand)).toEqual([{ ResourceARN: TARGET_ARN, Tags: { [SAVED]: 'min=1 max=8' } }]);
    expect(inputs(appScaling, RegisterScalableTargetCommand)).toEqual([{
      ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: 'endpoint/chat/variant/AllTraffic',
      MinCapacity: 1, MaxCapacity: 1, SuspendedState: { ScheduledScalingSuspended: true },
    }]);
    // the fixed-size variant of ranker goes to one instance (chat's variant is capped through its scalable target; serverless has no instances)
    expect(inputs(sagemaker, AddTagsCommand)).toEqual([{ ResourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/ranker', Tags: [{ Key: SAVED, Value: 'Fixed=3' }] }]);
    expect(inputs(sagemaker, UpdateEndpointWeightsAndCapacitiesCommand)).toEqual([{
      EndpointName: 'ranker', DesiredWeightsAndCapacities: [{ VariantName: 'Fixed', DesiredInstanceCount: 1 }],
    }]);
    // the group: saved, scheduled actions suspended, capped
    expect(inputs(autoScaling, CreateOrUpdateTagsCommand)).toEqual([{ Tags: [{
      ResourceId: 'gpu-fleet', ResourceType: 'auto-scaling-group', Key: SAVED, Value: 'min=0 max=6 desired=3', PropagateAtLaunch: false,
    }] }]);
    expect(inputs(autoScaling, SuspendProcessesCommand)).toEqual([{ AutoScalingGroupName: 'gpu-fleet', ScalingProcesses: ['ScheduledActions'] }]);
    expect(inputs(autoScaling, UpdateAutoScalingGroupCommand)).toEqual([{ AutoScalingGroupName: 'gpu-fleet', MaxSize: 0, DesiredCapacity: 0 }]);
    // the running notebook stopped, the stopped one left alone
    expect(inputs(sagemaker, StopNotebookInstanceCommand)).toEqual([{ NotebookInstanceName: 'research' }]);
    // the job schedule disabled (its state saved), the running execution stopped
    expect(inputs(events, TagRuleCommand)).toEqual([{ ResourceARN: 'arn:aws:events:us-east-1:123456789012:rule/nightly-batch', Tags: [{ Key: SAVED, Value: 'state=ENABLED' }] }]);
    expect(inputs(events, DisableRuleCommand)).toEqual([{ Name: 'nightly-batch' }]);
    expect(inputs(sfn, StopExecutionCommand)).toEqual([{ executionArn: 'arn:exec:1', error: 'BudgetExceeded', cause: 'BudgetGuard kill switch: the budget was exceeded' }]);
    expect(result).toMatchObject({ action: 'fire', failed: 0 });
    expect(result.actions.map(a => [a.resource, a.outcome])).toEqual([
      ['endpoint/chat/variant/AllTraffic', 'scaled-down'], ['chat', 'skipped'], ['ranker', 'scaled-down'],
      ['research', 'stopped'], ['sandbox', 'skipped'], ['gpu-fleet', 'scaled-down'], ['nightly-batch', 'disabled'], ['arn:exec:1', 'stopped'],
    ]);
    // and one summary to the alert topic
    expect(inputs(sns, PublishCommand)[0]).toMatchObject({ TopicArn: config.topicArn, Subject: 'BudgetGuardKillSwitch: 6 resource(s) scaled down or stopped, 0 failed' });
  });

  test('a second firing keeps what the first saved, never the capped values', async () => {
    // GIVEN the target and the group already capped by a first firing, with their savings
    appScaling.on(ListScalingTagsCommand).resolves({ Tags: { [SAVED]: 'min=1 max=8' } });
    autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{
      AutoScalingGroupName: 'gpu-fleet', MinSize: 0, MaxSize: 2, DesiredCapacity: 2, Tags: [{ Key: SAVED, Value: 'min=0 max=6 desired=3' }],
    } as any] });
    // WHEN
    await run({ ...EMPTY, scalableTargetResourceIds: config.scalableTargetResourceIds, autoScalingGroupNames: ['gpu-fleet'] }, budgetsEvent());
    // THEN capped again, savings untouched
    expect(inputs(appScaling, TagScalingCommand)).toEqual([]);
    expect(inputs(autoScaling, CreateOrUpdateTagsCommand)).toEqual([]);
    expect(inputs(autoScaling, UpdateAutoScalingGroupCommand)).toEqual([{ AutoScalingGroupName: 'gpu-fleet', MaxSize: 0, DesiredCapacity: 0 }]);
  });

  test('waits for a Pending notebook and stops it once it is InService', async () => {
    sagemaker.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: 'research' })
      .resolvesOnce({ NotebookInstanceStatus: 'Pending' }).resolves({ NotebookInstanceStatus: 'InService' });
    const result = await run({ ...EMPTY, notebookNames: ['research'] }, budgetsEvent());
    expect(inputs(sagemaker, StopNotebookInstanceCommand)).toEqual([{ NotebookInstanceName: 'research' }]);
    expect(result).toMatchObject({ acted: 1, failed: 0 });
  });

  test('a notebook still Pending after the wait fails the invocation, so it is retried (then dead-lettered)', async () => {
    sagemaker.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: 'research' }).resolves({ NotebookInstanceStatus: 'Pending' });
    const saved = { ...process.env };
    Object.assign(process.env, {
      NOTEBOOKS: '["research"]', KILL_SWITCH_TOPIC_ARN: KILL_TOPIC, BUDGET_NAME: 'ml-platform', PENDING_WAIT_MS: '20', PENDING_POLL_MS: '10', RETRY_BASE_DELAY_MS: '0',
    });
    try {
      await expect(handler(budgetsEvent())).rejects.toThrow('1 kill-switch action(s) failed');
      expect(inputs(sagemaker, StopNotebookInstanceCommand)).toEqual([]);
    } finally {
      process.env = saved;
    }
  });

  test('an endpoint that is Updating is a failure to retry, not a silent skip', async () => {
    sagemaker.on(DescribeEndpointCommand, { EndpointName: 'ranker' }).resolves({
      EndpointName: 'ranker', EndpointArn: 'arn:e', EndpointStatus: 'Updating', ProductionVariants: [{ VariantName: 'Fixed', DesiredInstanceCount: 3 }],
    } as any);
    const result = await run({ ...EMPTY, endpointNames: ['ranker'] }, budgetsEvent());
    expect(result.actions[0]).toMatchObject({ outcome: 'failed', reason: 'status is Updating: retried with the invocation' });
    expect(inputs(sagemaker, UpdateEndpointWeightsAndCapacitiesCommand)).toEqual([]);
  });

  test('retries throttled calls; a failure on one resource does not block the others', async () => {
    appScaling.on(RegisterScalableTargetCommand).rejectsOnce(throttling()).resolves({});
    autoScaling.on(UpdateAutoScalingGroupCommand).rejects(new Error('denied'));
    const result = await run({ ...EMPTY, scalableTargetResourceIds: config.scalableTargetResourceIds, autoScalingGroupNames: ['gpu-fleet'], notebookNames: ['research'] }, budgetsEvent());
    expect(appScaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(2);
    expect(result.actions.map(a => [a.resource, a.outcome])).toEqual([
      ['endpoint/chat/variant/AllTraffic', 'scaled-down'], ['research', 'stopped'], ['gpu-fleet', 'failed'],
    ]);
  });

  test('dry run changes nothing', async () => {
    const result = await run({ ...config, dryRun: true }, budgetsEvent());
    for (const [m, command] of [[appScaling, RegisterScalableTargetCommand], [appScaling, TagScalingCommand], [sagemaker, UpdateEndpointWeightsAndCapacitiesCommand],
      [sagemaker, StopNotebookInstanceCommand], [autoScaling, UpdateAutoScalingGroupCommand], [events, DisableRuleCommand], [sfn, StopExecutionCommand]] as const) {
      expect((m as any).commandCalls(command)).toHaveLength(0);
    }
    expect(result.actions.every(a => a.outcome.startsWith('would-') || a.outcome === 'skipped')).toBe(true);
  });

  test('not armed (the amount left out unpriced lines): reports and changes nothing', async () => {
    const result = await run({ ...config, armed: false }, budgetsEvent());
    expect(result.actions).toEqual([expect.objectContaining({ outcome: 'not-armed' })]);
    expect(appScaling.commandCalls(DescribeScalableTargetsCommand)).toHaveLength(0);
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(0);
  });
});

describe('BudgetGuard kill switch: fires only for real', () => {
  test.each([
    ['a message published to another topic', budgetsEvent({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts' }), 'not the kill-switch topic'],
    ['a message that is not a Budgets notification', budgetsEvent({ Message: '{"scaleDown": true}' }), 'not an AWS Budgets notification'],
    ['a notification about another budget', budgetsEvent({ Message: 'AWS Budget Notification ... your other-team budget' }), 'not about budget ml-platform'],
    ['a direct invocation', {}, 'only {"action":"restore"} is accepted by hand'],
    ['a direct invocation asking to fire', { action: 'fire' }, 'only {"action":"restore"} is accepted by hand'],
  ])('ignores %s', async (_what, event, reason) => {
    const result = await run(config, event as KillSwitchEvent);
    expect(result).toMatchObject({ action: 'ignored', acted: 0 });
    expect(result.actions[0].reason).toContain(reason);
    for (const m of [appScaling, autoScaling, sagemaker, events, sfn]) expect(m.calls()).toHaveLength(0);
  });
});

describe('BudgetGuard kill switch: restore', () => {
  beforeEach(() => {
    appScaling.on(ListScalingTagsCommand).resolves({ Tags: { [SAVED]: 'min=1 max=8' } });
    sagemaker.on(ListTagsCommand, { ResourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/ranker' }).resolves({ Tags: [{ Key: SAVED, Value: 'Fixed=3' }] });
    autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{
      AutoScalingGroupName: 'gpu-fleet', MinSize: 0, MaxSize: 0, DesiredCapacity: 0, Tags: [{ Key: SAVED, Value: 'min=0 max=6 desired=3' }],
    } as any] });
    events.on(DescribeRuleCommand).resolves({ Name: 'nightly-batch', Arn: 'arn:rule', State: 'DISABLED' });
    events.on(ListRuleTagsCommand).resolves({ Tags: [{ Key: SAVED, Value: 'state=ENABLED' }] });
  });

  test('{"action":"restore"} puts back exactly what was saved, resumes scheduled scaling, re-enables schedules and removes the savings', async () => {
    const result = await run(config, { action: 'restore' });
    expect(inputs(appScaling, RegisterScalableTargetCommand)).toEqual([{
      ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: 'endpoint/chat/variant/AllTraffic',
      MinCapacity: 1, MaxCapacity: 8, SuspendedState: { ScheduledScalingSuspended: false },
    }]);
    expect(inputs(appScaling, UntagScalingCommand)).toEqual([{ ResourceARN: TARGET_ARN, TagKeys: [SAVED] }]);
    expect(inputs(sagemaker, UpdateEndpointWeightsAndCapacitiesCommand)).toEqual([{
      EndpointName: 'ranker', DesiredWeightsAndCapacities: [{ VariantName: 'Fixed', DesiredInstanceCount: 3 }],
    }]);
    expect(inputs(sagemaker, DeleteSageMakerTagsCommand)).toEqual([{ ResourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/ranker', TagKeys: [SAVED] }]);
    expect(inputs(autoScaling, UpdateAutoScalingGroupCommand)).toEqual([{ AutoScalingGroupName: 'gpu-fleet', MinSize: 0, MaxSize: 6, DesiredCapacity: 3 }]);
    expect(inputs(autoScaling, ResumeProcessesCommand)).toEqual([{ AutoScalingGroupName: 'gpu-fleet', ScalingProcesses: ['ScheduledActions'] }]);
    expect(inputs(autoScaling, DeleteTagsCommand)).toEqual([{ Tags: [{ ResourceId: 'gpu-fleet', ResourceType: 'auto-scaling-group', Key: SAVED }] }]);
    expect(inputs(events, EnableRuleCommand)).toEqual([{ Name: 'nightly-batch' }]);
    expect(inputs(events, UntagRuleCommand)).toEqual([{ ResourceARN: 'arn:rule', TagKeys: [SAVED] }]);
    // notebooks and stopped executions are not restarted
    expect(sagemaker.commandCalls(StopNotebookInstanceCommand)).toHaveLength(0);
    expect(result).toMatchObject({ action: 'restore', failed: 0 });
    expect(inputs(sns, PublishCommand)[0].Subject).toBe('BudgetGuardKillSwitch: 4 resource(s) restored, 0 failed');
  });

  test('leaves alone what the kill switch did not change', async () => {
    appScaling.on(ListScalingTagsCommand).resolves({ Tags: {} });
    autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{ AutoScalingGroupName: 'gpu-fleet', MinSize: 0, MaxSize: 6, Tags: [] } as any] });
    events.on(ListRuleTagsCommand).resolves({ Tags: [] });
    const result = await run({ ...config, endpointNames: [] }, { action: 'restore' });
    expect(appScaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
    expect(autoScaling.commandCalls(UpdateAutoScalingGroupCommand)).toHaveLength(0);
    expect(events.commandCalls(EnableRuleCommand)).toHaveLength(0);
    expect(result.actions.map(a => a.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
  });
});

test('reads its configuration from the environment the construct sets', () => {
  const saved = { ...process.env };
  Object.assign(process.env, {
    SCALABLE_TARGETS: '[]', ENDPOINTS: '["chat"]', NOTEBOOKS: '["research"]', AUTO_SCALING_GROUPS: '[]', RULES: '["r"]', STATE_MACHINES: '["sm"]',
    DRY_RUN: 'false', ARMED: 'false', KILL_SWITCH_TOPIC_ARN: KILL_TOPIC, BUDGET_NAME: 'b', TOPIC_ARN: '',
  });
  try {
    expect(configFromEnv()).toMatchObject({
      scalableTargetResourceIds: [], endpointNames: ['chat'], notebookNames: ['research'], autoScalingGroupNames: [], ruleNames: ['r'], stateMachineArns: ['sm'],
      dryRun: false, armed: false, killSwitchTopicArn: KILL_TOPIC, budgetName: 'b', topicArn: undefined, pendingWaitMs: 180000, pendingPollMs: 15000,
    });
  } finally {
    process.env = saved;
  }
});
