import { GraphResource, ResourceGraph } from '../graph/resource-graph';
import { ScheduledCapacityWindow, windowCovers } from './capacity-schedule';
import { figure } from './private/render';
import { HOURS_PER_MONTH } from './report-schema';
import { HOURS_PER_WEEK, TrafficProfile } from './traffic-profile';

/**
 * The one capacity model every pricer of instance-hours reads (endpoint config variants,
 * real-time and async, and Auto Scaling groups): a representative week of 168 hours
 * (hour 0 = Monday 00:00, in the time zone of the schedule), followed minute by minute.
 *
 * For each minute: the bounds in force (the resource's own min / max, moved by every scheduled
 * action that fired before it, construct windows and raw scheduled actions alike), and the
 * instances running: the whole instances the traffic needs that hour, clamped to those bounds;
 * without traffic, the desired / initial capacity as the schedule moves it. Each hour's figure
 * is the mean of its 60 minutes, so an action at 08:30 counts half an hour on each side.
 *
 * - floor = the least the bounds allow, hour by hour (Σ min in force);
 * - expected = the instances running, hour by hour;
 * - ceiling = the most the bounds allow, hour by hour (Σ max in force).
 *
 * The week repeats: the bounds at Monday 00:00 are those the last action of the week left.
 */

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;
/** Minutes in the representative week. */
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** A scheduled change of capacity bounds, at the minutes of the week it fires. */
export interface BoundsChange {
  /** The action in words (its name and recurrence), as the report states it. */
  readonly label: string;
  /** The minutes of the week it fires at (0 = Monday 00:00 in the model's time zone). */
  readonly minutes: number[];
  /** The minimum it sets. @default - unchanged */
  readonly min?: number;
  /** The maximum it sets. @default - unchanged */
  readonly max?: number;
  /** The desired capacity it sets (EC2 Auto Scaling). @default - unchanged */
  readonly desired?: number;
}

/** Options of `capacityWeek`. */
export interface CapacityWeekOptions {
  /** The resource's own minimum (MinSize / MinCapacity), in force until an action moves it. */
  readonly minCapacity: number;
  /** The resource's own maximum. */
  readonly maxCapacity: number;
  /**
   * The capacity the resource starts with (DesiredCapacity, InitialInstanceCount): expected
   * without traffic, as the schedule moves it.
   */
  readonly initialCapacity: number;
  /** Scheduled changes of the bounds. @default - none */
  readonly changes?: BoundsChange[];
  /**
   * The instances the traffic needs in each of the 168 hours under the scaling policy, before
   * the bounds clamp them (whole instances for target tracking; the mean of whole instances
   * over the hour for backlog scaling). A shorter list repeats (24 values: the same every day).
   * @default - no traffic: expected follows the desired capacity
   */
  readonly hourlyDemand?: number[];
}

/** The week the capacity model gives: per hour, and as monthly instance-hours. */
export interface CapacityWeek {
  /** The minimum in force each hour (mean over its minutes). */
  readonly hourlyMin: number[];
  /** The maximum in force each hour. */
  readonly hourlyMax: number[];
  /** The instances running each hour. */
  readonly hourlyInstances: number[];
  /** Monthly instance-hours at floor / expected / ceiling (730-hour month). */
  readonly instanceHoursPerMonth: { readonly floor: number; readonly expected: number; readonly ceiling: number };
  /** The mean instances running over the week. */
  readonly averageInstances: number;
  /** Share of the week's hours in which the traffic needs more than the maximum in force. */
  readonly hoursAtMaxShortfall: number;
  /** True when some hour's bounds differ from the resource's own min / max. */
  readonly scheduled: boolean;
}

