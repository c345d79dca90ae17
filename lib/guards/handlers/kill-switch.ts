// The BudgetGuard kill switch. It fires only for a Budgets notification arriving on its own topic
// (the topic policy lets only budgets.amazonaws.com publish; the handler checks the record's
// TopicArn and the message), and acts only on the resources the construct listed in its
// environment, never on the rest of the account:
//   - SageMaker endpoint variants with a scalable target: max capacity set to the min capacity and
//     scheduled scaling suspended, so neither a scaling policy nor a scheduled window can undo it;
//   - endpoints of fixed size: each instance-based variant set to one instance;
//   - Auto Scaling groups of accelerated instances: max size and desired capacity set to min size,
//     the ScheduledActions process suspended;
//   - notebook instances: stopped (a Pending one is waited for);
//   - the library's job schedules (EventBridge rules) disabled, and running executions of its
//     state machines stopped.
// Before it changes a capacity or a rule, it saves what was there in a tag on the resource (kept
// if already there, so a second firing never saves the capped values). `{"action":"restore"}`
// puts back exactly what was saved, resumes scheduled scaling and re-enables the rules.
// Notebooks and stopped executions are not restarted: people do that when they need them.
import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, ListTagsForResourceCommand as ListScalingTagsCommand,
  RegisterScalableTargetCommand, ScalableTarget, TagResourceCommand as TagScalingCommand, UntagResourceCommand as UntagScalingCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  AutoScalingClient, AutoScalingGroup, CreateOrUpdateTagsCommand, DeleteTagsCommand, DescribeAutoScalingGroupsCommand,
  ResumeProcessesCommand, SuspendProcessesCommand, UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeRuleCommand, DisableRuleCommand, EnableRuleCommand, EventBridgeClient, ListTagsForResourceCommand as ListRuleTagsCommand,
  TagResourceCommand as TagRuleCommand, UntagResourceCommand as UntagRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  AddTagsCommand, DeleteTagsCommand as DeleteSageMakerTagsCommand, DescribeEndpointCommand, DescribeNotebookInstanceCommand,
  ListTagsCommand, SageMakerClient, StopNotebookInstanceCommand, UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { ListExecutionsCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { envFlag, envJson, GuardAction, log, messageOf, RetryOptions, retryFromEnv, withRetry } from './shared';

/** What the kill switch acts on and how (from its environment in Lambda). */
export interface KillSwitchConfig {
  /** `endpoint/<name>/variant/<variant>` resource ids of the app's SageMaker scalable targets. */
  readonly scalableTargetResourceIds: string[];
  /** The app's SageMaker endpoints; their variants without a scalable target are set to one instance. */
  readonly endpointNames: string[];
  /** The app's notebook instance names. */
  readonly notebookNames: string[];
  /** The app's Auto Scaling groups of accelerated instances. */
  readonly autoScalingGroupNames: string[];
  /** The app's EventBridge rules that start its jobs. */
  readonly ruleNames: string[];
  /** The app's state machines, whose running executions are stopped. */
  readonly stateMachineArns: string[];
  /** Only report what would be done. */
  readonly dryRun: boolean;
  /**
   * False when the budget amount left out unpriced lines (`allowUnpricedLines`): the budget may be
   * too small to mean anything, so the kill switch reports and changes nothing.
   */
  readonly armed: boolean;
  /** The only topic whose messages fire the kill switch. */
  readonly killSwitchTopicArn?: string;
  /** The budget's name, which its notifications carry. */
  readonly budgetName?: string;
  /** Topic that receives a summary of what was done. */
  readonly topicArn?: string;
  /** How long to wait for a Pending notebook to be InService before stopping it. */
  readonly pendingWaitMs: number;
  /** How often to look again while waiting. */
  readonly pendingPollMs: number;
  /** Retry settings for throttled calls. */
  readonly retry: RetryOptions;
}

/** What one run did. */
export interface KillSwitchResult {
  /** `fire` (scale down), `restore`, or `ignored` (an event that is not a Budgets notification on the kill-switch topic). */
  readonly action: 'fire' | 'restore' | 'ignored';
  readonly dryRun: boolean;
  readonly acted: number;
  readonly skipped: number;
  readonly failed: number;
  readonly actions: GuardAction[];
}

/** What the Lambda receives: an SNS event from its topic, or `{"action":"restore"}` invoked by hand. */
export interface KillSwitchEvent {
  readonly Records?: Array<{ readonly EventSource?: string; readonly Sns?: { readonly TopicArn?: string; readonly Subject?: string; readonly Message?: string } }>;
  readonly action?: string;
}

const GUARD = 'BudgetGuardKillSwitch';
const VARIANT_DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
/** DescribeScalableTargets and DescribeAutoScalingGroups take at most 50 names a call. */
const BATCH = 50;
/** The tag that holds what the kill switch changed, so that restore can put it back. */
export const SAVED_TAG_KEY = 'cost-aware:kill-switch-saved';

/** The configuration from the Lambda's environment (set by the construct). */
export function configFromEnv(): KillSwitchConfig {
  return {
    scalableTargetResourceIds: envJson<string[]>('SCALABLE_TARGETS', []),
    endpointNames: envJson<string[]>('ENDPOINTS', []),
    notebookNames: envJson<string[]>('NOTEBOOKS', []),
    autoScalingGroupNames: envJson<string[]>('AUTO_SCALING_GROUPS', []),
    ruleNames: envJson<string[]>('RULES', []),
    stateMachineArns: envJson<string[]>('STATE_MACHINES', []),
    dryRun: envFlag('DRY_RUN', false),
    armed: envFlag('ARMED', true),
    killSwitchTopicArn: process.env.KILL_SWITCH_TOPIC_ARN || undefined,
    budgetName: process.env.BUDGET_NAME || undefined,
    topicArn: process.env.TOPIC_ARN || undefined,
    pendingWaitMs: Number(process.env.PENDING_WAIT_MS ?? 180_000),
    pendingPollMs: Number(process.env.PENDING_POLL_MS ?? 15_000),
    retry: retryFromEnv(),
  };
}

/** Lambda entry point. Fails the invocation when an action failed, so the retry and the dead-letter queue see it. */
export async function handler(event: KillSwitchEvent = {}): Promise<KillSwitchResult> {
  const result = await run(configFromEnv(), event);
  if (result.failed > 0) throw new Error(`${result.failed} kill-switch action(s) failed; see the log lines with outcome "failed"`);
  return result;
}

/** Why an event must not fire the kill switch, or undefined when it is a Budgets notification on the kill-switch topic. */
export function rejectionOf(config: KillSwitchConfig, event: KillSwitchEvent): string | undefined {
  const records = event.Records ?? [];
  if (records.length !== 1) return `expected one SNS record, got ${records.length}`;
  const sns = records[0].Sns;
  if (records[0].EventSource !== 'aws:sns' || !sns) return 'not an SNS record';
  if (!config.killSwitchTopicArn || sns.TopicArn !== config.killSwitchTopicArn) return `from topic ${sns.TopicArn}, not the kill-switch topic`;
  const message = sns.Message ?? '';
  if (!/AWS Budget Notification/i.test(message)) return 'the message is not an AWS Budgets notification';
  if (config.budgetName && !message.includes(config.budgetName)) return `the notification is not about budget ${config.budgetName}`;
  return undefined;
}

/** Decides what the event asks for, and does it. */
export async function run(config: KillSwitchConfig, event: KillSwitchEvent): Promise<KillSwitchResult> {
  if (event.action === 'restore' && !event.Records) return restore(config);
  const rejection = event.Records ? rejectionOf(config, event) : 'invoked without an SNS record; only {"action":"restore"} is accepted by hand';
  if (rejection) {
    const action: GuardAction = { resource: 'event', outcome: 'ignored', reason: rejection };
    log(GUARD, action);
    return { action: 'ignored', dryRun: config.dryRun, acted: 0, skipped: 0, failed: 0, actions: [action] };
  }
  log(GUARD, { resource: 'budget', outcome: 'triggered', reason: event.Records![0].Sns!.Subject ?? 'budget notification' });
  return killSwitch(config);
}

type Recorder = (action: GuardAction) => void;

function recorder(config: KillSwitchConfig, actions: GuardAction[]): Recorder {
  return (action: GuardAction): void => {
    actions.push(action);
    log(GUARD, { ...action, details: { dryRun: config.dryRun, ...action.details } });
  };
}

function resultOf(action: 'fire' | 'restore', config: KillSwitchConfig, actions: GuardAction[]): KillSwitchResult {
  const acted = actions.filter(a => ['scaled-down', 'stopped', 'disabled', 'restored', 'enabled'].includes(a.outcome) || a.outcome.startsWith('would-')).length;
  return {
    action, dryRun: config.dryRun, acted, skipped: actions.filter(a => a.outcome === 'skipped').length,
    failed: actions.filter(a => a.outcome === 'failed').length, actions,
  };
}

/** Scales every listed resource down to its floor; each resource is handled on its own. */
export async function killSwitch(config: KillSwitchConfig): Promise<KillSwitchResult> {
  const actions: GuardAction[] = [];
  const record = recorder(config, actions);
  if (!config.armed) {
    record({ resource: 'budget', outcome: 'not-armed', reason: 'the budget amount leaves out unpriced lines (allowUnpricedLines): nothing is changed' });
    const result = resultOf('fire', config, actions);
    await publishSummary(config, result);
    return result;
  }
  const capped = new Set<string>();
  await guarded('scalable targets', record, () => scaleEndpointsDown(config, record, capped));
  await guarded('endpoints', record, () => scaleFixedEndpointsDown(config, record, capped));
  await guarded('notebook instances', record, () => stopNotebooks(config, record));
  await guarded('auto scaling groups', record, () => scaleGroupsDown(config, record));
  await guarded('job schedules', record, () => disableRules(config, record));
  await guarded('state machine executions', record, () => stopExecutions(config, record));
  const result = resultOf('fire', config, actions);
  await publishSummary(config, result);
  return result;
}

/** Puts back what the kill switch saved, resumes scheduled scaling and re-enables the job schedules. */
export async function restore(config: KillSwitchConfig): Promise<KillSwitchResult> {
  const actions: GuardAction[] = [];
  const record = recorder(config, actions);
  await guarded('scalable targets', record, () => restoreScalableTargets(config, record));
  await guarded('endpoints', record, () => restoreFixedEndpoints(config, record));
  await guarded('auto scaling groups', record, () => restoreGroups(config, record));
  await guarded('job schedules', record, () => restoreRules(config, record));
  const result = resultOf('restore', config, actions);
  await publishSummary(config, result);
  return result;
}

/** Runs one family of actions; a failure to even list them is recorded, and the others still run. */
async function guarded(what: string, record: Recorder, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    record({ resource: what, outcome: 'failed', reason: `listing ${what}: ${messageOf(error)}` });
  }
}

