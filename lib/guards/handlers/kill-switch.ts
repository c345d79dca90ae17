// The BudgetGuard kill switch: when the budget's kill-switch notification fires (an SNS message
// from AWS Budgets), scale this app's spend down to its floor. It acts only on the resources the
// construct listed in its environment, never on the rest of the account:
//   - SageMaker endpoint variants with a scalable target: max capacity set to the min capacity,
//     so Application Auto Scaling scales in at once and cannot scale out again;
//   - notebook instances: stopped;
//   - Auto Scaling groups of accelerated instances: max size and desired capacity set to min size.
// The next deployment of the stack restores the template's capacities.
import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, RegisterScalableTargetCommand, ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { AutoScalingClient, AutoScalingGroup, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeNotebookInstanceCommand, SageMakerClient, StopNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { envFlag, envJson, GuardAction, log, messageOf, RetryOptions, retryFromEnv, withRetry } from './shared';

/** What the kill switch acts on and how (from its environment in Lambda). */
export interface KillSwitchConfig {
  /** `endpoint/<name>/variant/<variant>` resource ids of the app's SageMaker scalable targets. */
  readonly scalableTargetResourceIds: string[];
  /** The app's notebook instance names. */
  readonly notebookNames: string[];
  /** The app's Auto Scaling groups of accelerated instances. */
  readonly autoScalingGroupNames: string[];
  /** Only report what would be done. */
  readonly dryRun: boolean;
  /**
   * False when the budget amount left out unpriced lines (`allowUnpricedLines`): the budget may be
   * too small to mean anything, so the kill switch reports and changes nothing.
   */
  readonly armed: boolean;
  /** Topic that receives a summary of what was done. */
  readonly topicArn?: string;
  /** Retry settings for throttled calls. */
  readonly retry: RetryOptions;
}

/** What one run did. */
export interface KillSwitchResult {
  readonly dryRun: boolean;
  readonly acted: number;
  readonly skipped: number;
  readonly failed: number;
  readonly actions: GuardAction[];
}

const GUARD = 'BudgetGuardKillSwitch';
const VARIANT_DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
/** DescribeScalableTargets and DescribeAutoScalingGroups take at most 50 names a call. */
const BATCH = 50;

/** The configuration from the Lambda's environment (set by the construct). */
export function configFromEnv(): KillSwitchConfig {
  return {
    scalableTargetResourceIds: envJson<string[]>('SCALABLE_TARGETS', []),
    notebookNames: envJson<string[]>('NOTEBOOKS', []),
    autoScalingGroupNames: envJson<string[]>('AUTO_SCALING_GROUPS', []),
    dryRun: envFlag('DRY_RUN', false),
    armed: envFlag('ARMED', true),
    topicArn: process.env.TOPIC_ARN || undefined,
    retry: retryFromEnv(),
  };
}

/** Lambda entry point (subscribed to the kill-switch topic). */
export async function handler(event: { Records?: Array<{ Sns?: { Subject?: string } }> } = {}): Promise<KillSwitchResult> {
  const subject = event.Records?.[0]?.Sns?.Subject;
  log(GUARD, { resource: 'budget', outcome: 'triggered', reason: subject ?? 'invoked without an SNS record' });
  const result = await killSwitch(configFromEnv());
  if (result.failed > 0) throw new Error(`${result.failed} kill-switch action(s) failed; see the log lines with outcome "failed"`);
  return result;
}

/** Scales every listed resource down to its minimum; each resource is handled on its own. */
export async function killSwitch(config: KillSwitchConfig): Promise<KillSwitchResult> {
  const actions: GuardAction[] = [];
  const record = (action: GuardAction): void => {
    actions.push(action);
    log(GUARD, { ...action, details: { dryRun: config.dryRun, ...action.details } });
  };
  if (!config.armed) {
    record({ resource: 'budget', outcome: 'not-armed', reason: 'the budget amount leaves out unpriced lines (allowUnpricedLines): nothing is changed' });
    const result: KillSwitchResult = { dryRun: config.dryRun, acted: 0, skipped: 0, failed: 0, actions };
    await publishSummary(config, result);
    return result;
  }
  await guarded('scalable targets', record, () => scaleEndpointsDown(config, record));
  await guarded('notebook instances', record, () => stopNotebooks(config, record));
  await guarded('auto scaling groups', record, () => scaleGroupsDown(config, record));

  const acted = actions.filter(a => a.outcome === 'scaled-down' || a.outcome === 'stopped' || a.outcome.startsWith('would-')).length;
  const result: KillSwitchResult = {
    dryRun: config.dryRun, acted, skipped: actions.filter(a => a.outcome === 'skipped').length,
    failed: actions.filter(a => a.outcome === 'failed').length, actions,
  };
  await publishSummary(config, result);
  return result;
}

type Recorder = (action: GuardAction) => void;

/** Runs one family of actions; a failure to even list them is recorded, and the others still run. */
async function guarded(what: string, record: Recorder, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    record({ resource: what, outcome: 'failed', reason: `listing ${what}: ${messageOf(error)}` });
  }
}

