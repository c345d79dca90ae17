import { Duration } from 'aws-cdk-lib';
import { HOURS_PER_MONTH } from '../cost/report-schema';
import { HOURS_PER_WEEK, TrafficProfile } from '../cost/traffic-profile';
import { figure } from '../cost/private/render';

/** Options of `AsyncTrafficProfile.constant`. */
export interface ConstantAsyncTrafficOptions {
  /** Requests per hour, around the clock. */
  readonly requestsPerHour: number;
  /** How long the model takes to process one request on one instance slot. */
  readonly processingTimePerRequest: Duration;
}

/**
 * How requests reach an asynchronous endpoint, for cost only: requests per hour over a
 * week (hour 0 = Monday 00:00) and how long one takes to process.
 */
export class AsyncTrafficProfile {
  /** The same number of requests every hour. */
  public static constant(options: ConstantAsyncTrafficOptions): AsyncTrafficProfile {
    requireCount('requestsPerHour', options.requestsPerHour);
    return new AsyncTrafficProfile(new Array(HOURS_PER_WEEK).fill(options.requestsPerHour), options.processingTimePerRequest,
      `constant ${figure(options.requestsPerHour)} requests/hour`);
  }

  /** 24 hourly request counts (hour 0 = midnight), the same every day. */
  public static hourly(requestsPerHourByHour: number[], processingTimePerRequest: Duration): AsyncTrafficProfile {
    if (requestsPerHourByHour.length !== 24) {
      throw new Error(`hourly async profile needs 24 values (requests in each hour of the day), got: ${requestsPerHourByHour.length}`);
    }
    requestsPerHourByHour.forEach((v, i) => requireCount(`requestsPerHourByHour[${i}]`, v));
    const week: number[] = [];
    for (let d = 0; d < 7; d++) week.push(...requestsPerHourByHour);
    return new AsyncTrafficProfile(week, processingTimePerRequest,
      `hourly profile (requests/hour by hour: ${requestsPerHourByHour.map(n => figure(n)).join(', ')})`);
  }

  /** Any `TrafficProfile` (requests per second), read as requests per hour (× 3600). */
  public static fromTrafficProfile(traffic: TrafficProfile, processingTimePerRequest: Duration): AsyncTrafficProfile {
    return new AsyncTrafficProfile(traffic.weeklyRequestsPerSecond().map(r => r * 3600), processingTimePerRequest, traffic.description);
  }

  private constructor(
    private readonly week: number[],
    /** How long one request takes to process. */
    public readonly processingTimePerRequest: Duration,
    /** The profile in words (without the processing time), as the report states it. */
    public readonly description: string,
  ) {
    if (processingTimePerRequest.toMilliseconds({ integral: false }) <= 0) {
      throw new Error(`processingTimePerRequest must be above 0 seconds, got: ${processingTimePerRequest.toHumanString()}`);
    }
  }

  /** Requests in each hour of the week (168 values, hour 0 = Monday 00:00). */
  public weeklyRequestsPerHour(): number[] {
    return [...this.week];
  }

  /** Requests in a 730-hour month. */
  public get requestsPerMonth(): number {
    return this.week.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK * HOURS_PER_MONTH;
  }
}

/** Options of `simulateAsyncCapacity`. */
export interface AsyncCapacitySimulationOptions {
  /** How requests arrive and how long each takes. */
  readonly traffic: AsyncTrafficProfile;
  /** Requests one instance processes at once (`MaxConcurrentInvocationsPerInstance`). */
  readonly concurrencyPerInstance: number;
  /** Minimum instances (0 when the endpoint scales to zero). */
  readonly minCapacity: number;
  /** Maximum instances. */
  readonly maxCapacity: number;
  /** How long an idle instance keeps running after the backlog empties before it is removed. */
  readonly scaleInTail: Duration;
}

/** What a simulated month of an asynchronous endpoint comes to. */
export interface AsyncCapacitySimulation {
  /** Average instances running in each hour of the week (168 values, fractional). */
  readonly hourlyInstances: number[];
  /** The average instance count over the week. */
  readonly averageInstances: number;
  /** Instance-hours spent processing requests in a month (requests × processing time ÷ concurrency). */
  readonly busyInstanceHoursPerMonth: number;
  /** Instance-hours in a 730-hour month, busy plus idle tails, clamped to [min, max]. */
  readonly instanceHoursPerMonth: number;
  /** Share of the week's hours in which the work exceeds what max capacity can process. */
  readonly hoursAtMaxShortfall: number;
}

/**
 * Runs an asynchronous workload hour by hour, with requests spread evenly over each hour:
 *
 * - work = requests × processing time ÷ concurrency per instance (instance-hours);
 * - when requests arrive closer together than processing time + scale-in tail, the endpoint
 *   never scales in within the hour: max(1, work) instances run all hour, and the last busy
 *   hour before a quiet one leaves an instance running for the tail;
 * - when they are further apart, each request wakes an instance from zero that runs for the
 *   processing time plus the tail;
 * - the result is clamped to [min, max].
 *
 * Instance start-up while requests wait is not billed (SageMaker bills in-service instances).
 */
export function simulateAsyncCapacity(options: AsyncCapacitySimulationOptions): AsyncCapacitySimulation {
  const requests = options.traffic.weeklyRequestsPerHour();
  const processingSeconds = options.traffic.processingTimePerRequest.toMilliseconds({ integral: false }) / 1000;
  const tailSeconds = options.scaleInTail.toMilliseconds({ integral: false }) / 1000;
  const raw: number[] = [];
  let busySum = 0;
  let shortfall = 0;
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    const r = requests[h];
    const work = r * processingSeconds / (options.concurrencyPerInstance * 3600);
    busySum += work;
    if (work > options.maxCapacity) shortfall++;
    if (r === 0) {
      raw.push(0);
    } else if (r * (processingSeconds + tailSeconds) >= 3600) {
      raw.push(Math.max(1, work));
    } else {
      raw.push(r * (processingSeconds + tailSeconds) / 3600);
    }
  }
  // The tail after a continuously busy hour runs into the next hour when that one is quiet.
  const withTail = raw.map((v, h) => {
    const prev = (h + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK;
    const prevContinuous = requests[prev] * (processingSeconds + tailSeconds) >= 3600;
    return requests[h] === 0 && prevContinuous ? tailSeconds / 3600 : v;
  });
  const hourly = withTail.map(v => Math.min(options.maxCapacity, Math.max(options.minCapacity, v)));
  const average = hourly.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK;
  return {
    hourlyInstances: hourly,
    averageInstances: average,
    busyInstanceHoursPerMonth: busySum / HOURS_PER_WEEK * HOURS_PER_MONTH,
    instanceHoursPerMonth: average * HOURS_PER_MONTH,
    hoursAtMaxShortfall: shortfall / HOURS_PER_WEEK,
  };
}

function requireCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a finite number of requests per hour, 0 or more, got: ${value}`);
}