/** `min=1 max=4` ⇄ `{ min: 1, max: 4 }`: tag values allow letters, digits, spaces and `_.:/=+-@`. */
export function encodeSaved(values: Record<string, number | string>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ');
}

export function decodeSaved(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const out: Record<string, string> = {};
  for (const pair of text.split(' ')) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

async function describeTargets(client: ApplicationAutoScalingClient, config: KillSwitchConfig, ids: string[]): Promise<ScalableTarget[]> {
  const found: ScalableTarget[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    let nextToken: string | undefined;
    do {
      const page = await withRetry(() => client.send(new DescribeScalableTargetsCommand({
        ServiceNamespace: 'sagemaker', ScalableDimension: VARIANT_DIMENSION, ResourceIds: ids.slice(i, i + BATCH), NextToken: nextToken,
      })), config.retry);
      found.push(...(page.ScalableTargets ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return found;
}

async function scalingTag(client: ApplicationAutoScalingClient, config: KillSwitchConfig, target: ScalableTarget): Promise<string | undefined> {
  if (!target.ScalableTargetARN) return undefined;
  const tags = await withRetry(() => client.send(new ListScalingTagsCommand({ ResourceARN: target.ScalableTargetARN })), config.retry);
  return tags.Tags?.[SAVED_TAG_KEY];
}

async function scaleEndpointsDown(config: KillSwitchConfig, record: Recorder, capped: Set<string>): Promise<void> {
  if (config.scalableTargetResourceIds.length === 0) return;
  const client = new ApplicationAutoScalingClient({});
  const found = await describeTargets(client, config, config.scalableTargetResourceIds);
  for (const id of config.scalableTargetResourceIds) {
    const target = found.find(t => t.ResourceId === id);
    if (!target) {
      record({ resource: id, outcome: 'skipped', reason: 'no scalable target registered (endpoint deleted or not deployed)' });
      continue;
    }
    capped.add(id);
    const min = target.MinCapacity ?? 0;
    const details = { minCapacity: min, maxCapacity: target.MaxCapacity };
    if (target.MaxCapacity === min && target.SuspendedState?.ScheduledScalingSuspended) {
      record({ resource: id, outcome: 'skipped', reason: 'already capped at its min capacity, scheduled scaling suspended', details });
      continue;
    }
    if (config.dryRun) {
      record({ resource: id, outcome: 'would-scale-down', reason: `would set max capacity ${target.MaxCapacity} → ${min} and suspend scheduled scaling`, details });
      continue;
    }
    try {
      // Save first, and never over a saving already there: a second firing must not save the cap.
      if (!(await scalingTag(client, config, target))) {
        await withRetry(() => client.send(new TagScalingCommand({
          ResourceARN: target.ScalableTargetARN, Tags: { [SAVED_TAG_KEY]: encodeSaved({ min, max: target.MaxCapacity ?? min }) },
        })), config.retry);
      }
      await withRetry(() => client.send(new RegisterScalableTargetCommand({
        ServiceNamespace: 'sagemaker', ScalableDimension: VARIANT_DIMENSION, ResourceId: id, MinCapacity: min, MaxCapacity: min,
        SuspendedState: { ScheduledScalingSuspended: true },
      })), config.retry);
      record({ resource: id, outcome: 'scaled-down', reason: `max capacity ${target.MaxCapacity} → ${min}, scheduled scaling suspended`, details });
    } catch (error) {
      record({ resource: id, outcome: 'failed', reason: messageOf(error), details });
    }
  }
}

async function restoreScalableTargets(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.scalableTargetResourceIds.length === 0) return;
  const client = new ApplicationAutoScalingClient({});
  const found = await describeTargets(client, config, config.scalableTargetResourceIds);
  for (const target of found) {
    const id = target.ResourceId!;
    try {
      const saved = decodeSaved(await scalingTag(client, config, target));
      if (!saved) {
        record({ resource: id, outcome: 'skipped', reason: 'nothing saved: the kill switch did not change it' });
        continue;
      }
      const details = { minCapacity: Number(saved.min), maxCapacity: Number(saved.max) };
      if (config.dryRun) {
        record({ resource: id, outcome: 'would-restore', reason: `would set min ${saved.min}, max ${saved.max} and resume scheduled scaling`, details });
        continue;
      }
      await withRetry(() => client.send(new RegisterScalableTargetCommand({
        ServiceNamespace: 'sagemaker', ScalableDimension: VARIANT_DIMENSION, ResourceId: id,
        MinCapacity: Number(saved.min), MaxCapacity: Number(saved.max), SuspendedState: { ScheduledScalingSuspended: false },
      })), config.retry);
      await withRetry(() => client.send(new UntagScalingCommand({ ResourceARN: target.ScalableTargetARN, TagKeys: [SAVED_TAG_KEY] })), config.retry);
      record({ resource: id, outcome: 'restored', reason: `min ${saved.min}, max ${saved.max}, scheduled scaling resumed`, details });
    } catch (error) {
      record({ resource: id, outcome: 'failed', reason: messageOf(error) });
    }
  }
}

async function endpointSavedTag(client: SageMakerClient, config: KillSwitchConfig, arn: string): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await withRetry(() => client.send(new ListTagsCommand({ ResourceArn: arn, NextToken: nextToken })), config.retry);
    const tag = (page.Tags ?? []).find(t => t.Key === SAVED_TAG_KEY);
    if (tag) return tag.Value;
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

async function scaleFixedEndpointsDown(config: KillSwitchConfig, record: Recorder, capped: Set<string>): Promise<void> {
  if (config.endpointNames.length === 0) return;
  const client = new SageMakerClient({});
  for (const name of config.endpointNames) {
    try {
      const endpoint = await withRetry(() => client.send(new DescribeEndpointCommand({ EndpointName: name })), config.retry);
      // Variants with a scalable target are capped through it; serverless variants have no instances.
      const fixed = (endpoint.ProductionVariants ?? [])
        .filter(v => !capped.has(`endpoint/${name}/variant/${v.VariantName}`) && (v.CurrentInstanceCount ?? v.DesiredInstanceCount) !== undefined)
        .filter(v => (v.DesiredInstanceCount ?? v.CurrentInstanceCount ?? 0) > 1);
      if (fixed.length === 0) {
        record({ resource: name, outcome: 'skipped', reason: 'no fixed-size variant above one instance' });
        continue;
      }
      const counts = Object.fromEntries(fixed.map(v => [v.VariantName!, v.DesiredInstanceCount ?? v.CurrentInstanceCount ?? 1]));
      const details = { variants: counts };
      if (config.dryRun) {
        record({ resource: name, outcome: 'would-scale-down', reason: `would set ${Object.keys(counts).join(', ')} to 1 instance`, details });
        continue;
      }
      if (endpoint.EndpointStatus !== 'InService') {
        record({ resource: name, outcome: 'failed', reason: `status is ${endpoint.EndpointStatus}: retried with the invocation`, details });
        continue;
      }
      if (!(await endpointSavedTag(client, config, endpoint.EndpointArn!))) {
        await withRetry(() => client.send(new AddTagsCommand({ ResourceArn: endpoint.EndpointArn, Tags: [{ Key: SAVED_TAG_KEY, Value: encodeSaved(counts) }] })), config.retry);
      }
      await withRetry(() => client.send(new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: name, DesiredWeightsAndCapacities: fixed.map(v => ({ VariantName: v.VariantName!, DesiredInstanceCount: 1 })),
      })), config.retry);
      record({ resource: name, outcome: 'scaled-down', reason: `${Object.entries(counts).map(([v, n]) => `${v} ${n} → 1`).join(', ')} instance(s)`, details });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error) });
    }
  }
}