/** Runs the week. See the module comment for the rule. */
export function capacityWeek(options: CapacityWeekOptions): CapacityWeek {
  const changes = options.changes ?? [];
  // Events by minute, in the order the changes were given (a later change at the same minute wins).
  const events = new Map<number, BoundsChange[]>();
  for (const c of changes) {
    for (const m of c.minutes) {
      const k = ((m % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
      if (!events.has(k)) events.set(k, []);
      events.get(k)!.push(c);
    }
  }
  const demand = options.hourlyDemand && options.hourlyDemand.length > 0 ? options.hourlyDemand : undefined;
  let min = options.minCapacity;
  let max = options.maxCapacity;
  let current = clampTo(options.initialCapacity, min, max);
  const hourlyMin = new Array(HOURS_PER_WEEK).fill(0);
  const hourlyMax = new Array(HOURS_PER_WEEK).fill(0);
  const hourlyInstances = new Array(HOURS_PER_WEEK).fill(0);
  let shortfall = 0;
  if (events.size === 0) {
    // No scheduled change: every minute of an hour is the same, so one step per hour.
    const lo = Math.min(min, max);
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      const need = demand ? demand[h % demand.length] : 0;
      hourlyMin[h] = lo;
      hourlyMax[h] = max;
      hourlyInstances[h] = demand ? clampTo(need, lo, max) : current;
      if (demand && need > max + 1e-9) shortfall++;
    }
  }
  // Two passes: the first settles the state the week wraps around with, the second is recorded.
  for (let pass = 0; pass < (events.size === 0 ? 0 : 2); pass++) {
    for (let m = 0; m < MINUTES_PER_WEEK; m++) {
      for (const e of events.get(m) ?? []) {
        if (e.min !== undefined) min = e.min;
        if (e.max !== undefined) max = e.max;
        if (e.desired !== undefined) current = e.desired;
      }
      // A minimum above the maximum: both services refuse the action; the model takes the maximum.
      const lo = Math.min(min, max);
      current = clampTo(current, lo, max);
      if (pass === 0) continue;
      const h = Math.floor(m / MINUTES_PER_HOUR);
      const need = demand ? demand[h % demand.length] : 0;
      const running = demand ? clampTo(need, lo, max) : current;
      hourlyMin[h] += lo / MINUTES_PER_HOUR;
      hourlyMax[h] += max / MINUTES_PER_HOUR;
      hourlyInstances[h] += running / MINUTES_PER_HOUR;
      if (demand && need > max + 1e-9 && m % MINUTES_PER_HOUR === 0) shortfall++;
    }
  }
  const round = (v: number): number => Math.round(v * 1e9) / 1e9;
  const hMin = hourlyMin.map(round);
  const hMax = hourlyMax.map(round);
  const hRun = hourlyInstances.map(round);
  const monthly = (values: number[]): number => values.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK * HOURS_PER_MONTH;
  return {
    hourlyMin: hMin,
    hourlyMax: hMax,
    hourlyInstances: hRun,
    instanceHoursPerMonth: { floor: monthly(hMin), expected: monthly(hRun), ceiling: monthly(hMax) },
    averageInstances: hRun.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK,
    hoursAtMaxShortfall: shortfall / HOURS_PER_WEEK,
    scheduled: hMin.some(v => v !== options.minCapacity) || hMax.some(v => v !== options.maxCapacity),
  };
}

function clampTo(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

// ---------------------------------------------------------------------------------------------
// Demand: the instances the traffic needs, hour by hour

/**
 * Target tracking on load per instance: ceil(load ÷ target) whole instances each hour. Target
 * tracking settles on that count within minutes of a change (3 one-minute datapoints above the
 * target to scale out, 15 below 90% of it to scale in), so an hourly step is a fair model of a
 * month: the lag on the way up and the tail on the way down roughly cancel (the minute-level
 * oracle in test/cost/capacity-model.test.ts measures how far: within ±5% on every example).
 */
export function targetTrackingDemand(hourlyRequestsPerSecond: number[], targetRequestsPerSecondPerInstance: number): number[] {
  return hourlyRequestsPerSecond.map(r => Math.ceil(r / targetRequestsPerSecondPerInstance - 1e-9));
}

/** Options of `backlogDemand`. */
export interface BacklogDemandOptions {
  /** Requests arriving in each hour of the week (168 values). */
  readonly hourlyRequests: number[];
  /** Seconds one request takes on one instance slot. */
  readonly processingSeconds: number;
  /** Requests one instance processes at once. */
  readonly concurrencyPerInstance: number;
  /** The ApproximateBacklogSizePerInstance the policy holds. */
  readonly targetBacklogPerInstance: number;
  /** How long an idle instance keeps running after the backlog empties (the scale-in evaluation). */
  readonly scaleInTailSeconds: number;
  /** The most instances the endpoint may run (the wake-up burst is clamped to it). */
  readonly maxCapacity: number;
  /** The least it runs: with 0, quiet hours wake it from zero. */
  readonly minCapacity: number;
}

/**
 * Seconds a new SageMaker instance takes before it serves (and is billed: SageMaker bills
 * in-service instances). An assumption ("a few minutes"), stated on the line.
 */
export const PROVISIONING_SECONDS = 300;
/** Datapoints (one-minute) target tracking waits above target before scaling out. */
const SCALE_OUT_DATAPOINTS = 3;
/** Datapoints the wake-from-zero alarm waits (HasBacklogWithoutCapacity, 2 of 2). */
const WAKE_DATAPOINTS = 2;

/**
 * Backlog target tracking (an asynchronous endpoint), in whole instances, hour by hour.
 *
 * In a busy hour, λ requests a second each take p seconds on one of c slots: L = λ·p requests
 * are in process (ApproximateBacklogSize counts them with the queued ones) and the work needs
 * W = L ÷ c instances. Target tracking holds the backlog per instance at the target B, so it
 * settles on n = ceil(L ÷ B) whole instances, unless n cannot keep up (n ≤ W). Then the backlog
 * grows at g = λ − n·c/p until it is above n·B for 3 datapoints, and target tracking scales out
 * to ceil(backlog ÷ B) at that datapoint: Q = max(n·B, L) + 3 min·g, so N = ceil(Q ÷ B), at least
 * n + 1 and more than W, at most max. These instances serve after provisioning (the backlog has
 * reached Q + provisioning·g meanwhile), drain it until the backlog per instance is below 90% of
 * B (backlog < 0.9·B·N, at N·c/p − λ), and stay up for the 15 datapoints below 90% that scale-in
 * waits; then scale-in goes back to n and the cycle starts again. The hour's instances are the
 * mean over that cycle: (n·T_low + N·T_high) ÷ (T_low + T_high), T_low = growth time + 3 min +
 * provisioning, T_high = drain time + the 15-minute scale-in evaluation. Where the work is a
 * small excess over n (1.125 instances of work at B = 5: Q just above 5, N = n + 1 = 2, nothing
 * to drain) this is the next whole instance for 15 minutes; where it is larger (2.5 instances of
 * work with n = 1: the backlog climbs 6 a minute, Q = 23, N = 4 at max 4, ~6 minutes of draining
 * down to 18) sizing the step to floor(W) + 1 = 3 and counting the 15-minute tail alone put the
 * mean (2.30) below the work itself, 23% under the oracle. If N cannot keep up either (max ≤ W)
 * or the backlog per instance never falls below 90% of B with N (L ≥ 0.9·B·N), N stays.
 *
 * A busy hour after a quiet one with no instance pays the wake-up: requests queue while the
 * wake-from-zero alarm (2 min) and provisioning run, the queue sends target tracking to
 * ceil(queue ÷ B) instances (clamped to max) until it drains and scale-in evaluates (15 min).
 * The last busy hour before a quiet one leaves its instances running for the scale-in tail.
 *
 * When requests arrive further apart than processing time + tail, each wakes an instance from
 * zero that runs for the processing time plus the tail (a fraction of an hour, the hour's mean).
 * The minute-level oracle (test/cost/capacity-oracle.ts) checks this within ±5% on the examples.
 */
export function backlogDemand(options: BacklogDemandOptions): number[] {
  const { hourlyRequests: requests, processingSeconds: p, concurrencyPerInstance: c, scaleInTailSeconds: tail } = options;
  const B = options.targetBacklogPerInstance;
  const continuous = (r: number): boolean => r * (p + tail) >= 3600;
  const steady = (r: number): number => {
    const lambda = r / 3600;
    const inProcess = lambda * p;
    const work = inProcess / c;
    const n = Math.min(options.maxCapacity, Math.max(1, Math.ceil(inProcess / B - 1e-9)));
    if (n > work + 1e-9 || n >= options.maxCapacity) return n;
    const growth = lambda - n * c / p;
    // Exactly at capacity (evenly spaced requests): n instances keep up and the backlog never climbs.
    if (growth <= 1e-12) return n;
    const lowSeconds = Math.max(0, n * B - inProcess) / growth + SCALE_OUT_DATAPOINTS * 60 + PROVISIONING_SECONDS;
    // Scale-out sizes to the backlog at the third datapoint, ceil(backlog ÷ B), not to n + 1.
    const atScaleOut = Math.max(n * B, inProcess) + growth * SCALE_OUT_DATAPOINTS * 60;
    const high = Math.min(options.maxCapacity, Math.max(n + 1, Math.floor(work + 1e-9) + 1, Math.ceil(atScaleOut / B - 1e-9)));
    // Scale-in counts its datapoints only once the backlog per instance is below 90% of B: first
    // the high instances drain what queued while the low ones fell behind and the new ones provisioned.
    const threshold = 0.9 * B * high;
    // At max and still behind, or never below 90% of target: stays at high.
    if (high <= work + 1e-9 || inProcess >= threshold - 1e-9) return high;
    const peak = atScaleOut + growth * PROVISIONING_SECONDS;
    const drainSeconds = Math.max(0, peak - threshold) / (high * c / p - lambda);
    const highSeconds = drainSeconds + tail;
    return (n * lowSeconds + high * highSeconds) / (lowSeconds + highSeconds);
  };
  /** Extra instance-hours of waking from zero into a busy hour, over the steady mean. */
  const wakeExtra = (r: number, mean: number): number => {
    const lambda = r / 3600;
    const waitSeconds = WAKE_DATAPOINTS * 60 + PROVISIONING_SECONDS;
    const queued = lambda * waitSeconds;
    const net = lambda - c / p; // growth with one instance serving (negative: it keeps up)
    const atScaleOut = queued + net * SCALE_OUT_DATAPOINTS * 60;
    const burst = Math.min(options.maxCapacity, Math.max(1, Math.ceil(atScaleOut / B - 1e-9)));
    const oneInstanceSeconds = burst > 1 ? SCALE_OUT_DATAPOINTS * 60 + PROVISIONING_SECONDS : 0;
    let burstSeconds = 0;
    if (burst > 1) {
      const atBurst = queued + net * oneInstanceSeconds;
      const drain = burst * c / p - lambda;
      burstSeconds = Math.max(0, atBurst - lambda * p) / Math.max(drain, 1e-9) + tail;
    }
    const instanceSeconds = oneInstanceSeconds + burst * burstSeconds;
    const duration = waitSeconds + oneInstanceSeconds + burstSeconds;
    return (instanceSeconds - mean * duration) / 3600;
  };
  const raw = requests.map(r => (r === 0 ? 0 : continuous(r) ? steady(r) : r * (p + tail) / 3600));
  return raw.map((v, h) => {
    const prev = (h + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK;
    // The tail after a continuously busy hour runs into the next hour when that one is quiet.
    if (requests[h] === 0 && continuous(requests[prev])) return raw[prev] * tail / 3600;
    if (continuous(requests[h]) && requests[prev] === 0 && options.minCapacity === 0) return Math.max(0, v + wakeExtra(requests[h], v));
    return v;
  });
}

// ---------------------------------------------------------------------------------------------
// Bounds changes from construct windows and from the template's scheduled actions

/**
 * The changes a construct's scheduled windows deploy: at each start the window's bounds, at each
 * end the normal bounds back (as `windowCron` schedules them), in the windows' own time zone.
 */
export function windowChanges(windows: readonly ScheduledCapacityWindow[], minCapacity: number, maxCapacity: number): BoundsChange[] {
  const out: BoundsChange[] = [];
  for (const w of windows) {
    const starts: number[] = [];
    const ends: number[] = [];
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      const prev = (h + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK;
      if (windowCovers(w, h) && !windowCovers(w, prev)) starts.push(h * MINUTES_PER_HOUR);
      if (!windowCovers(w, h) && windowCovers(w, prev)) ends.push(h * MINUTES_PER_HOUR);
    }
    out.push({ label: `window ${w.name} start`, minutes: starts, min: w.minCapacity, max: w.maxCapacity });
    out.push({ label: `window ${w.name} end`, minutes: ends, min: minCapacity, max: maxCapacity });
  }
  return out;
}

/** Scheduled actions read from a template: the changes the model can place, and what it cannot read. */
export interface ScheduleReading {
  readonly changes: BoundsChange[];
  /** Actions left out, each with the reason, as the line states them. */
  readonly unreadable: string[];
  /** Other notes (time zones shifted into the model's). */
  readonly notes: string[];
}

/** Literal-number reader the pricers pass in (their `ctx.literal`), so tokens are judged one way. */
export type NumberReader = (value: unknown, name: string) => { ok: true; value: number } | { ok: false; reason: string };

interface RawAction {
  readonly name: string;
  /** `cron(...)`, `rate(...)`, `at(...)` (Application Auto Scaling) or a Unix cron (EC2 Auto Scaling). */
  readonly schedule: unknown;
  readonly appAutoScaling: boolean;
  readonly timeZone: unknown;
  readonly startTime: unknown;
  readonly min: unknown;
  readonly max: unknown;
  readonly desired: unknown;
}

/** The `AWS::AutoScaling::ScheduledAction` resources that act on a group, read as changes. */
export function autoScalingGroupSchedule(graph: ResourceGraph, group: GraphResource, read: NumberReader): ScheduleReading {
  const actions: RawAction[] = [];
  for (const action of graph.ofType('AWS::AutoScaling::ScheduledAction')) {
    const target = graph.link(action.properties.AutoScalingGroupName, action, 'AWS::AutoScaling::AutoScalingGroup', 'AutoScalingGroupName');
    if (target !== group) continue;
    const p = action.properties;
    actions.push({
      name: action.path, schedule: p.Recurrence, appAutoScaling: false, timeZone: p.TimeZone, startTime: p.StartTime,
      min: p.MinSize, max: p.MaxSize, desired: p.DesiredCapacity,
    });
  }
  return readActions(actions, read);
}

/** The `ScheduledActions` of an Application Auto Scaling scalable target, read as changes. */
export function scalableTargetSchedule(target: GraphResource, read: NumberReader): ScheduleReading {
  const list = target.properties.ScheduledActions;
  const actions: RawAction[] = (Array.isArray(list) ? list : []).map((a: any, i: number) => ({
    name: typeof a?.ScheduledActionName === 'string' ? a.ScheduledActionName : `#${i}`,
    schedule: a?.Schedule, appAutoScaling: true, timeZone: a?.Timezone, startTime: a?.StartTime,
    min: a?.ScalableTargetAction?.MinCapacity, max: a?.ScalableTargetAction?.MaxCapacity, desired: undefined,
  }));
  return readActions(actions, read);
}

function readActions(actions: RawAction[], read: NumberReader): ScheduleReading {
  const unreadable: string[] = [];
  const notes: string[] = [];
  const zoneOf = (a: RawAction): string => (typeof a.timeZone === 'string' && a.timeZone ? a.timeZone : 'UTC');
  // The week is read in the time zone of the first action (the traffic profile's, by the
  // TrafficProfile contract); actions in another zone are shifted by the difference.
  const reference = actions.length > 0 ? zoneOf(actions[0]) : 'UTC';
  const changes: BoundsChange[] = [];
  for (const a of actions) {
    const values: { min?: number; max?: number; desired?: number } = {};
    let bad: string | undefined;
    for (const [key, raw, prop] of [['min', a.min, a.appAutoScaling ? 'MinCapacity' : 'MinSize'], ['max', a.max, a.appAutoScaling ? 'MaxCapacity' : 'MaxSize'],
      ['desired', a.desired, 'DesiredCapacity']] as const) {
      if (raw === undefined) continue;
      const v = read(raw, `${prop}`);
      if (!v.ok) { bad = v.reason; break; }
      values[key] = v.value;
    }
    if (bad) { unreadable.push(`scheduled action ${a.name}: ${bad}`); continue; }
    if (values.min === undefined && values.max === undefined && values.desired === undefined) continue;
    const recurrence = parseRecurrence(a);
    if (typeof recurrence === 'string') { unreadable.push(`scheduled action ${a.name}: ${recurrence}`); continue; }
    const zone = zoneOf(a);
    let shift = 0;
    if (zone !== reference) {
      const offset = utcOffsetMinutes(zone);
      const refOffset = utcOffsetMinutes(reference);
      if (offset === undefined || refOffset === undefined) {
        unreadable.push(`scheduled action ${a.name}: time zone ${JSON.stringify(zone)} is not an IANA time zone this runtime knows`);
        continue;
      }
      shift = refOffset - offset;
      notes.push(`scheduled action ${a.name} is in ${zone}: shifted by ${shift} minutes into ${reference} (UTC offsets of ${REFERENCE_DATE.slice(0, 10)}; daylight saving time moves it an hour part of the year)`);
    }
    const bounds = [values.min !== undefined ? `min ${values.min}` : '', values.max !== undefined ? `max ${values.max}` : '',
      values.desired !== undefined ? `desired ${values.desired}` : ''].filter(Boolean).join(', ');
    changes.push({ label: `${a.name} (${recurrence.text} ${zone}: ${bounds})`, minutes: recurrence.minutes.map(m => m + shift), ...values });
  }
  return { changes, unreadable, notes };
}

/** A fixed date for UTC offsets, so synth is deterministic (standard time in the northern hemisphere). */
const REFERENCE_DATE = '2026-01-15T12:00:00Z';

/** The UTC offset of an IANA zone on the reference date, in minutes east of UTC. */
function utcOffsetMinutes(zone: string): number | undefined {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  try {
    const date = new Date(REFERENCE_DATE);
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    }).formatToParts(date);
    const get = (t: string): number => Number(parts.find(p => p.type === t)?.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    return Math.round((local - date.getTime()) / 60000);
  } catch {
    return undefined;
  }
}

/** The minutes of the week a recurrence fires at, with its text, or why it cannot be placed in a week. */
function parseRecurrence(a: RawAction): { minutes: number[]; text: string } | string {
  const s = a.schedule;
  if (s === undefined) {
    return a.appAutoScaling ? 'no Schedule' : `no Recurrence: a one-time action at ${JSON.stringify(a.startTime)} is not part of a representative week, not modelled`;
  }
  if (typeof s !== 'string') return `its schedule is not known at synth time (${JSON.stringify(s).slice(0, 60)})`;
  if (!a.appAutoScaling) return cronMinutes(s.trim().split(/\s+/), false, s);
  const m = /^(at|rate|cron)\((.*)\)$/.exec(s.trim());
  if (!m) return `schedule ${JSON.stringify(s)} is not at(...), rate(...) or cron(...)`;
  if (m[1] === 'at') return `${s} is a one-time action, not part of a representative week: not modelled`;
  if (m[1] === 'rate') return rateMinutes(m[2], a.startTime, s);
  return cronMinutes(m[2].trim().split(/\s+/), true, s);
}

function rateMinutes(body: string, startTime: unknown, text: string): { minutes: number[]; text: string } | string {
  const m = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/.exec(body.trim());
  if (!m) return `${text} is not a rate this model reads (rate(<n> minutes|hours|days))`;
  const step = Number(m[1]) * (m[2].startsWith('minute') ? 1 : m[2].startsWith('hour') ? MINUTES_PER_HOUR : MINUTES_PER_DAY);
  if (step < 1 || step > MINUTES_PER_WEEK) return `${text} recurs less often than weekly: not part of a representative week, not modelled`;
  // A rate counts from the action's start time; without one, from Monday 00:00 (the phase only
  // matters when other actions change the same bounds).
  let phase = 0;
  if (typeof startTime === 'string') {
    const t = Date.parse(startTime);
    if (!Number.isNaN(t)) {
      const d = new Date(t);
      phase = (((d.getUTCDay() + 6) % 7) * MINUTES_PER_DAY + d.getUTCHours() * MINUTES_PER_HOUR + d.getUTCMinutes()) % step;
    }
  }
  const minutes: number[] = [];
  for (let x = phase; x < MINUTES_PER_WEEK; x += step) minutes.push(x);
  return { minutes, text };
}

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * The minutes of the week a cron expression fires at. EC2 Auto Scaling uses Unix cron
 * (`m h dom mon dow`, Sunday = 0 or 7); Application Auto Scaling `cron(m h dom mon dow year)`
 * (Sunday = 1, `?` for "any"). Day-of-month and month restrictions do not repeat weekly: stated, not modelled.
 */
function cronMinutes(fields: string[], aws: boolean, text: string): { minutes: number[]; text: string } | string {
  if (fields.length !== (aws ? 6 : 5)) return `cron expression ${JSON.stringify(text)} does not have ${aws ? 6 : 5} fields`;
  const [minF, hourF, domF, monF, dowF, yearF] = fields;
  const any = (f: string | undefined): boolean => f === undefined || f === '*' || f === '?';
  if (!any(domF)) return `${text} recurs on days of the month (${domF}), which a representative week cannot place: not modelled`;
  if (!any(monF)) return `${text} recurs in some months only (${monF}): not modelled`;
  if (aws && !any(yearF)) return `${text} recurs in some years only (${yearF}): not modelled`;
  const minutes = cronField(minF, 0, 59);
  const hours = cronField(hourF, 0, 23);
  const days = any(dowF) ? [0, 1, 2, 3, 4, 5, 6] : cronField(dowF, aws ? 1 : 0, aws ? 7 : 7, true);
  if (!minutes || !hours || !days) return `${text} uses cron syntax this model does not read (L, W, # or an unknown name): not modelled`;
  const out: number[] = [];
  // Day of week to Monday-based index: Unix 0/7 = Sunday, AWS 1 = Sunday.
  const mondayIndex = (d: number): number => (aws ? (d + 5) % 7 : (d + 6) % 7);
  for (const d of new Set(days.map(mondayIndex))) {
    for (const h of hours) for (const m of minutes) out.push(d * MINUTES_PER_DAY + h * MINUTES_PER_HOUR + m);
  }
  return { minutes: out.sort((a, b) => a - b), text };
}

function cronField(field: string, low: number, high: number, dayOfWeek = false): number[] | undefined {
  const values = new Set<number>();
  const toNumber = (t: string): number | undefined => {
    const name = DAY_NAMES.indexOf(t.toUpperCase());
    if (dayOfWeek && name >= 0) return low === 1 ? name + 1 : name;
    return /^\d+$/.test(t) ? Number(t) : undefined;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*') {
      from = low; to = high;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = toNumber(a); to = toNumber(b);
    } else {
      from = toNumber(range);
      to = stepText === undefined ? from : high;
    }
    if (from === undefined || to === undefined || from < low || to > high || from > to) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values];
}

// ---------------------------------------------------------------------------------------------
// The constructs' view: a traffic profile through target tracking with their windows

/** Options of `simulateCapacity`. */
export interface CapacitySimulationOptions {
  /** How requests arrive. */
  readonly traffic: TrafficProfile;
  /** The load (requests per second) one instance is kept at by the scaling policy's target. */
  readonly targetRequestsPerSecondPerInstance: number;
  /** Minimum capacity outside any window. */
  readonly minCapacity: number;
  /** Maximum capacity outside any window. */
  readonly maxCapacity: number;
  /** Scheduled windows that change the bounds. */
  readonly windows?: ScheduledCapacityWindow[];
}

/** What a simulated month of autoscaling comes to. */
export interface CapacitySimulation {
  /** The whole instances the traffic needs each hour, before the bounds clamp them (168 values). */
  readonly hourlyDemand: number[];
  /** Instances running in each hour of the representative week (168 values). */
  readonly hourlyInstances: number[];
  /** The average instance count over the week. */
  readonly averageInstances: number;
  /** Instance-hours in a 730-hour month. */
  readonly instanceHoursPerMonth: number;
  /** Share of the month's hours in which demand exceeded what max capacity can serve at target. */
  readonly hoursAtMaxShortfall: number;
  /** The average load per running instance as a share of the target (0..). */
  readonly averageUtilizationOfTarget: number;
}

/**
 * A traffic profile through target tracking (`targetTrackingDemand`) and the capacity model with
 * the construct's windows: what the construct states in its assumptions. The pricer runs the same
 * model on the template's own bounds and scheduled actions.
 */
export function simulateCapacity(options: CapacitySimulationOptions): CapacitySimulation {
  const rates = options.traffic.weeklyRequestsPerSecond();
  const demand = targetTrackingDemand(rates, options.targetRequestsPerSecondPerInstance);
  const week = capacityWeek({
    minCapacity: options.minCapacity, maxCapacity: options.maxCapacity, initialCapacity: options.minCapacity,
    changes: windowChanges(options.windows ?? [], options.minCapacity, options.maxCapacity), hourlyDemand: demand,
  });
  let utilSum = 0;
  let utilHours = 0;
  week.hourlyInstances.forEach((running, h) => {
    if (running > 0) {
      utilSum += rates[h] / (running * options.targetRequestsPerSecondPerInstance);
      utilHours++;
    }
  });
  return {
    hourlyDemand: demand,
    hourlyInstances: week.hourlyInstances,
    averageInstances: week.averageInstances,
    instanceHoursPerMonth: week.instanceHoursPerMonth.expected,
    hoursAtMaxShortfall: week.hoursAtMaxShortfall,
    averageUtilizationOfTarget: utilHours ? utilSum / utilHours : 0,
  };
}

/** The capacity week in words, for a line's assumptions. */
export function describeCapacityWeek(week: CapacityWeek, reading: ScheduleReading | undefined, unit = 'instances'): string[] {
  const out: string[] = [];
  if (reading) {
    if (reading.changes.length > 0) out.push(`scheduled actions: ${reading.changes.map(c => c.label).join('; ')}`);
    out.push(...reading.notes);
    out.push(...reading.unreadable.map(u => `not modelled: ${u}`));
  }
  if (week.scheduled) {
    const ih = week.instanceHoursPerMonth;
    out.push(`hour by hour, the bounds in force: floor ${figure(ih.floor)}, ceiling ${figure(ih.ceiling)} ${unit === 'instances' ? 'instance' : 'capacity-unit'}-hours a month ` +
      `(the least and the most the schedule allows each hour)`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One production variant's week, as the pricer and the advisors both read it

/** A variant's capacity week with the bounds and schedule it came from. */
export interface VariantCapacity {
  readonly week: CapacityWeek;
  /** The scalable target's MinCapacity / MaxCapacity, else the initial count for both. */
  readonly min: number;
  readonly max: number;
  /** The scalable target that scales the variant, when there is one. */
  readonly scalingTargetPath?: string;
  /** The target's scheduled actions, read. */
  readonly reading?: ScheduleReading;
}

/**
 * The week of one production variant of an endpoint config: bounds from the Application Auto
 * Scaling target that scales it (found through the graph) and that target's `ScheduledActions`,
 * else `InitialInstanceCount` fixed; demand as recorded. Returns a reason when a bound is not a literal.
 */
export function variantCapacity(
  graph: ResourceGraph, config: GraphResource, variantName: string, initialInstanceCount: number,
  hourlyDemand: number[] | undefined, read: NumberReader,
): VariantCapacity | { readonly reason: string } {
  const scaling = graph.scalingOfVariant(config, variantName);
  let min = initialInstanceCount;
  let max = initialInstanceCount;
  let reading: ScheduleReading | undefined;
  if (scaling) {
    const lo = read(scaling.target.properties.MinCapacity, 'scalable target MinCapacity');
    const hi = read(scaling.target.properties.MaxCapacity, 'scalable target MaxCapacity');
    if (!lo.ok) return { reason: lo.reason };
    if (!hi.ok) return { reason: hi.reason };
    min = lo.value;
    max = hi.value;
    reading = scalableTargetSchedule(scaling.target, (v, n) => read(v, `scheduled ${n}`));
  }
  const week = capacityWeek({ minCapacity: min, maxCapacity: max, initialCapacity: initialInstanceCount, changes: reading?.changes, hourlyDemand });
  return { week, min, max, scalingTargetPath: scaling?.target.path, reading };
}
