// A minute-level oracle for the hourly capacity model (lib/cost/capacity-model.ts): it plays a
// week of traffic through target tracking as Application Auto Scaling / EC2 Auto Scaling run it,
// minute by minute (second by second for a backlog), and counts the instance-hours billed. The
// hourly model must stay within ±5% of it on every example (test/cost/capacity-model.test.ts).
//
// What it models, from the AWS documentation of target tracking ("Target tracking scaling
// policies for Application Auto Scaling", "How target tracking works" for EC2 Auto Scaling):
// - scale out when the metric is above the target for 3 consecutive one-minute datapoints, to
//   ceil(capacity × metric ÷ target), not within the scale-out cooldown of the last scale-out;
// - scale in when it is below 90% of the target for 15 consecutive datapoints, to the same
//   formula, not within the scale-in cooldown of the last scale-in;
// - new instances take `provisioningMinutes` before they serve (and, for SageMaker, before they
//   are billed: SageMaker bills in-service instances; EC2 bills from launch);
// - scheduled bounds clamp the desired capacity the minute they change.
// Asynchronous endpoints track ApproximateBacklogSizePerInstance (requests queued or in
// process ÷ instances) and wake from zero with a step policy on HasBacklogWithoutCapacity
// (2 of 2 one-minute datapoints, +1 instance), as AsyncEndpoint deploys them.

/** Bounds in force at a minute of the week. */
export type BoundsAt = (minuteOfWeek: number) => { readonly min: number; readonly max: number };

const WEEK_MINUTES = 7 * 24 * 60;

/** Options of `oracleTargetTracking`. */
export interface TargetTrackingOracleOptions {
  /** Requests per second in each of the 168 hours. */
  readonly hourlyRequestsPerSecond: number[];
  /** The load per instance the policy holds, in requests per second. */
  readonly targetPerInstance: number;
  readonly bounds: BoundsAt;
  readonly scaleOutCooldownMinutes: number;
  readonly scaleInCooldownMinutes: number;
  readonly provisioningMinutes: number;
  /** True when instances bill from launch (EC2), false from in service (SageMaker). */
  readonly billFromLaunch: boolean;
  /** The capacity at the start of the first week (the warm-up week is not counted). */
  readonly initial: number;
}

/** Instance-hours billed over the second week of two (the first settles the state). */
export function oracleTargetTracking(o: TargetTrackingOracleOptions): number {
  let ready: number[] = new Array(o.initial).fill(-Infinity); // ready-at minute of each instance
  let above = 0;
  let below = 0;
  let lastOut = -Infinity;
  let lastIn = -Infinity;
  let billed = 0;
  const resize = (desired: number, m: number): void => {
    if (desired > ready.length) {
      for (let i = ready.length; i < desired; i++) ready.push(m + o.provisioningMinutes);
    } else if (desired < ready.length) {
      // Pending instances go first, then the newest.
      ready = [...ready].sort((a, b) => a - b).slice(0, desired);
    }
  };
  for (let t = 0; t < 2 * WEEK_MINUTES; t++) {
    const m = t % WEEK_MINUTES;
    const { min, max } = o.bounds(m);
    if (ready.length < min || ready.length > max) resize(Math.min(max, Math.max(min, ready.length)), t);
    const load = o.hourlyRequestsPerSecond[Math.floor(m / 60)];
    const serving = ready.filter(r => r <= t).length;
    const metric = serving > 0 ? load / serving : load > 0 ? Infinity : 0;
    above = metric > o.targetPerInstance + 1e-9 ? above + 1 : 0;
    below = metric < 0.9 * o.targetPerInstance - 1e-9 ? below + 1 : 0;
    const wanted = Math.min(max, Math.max(min, Math.ceil(load / o.targetPerInstance - 1e-9)));
    if (above >= 3 && t - lastOut >= o.scaleOutCooldownMinutes && wanted > ready.length) {
      resize(wanted, t);
      lastOut = t;
      above = 0;
    } else if (below >= 15 && t - lastIn >= o.scaleInCooldownMinutes && wanted < ready.length) {
      resize(wanted, t);
      lastIn = t;
      below = 0;
    }
    if (t >= WEEK_MINUTES) billed += (o.billFromLaunch ? ready.length : ready.filter(r => r <= t).length) / 60;
  }
  return billed;
}