async function restoreFixedEndpoints(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.endpointNames.length === 0) return;
  const client = new SageMakerClient({});
  for (const name of config.endpointNames) {
    try {
      const endpoint = await withRetry(() => client.send(new DescribeEndpointCommand({ EndpointName: name })), config.retry);
      const saved = decodeSaved(await endpointSavedTag(client, config, endpoint.EndpointArn!));
      if (!saved) {
        record({ resource: name, outcome: 'skipped', reason: 'nothing saved: the kill switch did not change it' });
        continue;
      }
      if (config.dryRun) {
        record({ resource: name, outcome: 'would-restore', reason: `would set ${encodeSaved(saved)}`, details: { variants: saved } });
        continue;
      }
      await withRetry(() => client.send(new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: name, DesiredWeightsAndCapacities: Object.entries(saved).map(([v, n]) => ({ VariantName: v, DesiredInstanceCount: Number(n) })),
      })), config.retry);
      await withRetry(() => client.send(new DeleteSageMakerTagsCommand({ ResourceArn: endpoint.EndpointArn, TagKeys: [SAVED_TAG_KEY] })), config.retry);
      record({ resource: name, outcome: 'restored', reason: `instances ${encodeSaved(saved)}`, details: { variants: saved } });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error) });
    }
  }
}

