import * as fs from 'fs';
import * as path from 'path';
import {
  Duration, Fn, RemovalPolicy, Stack, Tags, TimeZone, Token,
  aws_events as events, aws_events_targets as targets, aws_iam as iam, aws_lambda as lambda,
  aws_logs as logs, aws_sagemaker as sagemaker, aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from '../private/nag';
import { markNotebookCovered } from '../checks/notebook-coverage';
import { CostReport } from '../cost/cost-report';
import { HOURS_PER_MONTH } from '../cost/report-schema';
import type { Weekday as WeekdayName } from './weekdays';
import { handlerCode } from './private/handler-code';
import { Problems, timeZoneProblem, warn } from '../private/validation';
import { InstanceTypeUse } from '../catalog/instance-catalog';

/**
 * A day of the week. Its value is the three-letter name the stopper's Lambda reads
 * (`lib/guards/weekdays.ts`, which the handler bundles: it stays a plain string type there).
 */
export enum Weekday {
  MONDAY = 'MON',
  TUESDAY = 'TUE',
  WEDNESDAY = 'WED',
  THURSDAY = 'THU',
  FRIDAY = 'FRI',
  SATURDAY = 'SAT',
  SUNDAY = 'SUN',
}

// Compile-time check: every value of the enum is a day name the handler reads.
const VALUES_ARE_HANDLER_NAMES: `${Weekday}` extends WeekdayName ? true : never = true;
void VALUES_ARE_HANDLER_NAMES;

/** The days of a working week, Monday to Friday. */
export const WORKING_WEEK: Weekday[] = [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY];

/**
 * When people work. When a working day ends, the Lambda stops the covered notebooks still running
 * from it (for longer than the idle threshold); a notebook someone starts during the off hours is
 * left alone.
 */
export interface WorkingHours {
  /**
   * Working days.
   * @default WORKING_WEEK (Monday to Friday) - a notebook left on over the weekend is stopped on Friday night
   */
  readonly days?: Weekday[];
  /**
   * First working hour (0-23), local time in `timeZone`.
   * @default 8
   */
  readonly startHour?: number;
  /**
   * Hour the working day ends (1-24, exclusive), local time in `timeZone`.
   * @default 20
   */
  readonly endHour?: number;
  /**
   * Time zone of the hours, e.g. `TimeZone.EUROPE_PARIS`. Required: hours in UTC by accident
   * stop a notebook in California at 13:00 local time. (From JavaScript an IANA name such as
   * `'Europe/Paris'` is accepted too, and checked.)
   */
  readonly timeZone: TimeZone;
}

/** How people use the notebooks: drives the running hours the cost report expects. */
export interface NotebookWorkPattern {
  /**
   * Hours a week someone actively works in each notebook.
   * @default 50 - ten hours a day, five days a week
   */
  readonly activeHoursPerWeek?: number;
  /**
   * Working sessions a week; each leaves the notebook idle until the stopper acts.
   * @default 5
   */
  readonly sessionsPerWeek?: number;
}

/** The lifecycle configuration that stops a notebook instance from the inside. */
export interface NotebookLifecycleOptions {
  /**
   * Idle time after which the instance stops itself, judged by Jupyter's sessions and kernels.
   * @default Duration.hours(1) - at most 1 h 5 min of idle instance time per session (the check runs every 5 minutes)
   */
  readonly idleTimeout?: Duration;
  /**
   * Count a kernel with a browser tab connected as active. A tab left open over the weekend
   * then keeps the instance running.
   * @default false - only kernel activity counts, not open tabs
   */
  readonly connectedTabsKeepAlive?: boolean;
  /**
   * Count an open Jupyter terminal as active (a training run started in a terminal is not
   * visible as a kernel). Set to `false` when terminals are left open by habit.
   * @default true - an open terminal keeps the instance running
   */
  readonly openTerminalsKeepAlive?: boolean;
}

/** Options of `IdleNotebookStopper.cover`. */
export interface CoverNotebookOptions {
  /**
   * The notebook's execution role: granted `sagemaker:StopNotebookInstance` on this notebook
   * so the lifecycle script can stop it. Without it, grant that yourself.
   * @default - no grant
   */
  readonly role?: iam.IRole;
}

/** Properties of `IdleNotebookStopper`. */
export interface IdleNotebookStopperProps {
  /**
   * Outside working hours, a notebook instance running longer than this is stopped by the Lambda.
   * @default Duration.hours(2)
   */
  readonly idleThreshold?: Duration;
  /**
   * How often the Lambda checks.
   * @default Duration.hours(1) - 730 invocations a month, a few cents
   */
  readonly checkInterval?: Duration;
  /**
   * Hour (UTC, 0-23) of a nightly sweep that stops every covered running instance not exempt,
   * whatever its running time (except one a person started again after the stopper's last stop).
   * @default - no nightly sweep
   */
  readonly nightlySweepHourUtc?: number;
  /**
   * The working week, with its time zone (required: there is no silent UTC).
   */
  readonly workingHours: WorkingHours;
  /**
   * The Lambda acts only on notebook instances carrying this tag with the value `true`; its IAM
   * policy allows stopping only those (`aws:ResourceTag` condition). `cover` puts the tag on the
   * notebooks of this app; tag other notebooks yourself to opt them in.
   * @default 'cost-aware:auto-stop'
   */
  readonly optInTagKey?: string;
  /**
   * Instances carrying this tag (with any value but `false`) are never stopped.
   * @default 'cost-aware:keep-running'
   */
  readonly exemptionTagKey?: string;
  /**
   * Only log (and publish) what would be stopped.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Topic that receives a summary of each run that stopped something or failed.
   * @default - structured logs only
   */
  readonly notificationTopic?: sns.ITopic;
  /**
   * The lifecycle configuration attached to covered notebooks.
   * @default - stop after 1 hour idle
   */
  readonly lifecycle?: NotebookLifecycleOptions;
  /**
   * The working pattern the cost report assumes for covered notebooks.
   * @default - 50 active hours a week in 5 sessions
   */
  readonly workPattern?: NotebookWorkPattern;
  /**
   * Notebook instances to cover now (same as calling `cover` on each).
   * @default - none; call `cover`
   */
  readonly notebooks?: sagemaker.CfnNotebookInstance[];
  /**
   * SageMaker Studio domains whose JupyterLab apps get idle shutdown (`IdleSettings`) at the
   * lifecycle idle timeout.
   * @default - none
   */
  readonly studioDomains?: sagemaker.CfnDomain[];
}

/** The assumed run time of one stopper invocation, for the Lambda's cost line. */
const ASSUMED_SECONDS_PER_INVOCATION = 5;
/** Cron period of the lifecycle script (see scripts/on-start.sh). */
const LIFECYCLE_CHECK_MINUTES = 5;
/** Lambda memory: listing and tagging calls need little. */
const MEMORY_MB = 256;
/** The tag in which the Lambda records when it stopped an instance ("retain running" reads it). */
const STOP_TAG_KEY = 'cost-aware:stopped-by-guard';
/** The lifecycle script's heartbeat tag: `active <time>` or `idle <time>` after each check. */
const HEARTBEAT_TAG_KEY = 'cost-aware:idle-check';
/** A heartbeat this recent that saw activity keeps the Lambda away: three lifecycle checks. */
const HEARTBEAT_MAX_AGE_MINUTES = 3 * LIFECYCLE_CHECK_MINUTES;
/** Weeks in the month the report assumes: 730 h / 168 h. */
const WEEKS_PER_MONTH = HOURS_PER_MONTH / 168;

/**
 * Stops SageMaker notebook instances left running: a GPU notebook forgotten on Friday evening
 * costs the whole weekend.
 *
 * Two layers, each using the signals it can really see:
 * - a lifecycle configuration, attached to the notebooks you `cover`, that stops the instance
 *   from the inside after `lifecycle.idleTimeout` of Jupyter inactivity (kernels: busy,
 *   `last_activity`, connected tabs; open terminals; the server's own `last_activity`), read
 *   without counting as activity, run by cron as `ec2-user`; each check leaves a heartbeat tag;
 * - a Lambda on a schedule that acts only on instances tagged `optInTagKey=true` (`cover` adds
 *   the tag; its IAM policy requires it): when a working day ends, it stops those still running
 *   from it for longer than `idleThreshold`, unless their heartbeat saw activity a few minutes
 *   ago; an instance someone starts during the off hours, or again after a stop, is left alone
 *   (retain running). Optionally it stops every covered instance at a nightly sweep. Instances
 *   tagged with `exemptionTagKey` are never touched; stale events are dropped.
 *
 * The report prices covered notebooks at the hours of the stated work pattern plus the idle
 * tail after each session, instead of 730 hours a month.
 */
export class IdleNotebookStopper extends Construct {
  /** The days of a working week, Monday to Friday (`WORKING_WEEK`, for every jsii language). */
  public static readonly WORKING_WEEK: Weekday[] = [...WORKING_WEEK];

  /** The Lambda function that stops idle instances. */
  public readonly function: lambda.IFunction;
  /** Its execution role. */
  public readonly role: iam.Role;
  /** Its log group (structured JSON lines, one per decision). */
  public readonly logGroup: logs.LogGroup;
  /** The schedule of the idle check. */
  public readonly schedule: events.Rule;
  /** The nightly sweep's schedule, when there is one. */
  public readonly nightlySweep?: events.Rule;
  /** The lifecycle configuration attached to covered notebooks. */
  public readonly lifecycleConfig: sagemaker.CfnNotebookInstanceLifecycleConfig;
  /** The exemption tag key. */
  public readonly exemptionTagKey: string;
  /** The opt-in tag key: only instances tagged `<key>=true` are stopped by the Lambda. */
  public readonly optInTagKey: string;

  private readonly idleThreshold: Duration;
  private readonly checkInterval: Duration;
  private readonly lifecycleIdleTimeout: Duration;
  private readonly activeHoursPerWeek: number;
  private readonly sessionsPerWeek: number;
  private readonly covered: sagemaker.CfnNotebookInstance[] = [];

  constructor(scope: Construct, id: string, props: IdleNotebookStopperProps) {
    super(scope, id);
    this.idleThreshold = props.idleThreshold ?? Duration.hours(2);
    this.checkInterval = props.checkInterval ?? Duration.hours(1);
    this.lifecycleIdleTimeout = props.lifecycle?.idleTimeout ?? Duration.hours(1);
    this.activeHoursPerWeek = props.workPattern?.activeHoursPerWeek ?? 50;
    this.sessionsPerWeek = props.workPattern?.sessionsPerWeek ?? 5;
    this.exemptionTagKey = props.exemptionTagKey ?? 'cost-aware:keep-running';
    this.optInTagKey = props.optInTagKey ?? 'cost-aware:auto-stop';
    const zone: unknown = props.workingHours?.timeZone;
    if (zone === undefined || zone === null || zone === '') {
      throw new Error(`Invalid IdleNotebookStopper props at ${this.node.path}:\n  - workingHours.timeZone is required (e.g. TimeZone.EUROPE_PARIS), `
        + `got: ${props.workingHours ? 'none' : 'no workingHours'}; the stopper never assumes UTC`);
    }
    // What the Lambda reads (WORKING_HOURS): day names and the time zone's IANA name.
    const workingHours: HandlerWorkingHours = {
      days: props.workingHours.days ?? WORKING_WEEK,
      startHour: props.workingHours.startHour ?? 8,
      endHour: props.workingHours.endHour ?? 20,
      timeZone: typeof zone === 'string' ? zone : (zone as TimeZone).timezoneName,
    };
    validate(props, workingHours, this);

    const stack = Stack.of(this);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'IdleNotebookStopper: lists, reads tags of and stops SageMaker notebook instances',
    });
    const notebooks = stack.formatArn({ service: 'sagemaker', resource: 'notebook-instance', resourceName: '*' });
    const optedIn = { [`aws:ResourceTag/${this.optInTagKey}`]: 'true' };
    // ListNotebookInstances has no resource-level permission: it needs Resource "*".
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sagemaker:ListNotebookInstances'], resources: ['*'] }));
    // Reading tags is how it finds the opted-in instances: read-only.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sagemaker:ListTags'], resources: [notebooks] }));
    // Acting is allowed only on the instances that carry the opt-in tag.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['sagemaker:StopNotebookInstance', 'sagemaker:DescribeNotebookInstance'],
      resources: [notebooks],
      conditions: { StringEquals: optedIn },
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['sagemaker:AddTags'],
      resources: [notebooks],
      conditions: { 'StringEquals': optedIn, 'ForAllValues:StringEquals': { 'aws:TagKeys': [STOP_TAG_KEY] } },
    }));
    this.logGroup.grantWrite(this.role);
    acknowledgeWildcards(this.role, 'sagemaker:ListNotebookInstances has no resource-level permission (Resource "*"); ListTags on '
      + 'notebook-instance/* is read-only and is how the stopper finds opted-in instances; StopNotebookInstance, DescribeNotebookInstance '
      + `and AddTags (of its stop-time tag only) are conditioned on the opt-in tag ${this.optInTagKey}=true; `
      + 'kms:GenerateDataKey* is what Topic.grantPublish needs for an encrypted topic',
    [/^Resource::\*$/, /:notebook-instance\/\*$/, /^Action::kms:GenerateDataKey\*$/]);

    const fn = new lambda.Function(this, 'Function', {
      code: handlerCode('idle-notebook-stopper'),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: MEMORY_MB,
      timeout: Duration.minutes(5),
      // One run at a time: a slow sweep never races the next.
      reservedConcurrentExecutions: 1,
      role: this.role,
      logGroup: this.logGroup,
      description: 'Stops SageMaker notebook instances left running outside working hours (cdk-cost-aware-inference)',
      environment: {
        IDLE_THRESHOLD_MINUTES: String(this.idleThreshold.toMinutes()),
        CHECK_INTERVAL_MINUTES: String(this.checkInterval.toMinutes()),
        OPT_IN_TAG_KEY: this.optInTagKey,
        EXEMPT_TAG_KEY: this.exemptionTagKey,
        STOP_TAG_KEY: STOP_TAG_KEY,
        HEARTBEAT_TAG_KEY: HEARTBEAT_TAG_KEY,
        HEARTBEAT_MAX_AGE_MINUTES: String(HEARTBEAT_MAX_AGE_MINUTES),
        DRY_RUN: String(props.dryRun ?? false),
        WORKING_HOURS: JSON.stringify(workingHours),
        ...(props.notificationTopic ? { TOPIC_ARN: props.notificationTopic.topicArn } : {}),
      },
    });
    this.function = fn;
    props.notificationTopic?.grantPublish(this.role);

    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'IdleNotebookStopper: idle check',
      schedule: events.Schedule.rate(this.checkInterval),
      targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ mode: 'idle', time: events.EventField.time }), retryAttempts: 2 })],
    });
    if (props.nightlySweepHourUtc !== undefined) {
      this.nightlySweep = new events.Rule(this, 'NightlySweep', {
        description: 'IdleNotebookStopper: nightly sweep',
        schedule: events.Schedule.cron({ minute: '0', hour: String(props.nightlySweepHourUtc) }),
        targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ mode: 'sweep', time: events.EventField.time }), retryAttempts: 2 })],
      });
    }

    this.lifecycleConfig = new sagemaker.CfnNotebookInstanceLifecycleConfig(this, 'LifecycleConfig', {
      onStart: [{ content: Fn.base64(onStartScript(this.lifecycleIdleTimeout, props.lifecycle?.connectedTabsKeepAlive ?? false,
        props.lifecycle?.openTerminalsKeepAlive ?? true)) }],
    });

    // The Lambda's own cost: requests and GB-seconds at the stated run time.
    // Lambda bills requests and duration in GB-seconds (https://aws.amazon.com/lambda/pricing/).
    const invocations = HOURS_PER_MONTH * 60 / this.checkInterval.toMinutes() + (props.nightlySweepHourUtc !== undefined ? HOURS_PER_MONTH / 24 : 0);
    CostReport.of(this).recordMeteredUsage(fn.node.defaultChild as lambda.CfnFunction, {
      quantities: { requests: round(invocations), duration: round(invocations * ASSUMED_SECONDS_PER_INVOCATION * MEMORY_MB / 1024) },
      assumptions: [
        `${round(invocations)} invocations a month (every ${this.checkInterval.toHumanString()}`
          + `${props.nightlySweepHourUtc !== undefined ? ', plus a nightly sweep' : ''})`,
        `${ASSUMED_SECONDS_PER_INVOCATION} s per invocation at ${MEMORY_MB} MB`,
      ],
    });

    for (const domain of props.studioDomains ?? []) this.coverStudioDomain(domain);
    for (const notebook of props.notebooks ?? []) this.cover(notebook);
  }

  /**
   * Attaches the lifecycle configuration to a notebook instance (unless it already has its
   * own, which is kept: the Lambda still covers it) and records the running hours the work
   * pattern implies, so the report prices the notebook at those hours instead of all month.
   */
  public cover(notebook: sagemaker.CfnNotebookInstance, options: CoverNotebookOptions = {}): void {
    if (this.covered.includes(notebook)) return;
    // A type notebooks are not offered on fails at deploy; the stopper is where our code first sees the notebook.
    const problems = new Problems('IdleNotebookStopper', this);
    problems.instanceType(`notebooks (${notebook.node.path}).instanceType`, notebook.instanceType, InstanceTypeUse.NOTEBOOK);
    problems.throwIfAny();
    this.covered.push(notebook);
    const existing = notebook.lifecycleConfigName;
    const withScript = existing === undefined;
    if (withScript) {
      notebook.lifecycleConfigName = this.lifecycleConfig.attrNotebookInstanceLifecycleConfigName;
    } else {
      warn(notebook, 'NotebookHasLifecycleConfig',
        `${notebook.node.path} already has a lifecycle configuration: IdleNotebookStopper keeps it and covers the notebook with its Lambda only `
        + '(stops after the idle threshold outside working hours). Add auto-stop-idle.py to your own OnStart script to stop it sooner.');
    }
    // Opts it in: the Lambda's IAM policy lets it stop only instances with this tag.
    Tags.of(notebook).add(this.optInTagKey, 'true');
    if (options.role) {
      options.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['sagemaker:StopNotebookInstance'],
        resources: [notebook.attrNotebookInstanceArn],
      }));
      // The lifecycle script's heartbeat, which the Lambda reads; no other tag.
      options.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['sagemaker:AddTags'],
        resources: [notebook.attrNotebookInstanceArn],
        conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [HEARTBEAT_TAG_KEY] } },
      }));
    }
    const tailMinutes = withScript
      ? this.lifecycleIdleTimeout.toMinutes() + LIFECYCLE_CHECK_MINUTES
      : this.idleThreshold.toMinutes() + this.checkInterval.toMinutes();
    const hoursPerWeek = this.activeHoursPerWeek + this.sessionsPerWeek * tailMinutes / 60;
    const runningHoursPerMonth = Math.min(HOURS_PER_MONTH, hoursPerWeek * WEEKS_PER_MONTH);
    CostReport.of(this).recordNotebookUsage(notebook, {
      runningHoursPerMonth,
      assumptions: [
        `work pattern: ${this.activeHoursPerWeek} active h/week in ${this.sessionsPerWeek} sessions`,
        withScript
          ? `the lifecycle script stops it ${tailMinutes} min after each session (idle timeout ${this.lifecycleIdleTimeout.toHumanString()} + ${LIFECYCLE_CHECK_MINUTES} min check)`
          : `no lifecycle script (it has its own): the Lambda stops it at most ${tailMinutes} min after a session ends outside working hours`,
        `${round(hoursPerWeek)} h/week × ${round(WEEKS_PER_MONTH)} weeks = ${round(runningHoursPerMonth)} h/month, instead of ${HOURS_PER_MONTH} h left running`,
      ],
    });
    // The checks pack's idle-notebook rule counts it as covered.
    markNotebookCovered(notebook, this);
  }

  /** Sets idle shutdown of a SageMaker Studio domain's JupyterLab apps to the lifecycle idle timeout. */
  public coverStudioDomain(domain: sagemaker.CfnDomain): void {
    const minutes = this.lifecycleIdleTimeout.toMinutes();
    domain.addPropertyOverride('DefaultUserSettings.JupyterLabAppSettings.AppLifecycleManagement.IdleSettings', {
      LifecycleManagement: 'ENABLED',
      IdleTimeoutInMinutes: minutes,
      MinIdleTimeoutInMinutes: Math.min(60, minutes),
      MaxIdleTimeoutInMinutes: Math.max(minutes, this.idleThreshold.toMinutes()),
    });
  }

  /** The notebook instances covered so far. */
  public get coveredNotebooks(): sagemaker.CfnNotebookInstance[] {
    return [...this.covered];
  }

  /** Grants permission to invoke the stopper (for example a manual sweep from a runbook). */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvoke(grantee);
  }
}