/** Options of `oracleBacklog`. */
export interface BacklogOracleOptions {
  /** Requests arriving in each of the 168 hours, spread evenly over the hour. */
  readonly hourlyRequests: number[];
  readonly processingSeconds: number;
  readonly concurrencyPerInstance: number;
  /** ApproximateBacklogSizePerInstance target. */
  readonly targetBacklogPerInstance: number;
  readonly bounds: BoundsAt;
  readonly scaleOutCooldownMinutes: number;
  readonly scaleInCooldownMinutes: number;
  /** The wake-from-zero step policy's cooldown. */
  readonly wakeCooldownMinutes: number;
  readonly provisioningMinutes: number;
}

/** Instance-hours billed (in-service instances) over the second week of two. */
export function oracleBacklog(o: BacklogOracleOptions): number {
  let ready: number[] = []; // ready-at second of each instance
  let busyUntil: number[][] = []; // per instance, the end second of each slot's request
  let queue = 0;
  let nextArrival = 0;
  let above = 0;
  let below = 0;
  let noCapacity = 0;
  let lastOut = -Infinity;
  let lastIn = -Infinity;
  let lastWake = -Infinity;
  let billed = 0;
  let backlogSum = 0;
  const resize = (desired: number, s: number): void => {
    if (desired > ready.length) {
      for (let i = ready.length; i < desired; i++) {
        ready.push(s + o.provisioningMinutes * 60);
        busyUntil.push(new Array(o.concurrencyPerInstance).fill(-1));
      }
    } else if (desired < ready.length) {
      // SageMaker drains in-flight requests back to the queue when an instance is removed: count them back.
      const order = ready.map((_r, i) => i).sort((a, b) => ready[a] - ready[b]).slice(0, desired);
      for (let i = 0; i < ready.length; i++) if (!order.includes(i)) queue += busyUntil[i].filter(e => e > s).length;
      ready = order.map(i => ready[i]);
      busyUntil = order.map(i => busyUntil[i]);
    }
  };
  const weekSeconds = WEEK_MINUTES * 60;
  for (let s = 0; s < 2 * weekSeconds; s++) {
    const w = s % weekSeconds;
    const hour = Math.floor(w / 3600);
    const r = o.hourlyRequests[hour];
    // Arrivals spread evenly: one every 3600 / r seconds.
    if (w % 3600 === 0) nextArrival = r > 0 ? s : Infinity;
    while (r > 0 && nextArrival <= s && Math.floor((nextArrival % weekSeconds) / 3600) === hour) {
      queue++;
      nextArrival += 3600 / r;
    }
    // Serve: each free slot of an in-service instance takes the next request.
    let inFlight = 0;
    ready.forEach((readyAt, i) => {
      if (readyAt > s) return;
      busyUntil[i].forEach((end, k) => {
        if (end <= s && queue > 0) {
          queue--;
          busyUntil[i][k] = s + o.processingSeconds;
        }
      });
      inFlight += busyUntil[i].filter(e => e > s).length;
    });
    backlogSum += queue + inFlight;
    if (w % 60 === 59) {
      // One-minute datapoint: the mean backlog over the minute.
      const minute = Math.floor(w / 60);
      const { min, max } = o.bounds(minute);
      const backlog = backlogSum / 60;
      backlogSum = 0;
      const serving = ready.filter(x => x <= s).length;
      noCapacity = backlog > 0 && ready.length === 0 ? noCapacity + 1 : 0;
      if (serving > 0) {
        const perInstance = backlog / serving;
        above = perInstance > o.targetBacklogPerInstance ? above + 1 : 0;
        below = perInstance < 0.9 * o.targetBacklogPerInstance ? below + 1 : 0;
      } else {
        above = 0;
        below = 0;
      }
      const wanted = Math.min(max, Math.max(min, Math.ceil(backlog / o.targetBacklogPerInstance - 1e-9)));
      if (noCapacity >= 2 && s - lastWake >= o.wakeCooldownMinutes * 60) {
        resize(Math.min(max, ready.length + 1), s);
        lastWake = s;
        noCapacity = 0;
      } else if (above >= 3 && s - lastOut >= o.scaleOutCooldownMinutes * 60 && wanted > ready.length) {
        resize(wanted, s);
        lastOut = s;
        above = 0;
      } else if (below >= 15 && s - lastIn >= o.scaleInCooldownMinutes * 60 && wanted < ready.length) {
        resize(wanted, s);
        lastIn = s;
        below = 0;
      }
      if (ready.length < min || ready.length > max) resize(Math.min(max, Math.max(min, ready.length)), s);
    }
    if (s >= weekSeconds) billed += ready.filter(x => x <= s).length / 3600;
  }
  return billed;
}