async function stopNotebooks(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.notebookNames.length === 0) return;
  const client = new SageMakerClient({});
  for (const name of config.notebookNames) {
    try {
      const describe = async (): Promise<string | undefined> =>
        (await withRetry(() => client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name })), config.retry)).NotebookInstanceStatus;
      let status = await describe();
      // A Pending notebook cannot be stopped yet: wait for it to be InService.
      for (let waited = 0; status === 'Pending' && !config.dryRun && waited < config.pendingWaitMs; waited += config.pendingPollMs) {
        await new Promise(resolve => setTimeout(resolve, config.pendingPollMs));
        status = await describe();
      }
      if (status === 'Pending' && !config.dryRun) {
        record({ resource: name, outcome: 'failed', reason: `still Pending after ${config.pendingWaitMs / 1000} s: retried with the invocation` });
        continue;
      }
      if (status !== 'InService' && status !== 'Pending') {
        record({ resource: name, outcome: 'skipped', reason: `status is ${status}` });
        continue;
      }
      if (config.dryRun) {
        record({ resource: name, outcome: 'would-stop', reason: `status is ${status}` });
        continue;
      }
      await withRetry(() => client.send(new StopNotebookInstanceCommand({ NotebookInstanceName: name })), config.retry);
      record({ resource: name, outcome: 'stopped', reason: 'status was InService' });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error) });
    }
  }
}