/** The OnStart script: the shipped shell template with the shipped Python script embedded. */
export function onStartScript(idleTimeout: Duration, connectedTabsKeepAlive: boolean, openTerminalsKeepAlive = true): string {
  const dir = path.join(__dirname, 'scripts');
  const python = fs.readFileSync(path.join(dir, 'auto-stop-idle.py'), 'utf-8').trimEnd();
  const flags = [
    ...(connectedTabsKeepAlive ? [] : ['--ignore-connections']),
    ...(openTerminalsKeepAlive ? [] : ['--ignore-terminals']),
    '--heartbeat-tag', HEARTBEAT_TAG_KEY,
  ];
  return fs.readFileSync(path.join(dir, 'on-start.sh'), 'utf-8')
    .replace('__PYTHON_SCRIPT__', () => python)
    .split('__IDLE_MINUTES__').join(String(idleTimeout.toMinutes()))
    .replace('__FLAGS__', flags.join(' '));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The working hours as the Lambda reads them. */
interface HandlerWorkingHours {
  readonly days: Weekday[];
  readonly startHour: number;
  readonly endHour: number;
  readonly timeZone: string;
}

function validate(props: IdleNotebookStopperProps, hours: HandlerWorkingHours, scope: Construct): void {
  const problems = new Problems('IdleNotebookStopper', scope);
  const minutes = (d: Duration | undefined): number | undefined => (d === undefined || Token.isUnresolved(d.toSeconds()) ? undefined : d.toMinutes({ integral: false }));
  const threshold = minutes(props.idleThreshold);
  if (threshold !== undefined && (threshold < 15 || !Number.isInteger(threshold))) {
    problems.add(`idleThreshold must be a whole number of minutes, at least 15, got: ${props.idleThreshold!.toHumanString()}`);
  }
  const interval = minutes(props.checkInterval);
  if (interval !== undefined && (interval < 5 || interval > 24 * 60 || !Number.isInteger(interval))) {
    problems.add(`checkInterval must be a whole number of minutes between 5 minutes and 24 hours, got: ${props.checkInterval!.toHumanString()}`);
  }
  const idle = minutes(props.lifecycle?.idleTimeout);
  if (idle !== undefined && (idle < 10 || !Number.isInteger(idle))) {
    problems.add(`lifecycle.idleTimeout must be a whole number of minutes, at least 10, got: ${props.lifecycle!.idleTimeout!.toHumanString()}`);
  }
  if (idle !== undefined && (props.studioDomains?.length ?? 0) > 0 && idle < 60) {
    problems.add(`lifecycle.idleTimeout must be at least 60 minutes when studioDomains are given (Studio idle shutdown minimum), got: ${idle}`);
  }
  const sweep = props.nightlySweepHourUtc;
  if (sweep !== undefined && problems.number('nightlySweepHourUtc', sweep) && !(Number.isInteger(sweep) && sweep >= 0 && sweep <= 23)) {
    problems.add(`nightlySweepHourUtc must be an integer from 0 to 23, got: ${sweep}`);
  }
  if (!Array.isArray(hours.days)) {
    problems.add(`workingHours.days must be a list of Weekday values, got: ${JSON.stringify(hours.days)}`);
  } else {
    if (hours.days.length === 0) problems.add('workingHours.days must name at least one day, got: []');
    hours.days.forEach((d, i) => problems.oneOf(`workingHours.days[${i}]`, d, Weekday, 'Weekday'));
    const twice = hours.days.filter((d, i) => hours.days.indexOf(d) !== i);
    if (twice.length > 0) problems.add(`workingHours.days must name each day once, got twice: ${[...new Set(twice)].join(', ')}`);
  }
  if (problems.number('workingHours.startHour', hours.startHour) && !(Number.isInteger(hours.startHour) && hours.startHour >= 0 && hours.startHour <= 23)) {
    problems.add(`workingHours.startHour must be an integer from 0 to 23, got: ${hours.startHour}`);
  }
  if (problems.number('workingHours.endHour', hours.endHour) && !(Number.isInteger(hours.endHour) && hours.endHour > hours.startHour && hours.endHour <= 24)) {
    problems.add(`workingHours.endHour must be an integer after startHour (${hours.startHour}) and at most 24, got: ${hours.endHour}`);
  }
  const zone = timeZoneProblem(hours.timeZone);
  if (zone) problems.add(`workingHours.timeZone ${zone}`);
  const pattern = props.workPattern;
  if (pattern?.activeHoursPerWeek !== undefined && problems.number('workPattern.activeHoursPerWeek', pattern.activeHoursPerWeek) && !(pattern.activeHoursPerWeek >= 0 && pattern.activeHoursPerWeek <= 168)) {
    problems.add(`workPattern.activeHoursPerWeek must be between 0 and 168, got: ${pattern.activeHoursPerWeek}`);
  }
  if (pattern?.sessionsPerWeek !== undefined && problems.number('workPattern.sessionsPerWeek', pattern.sessionsPerWeek) && !(pattern.sessionsPerWeek >= 0)) {
    problems.add(`workPattern.sessionsPerWeek must be 0 or more, got: ${pattern.sessionsPerWeek}`);
  }
  if (props.exemptionTagKey !== undefined && props.exemptionTagKey.trim() === '') problems.add('exemptionTagKey must not be empty, got: ""');
  if (props.optInTagKey !== undefined && props.optInTagKey.trim() === '') problems.add('optInTagKey must not be empty, got: ""');
  problems.throwIfAny();
}