async function scaleEndpointsDown(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.scalableTargetResourceIds.length === 0) return;
  const client = new ApplicationAutoScalingClient({});
  const found: ScalableTarget[] = [];
  for (let i = 0; i < config.scalableTargetResourceIds.length; i += BATCH) {
    const ids = config.scalableTargetResourceIds.slice(i, i + BATCH);
    let nextToken: string | undefined;
    do {
      const page = await withRetry(() => client.send(new DescribeScalableTargetsCommand({
        ServiceNamespace: 'sagemaker', ScalableDimension: VARIANT_DIMENSION, ResourceIds: ids, NextToken: nextToken,
      })), config.retry);
      found.push(...(page.ScalableTargets ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
  }
  for (const id of config.scalableTargetResourceIds) {
    const target = found.find(t => t.ResourceId === id);
    if (!target) {
      record({ resource: id, outcome: 'skipped', reason: 'no scalable target registered (endpoint deleted or not deployed)' });
      continue;
    }
    const min = target.MinCapacity ?? 0;
    const details = { minCapacity: min, maxCapacity: target.MaxCapacity };
    if (target.MaxCapacity === min) {
      record({ resource: id, outcome: 'skipped', reason: 'max capacity already equals min capacity', details });
      continue;
    }
    if (config.dryRun) {
      record({ resource: id, outcome: 'would-scale-down', reason: `would set max capacity ${target.MaxCapacity} → ${min}`, details });
      continue;
    }
    try {
      await withRetry(() => client.send(new RegisterScalableTargetCommand({
        ServiceNamespace: 'sagemaker', ScalableDimension: VARIANT_DIMENSION, ResourceId: id, MinCapacity: min, MaxCapacity: min,
      })), config.retry);
      record({ resource: id, outcome: 'scaled-down', reason: `max capacity ${target.MaxCapacity} → ${min}`, details });
    } catch (error) {
      record({ resource: id, outcome: 'failed', reason: messageOf(error), details });
    }
  }
}

async function stopNotebooks(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.notebookNames.length === 0) return;
  const client = new SageMakerClient({});
  for (const name of config.notebookNames) {
    try {
      const described = await withRetry(() => client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name })), config.retry);
      const status = described.NotebookInstanceStatus;
      if (status !== 'InService' && status !== 'Pending') {
        record({ resource: name, outcome: 'skipped', reason: `status is ${status}` });
        continue;
      }
      if (config.dryRun) {
        record({ resource: name, outcome: 'would-stop', reason: `status is ${status}` });
        continue;
      }
      await withRetry(() => client.send(new StopNotebookInstanceCommand({ NotebookInstanceName: name })), config.retry);
      record({ resource: name, outcome: 'stopped', reason: `status was ${status}` });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error) });
    }
  }
}

async function scaleGroupsDown(config: KillSwitchConfig, record: Recorder): Promise<void> {
  if (config.autoScalingGroupNames.length === 0) return;
  const client = new AutoScalingClient({});
  const found: AutoScalingGroup[] = [];
  for (let i = 0; i < config.autoScalingGroupNames.length; i += BATCH) {
    const names = config.autoScalingGroupNames.slice(i, i + BATCH);
    let nextToken: string | undefined;
    do {
      const page = await withRetry(() => client.send(new DescribeAutoScalingGroupsCommand({
        AutoScalingGroupNames: names, NextToken: nextToken,
      })), config.retry);
      found.push(...(page.AutoScalingGroups ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
  }
  for (const name of config.autoScalingGroupNames) {
    const group = found.find(g => g.AutoScalingGroupName === name);
    if (!group) {
      record({ resource: name, outcome: 'skipped', reason: 'no such Auto Scaling group (deleted or not deployed)' });
      continue;
    }
    const min = group.MinSize ?? 0;
    const details = { minSize: min, maxSize: group.MaxSize, desiredCapacity: group.DesiredCapacity };
    if (group.MaxSize === min && group.DesiredCapacity === min) {
      record({ resource: name, outcome: 'skipped', reason: 'already at its minimum', details });
      continue;
    }
    if (config.dryRun) {
      record({ resource: name, outcome: 'would-scale-down', reason: `would set desired ${group.DesiredCapacity} and max ${group.MaxSize} → ${min}`, details });
      continue;
    }
    try {
      await withRetry(() => client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: name, MaxSize: min, DesiredCapacity: min })), config.retry);
      record({ resource: name, outcome: 'scaled-down', reason: `desired ${group.DesiredCapacity} and max ${group.MaxSize} → ${min}`, details });
    } catch (error) {
      record({ resource: name, outcome: 'failed', reason: messageOf(error), details });
    }
  }
}

async function publishSummary(config: KillSwitchConfig, result: KillSwitchResult): Promise<void> {
  if (!config.topicArn) return;
  const sns = new SNSClient({});
  try {
    await withRetry(() => sns.send(new PublishCommand({
      TopicArn: config.topicArn,
      Subject: `${GUARD}: ${result.acted} resource(s) ${result.dryRun ? 'would be ' : ''}scaled down or stopped, ${result.failed} failed`,
      Message: JSON.stringify({ guard: GUARD, ...result }, null, 2),
    })), config.retry);
  } catch (error) {
    log(GUARD, { resource: config.topicArn, outcome: 'failed', reason: `publishing the summary: ${messageOf(error)}` });
  }
}