async function describeGroups(client: AutoScalingClient, config: KillSwitchConfig): Promise<AutoScalingGroup[]> {
  const found: AutoScalingGroup[] = [];
  for (let i = 0; i < config.autoScalingGroupNames.length; i += BATCH) {
    let nextToken: string | undefined;
    do {
      const page = await withRetry(() => client.send(new DescribeAutoScalingGroupsCommand({
        AutoScalingGroupNames: config.autoScalingGroupNames.slice(i, i + BATCH), NextToken: nextToken,
      })), config.retry);
      found.push(...(page.AutoScalingGroups ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return found;
}

async function scaleGroupsDown(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.autoScalingGroupNames.length === 0) return;
  const client = new AutoScalingClient({});
  const found = await describeGroups(client, config);
  for (const name of config.autoScalingGroupNames) {
    const group = found.find(g => g.AutoScalingGroupName === name);
    if (!group) {
      record({ resource: name, outcome: 'skipped', reason: 'no such Auto Scaling group (deleted or not deployed)' });
      continue;
    }
    const min = group.MinSize ?? 0;
    const details = { minSize: min, maxSize: group.MaxSize, desiredCapacity: group.DesiredCapacity };
    const suspended = (group.SuspendedProcesses ?? []).some(p => p.ProcessName === 'ScheduledActions');
    if (group.MaxSize === min && group.DesiredCapacity === min && suspended) {
      record({ resource: name, outcome: 'skipped', reason: 'already at its minimum, scheduled actions suspended', details });
      continue;
    }
    if (config.dryRun) {
      record({ resource: name, outcome: 'would-scale-down', reason: `would set desired ${group.DesiredCapacity} and max ${group.MaxSize} → ${min} and suspend scheduled actions`, details });
      continue;
    }
    try {
      if (!(group.Tags ?? []).some(t => t.Key === SAVED_TAG_KEY)) {
        await withRetry(() => client.send(new CreateOrUpdateTagsCommand({ Tags: [{
          ResourceId: name, ResourceType: 'auto-scaling-group', Key: SAVED_TAG_KEY, PropagateAtLaunch: false,
          Value: encodeSaved({ min, max: group.MaxSize ?? min, desired: group.DesiredCapacity ?? min }),
        }] })), config.retry);
      }
      await withRetry(() => client.send(new SuspendProcessesCommand({ AutoScalingGroupName: name, ScalingProcesses: ['ScheduledActions'] })), config.retry);
      await withRetry(() => client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: name, MaxSize: min, DesiredCapacity: min })), config.retry);
      record({ resource: name, outcome: 'scaled-down', reason: `desired ${group.DesiredCapacity} and max ${group.MaxSize} → ${min}, scheduled actions suspended`, details });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error), details });
    }
  }
}

async function restoreGroups(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.autoScalingGroupNames.length === 0) return;
  const client = new AutoScalingClient({});
  for (const group of await describeGroups(client, config)) {
    const name = group.AutoScalingGroupName!;
    const saved = decodeSaved((group.Tags ?? []).find(t => t.Key === SAVED_TAG_KEY)?.Value);
    if (!saved) {
      record({ resource: name, outcome: 'skipped', reason: 'nothing saved: the kill switch did not change it' });
      continue;
    }
    const details = { minSize: Number(saved.min), maxSize: Number(saved.max), desiredCapacity: Number(saved.desired) };
    if (config.dryRun) {
      record({ resource: name, outcome: 'would-restore', reason: `would set ${encodeSaved(saved)} and resume scheduled actions`, details });
      continue;
    }
    try {
      await withRetry(() => client.send(new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: name, MinSize: details.minSize, MaxSize: details.maxSize, DesiredCapacity: details.desiredCapacity,
      })), config.retry);
      await withRetry(() => client.send(new ResumeProcessesCommand({ AutoScalingGroupName: name, ScalingProcesses: ['ScheduledActions'] })), config.retry);
      await withRetry(() => client.send(new DeleteTagsCommand({ Tags: [{ ResourceId: name, ResourceType: 'auto-scaling-group', Key: SAVED_TAG_KEY }] })), config.retry);
      record({ resource: name, outcome: 'restored', reason: `${encodeSaved(saved)}, scheduled actions resumed`, details });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error), details });
    }
  }
}

async function disableRules(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.ruleNames.length === 0) return;
  const client = new EventBridgeClient({});
  for (const name of config.ruleNames) {
    try {
      const rule = await withRetry(() => client.send(new DescribeRuleCommand({ Name: name })), config.retry);
      if (rule.State !== 'ENABLED') {
        record({ resource: name, outcome: 'skipped', reason: `rule is ${rule.State}` });
        continue;
      }
      if (config.dryRun) {
        record({ resource: name, outcome: 'would-disable', reason: 'would disable the job schedule' });
        continue;
      }
      await withRetry(() => client.send(new TagRuleCommand({ ResourceARN: rule.Arn, Tags: [{ Key: SAVED_TAG_KEY, Value: 'state=ENABLED' }] })), config.retry);
      await withRetry(() => client.send(new DisableRuleCommand({ Name: name })), config.retry);
      record({ resource: name, outcome: 'disabled', reason: 'job schedule disabled' });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error) });
    }
  }
}

async function restoreRules(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.ruleNames.length === 0) return;
  const client = new EventBridgeClient({});
  for (const name of config.ruleNames) {
    try {
      const rule = await withRetry(() => client.send(new DescribeRuleCommand({ Name: name })), config.retry);
      const tags = await withRetry(() => client.send(new ListRuleTagsCommand({ ResourceARN: rule.Arn })), config.retry);
      if (decodeSaved(tags.Tags?.find(t => t.Key === SAVED_TAG_KEY)?.Value)?.state !== 'ENABLED') {
        record({ resource: name, outcome: 'skipped', reason: 'nothing saved: the kill switch did not disable it' });
        continue;
      }
      if (config.dryRun) {
        record({ resource: name, outcome: 'would-enable', reason: 'would enable the job schedule again' });
        continue;
      }
      await withRetry(() => client.send(new EnableRuleCommand({ Name: name })), config.retry);
      await withRetry(() => client.send(new UntagRuleCommand({ ResourceARN: rule.Arn, TagKeys: [SAVED_TAG_KEY] })), config.retry);
      record({ resource: name, outcome: 'enabled', reason: 'job schedule enabled again' });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error) });
    }
  }
}

async function stopExecutions(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.stateMachineArns.length === 0) return;
  const client = new SFNClient({});
  for (const arn of config.stateMachineArns) {
    let nextToken: string | undefined;
    do {
      const page = await withRetry(() => client.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING', nextToken })), config.retry);
      for (const execution of page.executions ?? []) {
        const id = execution.executionArn!;
        if (config.dryRun) {
          record({ resource: id, outcome: 'would-stop', reason: 'running execution' });
          continue;
        }
        try {
          await withRetry(() => client.send(new StopExecutionCommand({ executionArn: id, error: 'BudgetExceeded', cause: 'BudgetGuard kill switch: the budget was exceeded' })), config.retry);
          record({ resource: id, outcome: 'stopped', reason: 'running execution stopped' });
        } catch (error) {
          record({ resource: id, outcome: 'failed', reason: messageOf(error) });
        }
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
}

async function publishSummary(config: KillSwitchConfig, result: KillSwitchResult): Promise<void> {
  if (!config.topicArn) return;
  const sns = new SNSClient({});
  const what = result.action === 'restore' ? 'restored' : 'scaled down or stopped';
  try {
    await withRetry(() => sns.send(new PublishCommand({
      TopicArn: config.topicArn,
      Subject: `${GUARD}: ${result.acted} resource(s) ${result.dryRun ? 'would be ' : ''}${what}, ${result.failed} failed`,
      Message: JSON.stringify({ guard: GUARD, ...result }, null, 2),
    })), config.retry);
  } catch (error) {
    log(GUARD, { resource: config.topicArn, outcome: 'failed', reason: `publishing the summary: ${messageOf(error)}` });
  }
}
