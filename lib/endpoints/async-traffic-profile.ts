import { Duration } from 'aws-cdk-lib';
import { HOURS_PER_MONTH } from '../cost/report-schema';
import { HOURS_PER_WEEK, TrafficProfile } from '../cost/traffic-profile';
import { figure } from '../cost/private/render';
import { backlogDemand, capacityWeek } from '../cost/capacity-model';

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

  /**
   * Any `TrafficProfile` (requests per second), read as requests per hour (× 3600), with its
   * payload size when it states one.
   */
  public static fromTrafficProfile(traffic: TrafficProfile, processingTimePerRequest: Duration): AsyncTrafficProfile {
    const gb = traffic.payloadGbPerRequest;
    return new AsyncTrafficProfile(traffic.weeklyRequestsPerSecond().map(r => r * 3600), processingTimePerRequest, traffic.description,
      gb === undefined ? undefined : { gbPerRequest: gb, description: traffic.payloadDescription! });
  }

  private constructor(
    private readonly week: number[],
    /** How long one request takes to process. */
    public readonly processingTimePerRequest: Duration,
    /** The profile in words (without the processing time), as the report states it. */
    public readonly description: string,
    private readonly payload?: { readonly gbPerRequest: number; readonly description: string },
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

  /** GB of payload in and out a month, when the traffic profile stated a payload size. */
  public get dataProcessedGbPerMonth(): number | undefined {
    return this.payload ? this.requestsPerMonth * this.payload.gbPerRequest : undefined;
  }

  /** The stated payload size in words, or undefined. */
  public get payloadDescription(): string | undefined {
    return this.payload?.description;
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
  /**
   * The ApproximateBacklogSizePerInstance the scaling policy holds.
   * @default 5
   */
  readonly targetBacklogPerInstance?: number;
}

/** What a simulated month of an asynchronous endpoint comes to. */
export interface AsyncCapacitySimulation {
  /** The instances the work needs each hour, before the bounds clamp them (168 values; the hour's mean of whole instances). */
  readonly hourlyDemand: number[];
  /** Instances running in each hour of the week (168 values), clamped to [min, max]. */
  readonly hourlyInstances: number[];
  /** The average instance count over the week. */
  readonly averageInstances: number;
  /** Instance-hours spent processing requests in a month (requests × processing time ÷ concurrency). */
  readonly busyInstanceHoursPerMonth: number;
  /** Instance-hours in a 730-hour month: whole instances while busy, plus the scale-in tails, clamped to [min, max]. */
  readonly instanceHoursPerMonth: number;
  /** Share of the week's hours in which the work exceeds what max capacity can process. */
  readonly hoursAtMaxShortfall: number;
}

/**
 * Runs an asynchronous workload hour by hour through the one capacity model
 * (`lib/cost/capacity-model.ts`): `backlogDemand` gives the whole instances backlog target
 * tracking keeps up each hour (ceil(work) while requests arrive continuously, the next whole
 * instance staying up while the backlog is above target, and the scale-in tail after the last
 * busy hour), `capacityWeek` clamps them to [min, max].
 *
 * Instance start-up while requests wait is not billed (SageMaker bills in-service instances).
 */
export function simulateAsyncCapacity(options: AsyncCapacitySimulationOptions): AsyncCapacitySimulation {
  const requests = options.traffic.weeklyRequestsPerHour();
  const processingSeconds = options.traffic.processingTimePerRequest.toMilliseconds({ integral: false }) / 1000;
  const demand = backlogDemand({
    hourlyRequests: requests, processingSeconds, concurrencyPerInstance: options.concurrencyPerInstance,
    scaleInTailSeconds: options.scaleInTail.toMilliseconds({ integral: false }) / 1000,
    targetBacklogPerInstance: options.targetBacklogPerInstance ?? 5,
    minCapacity: options.minCapacity, maxCapacity: options.maxCapacity,
  });
  const work = requests.map(r => r * processingSeconds / (options.concurrencyPerInstance * 3600));
  const week = capacityWeek({
    minCapacity: options.minCapacity, maxCapacity: options.maxCapacity, initialCapacity: options.minCapacity, hourlyDemand: demand,
  });
  return {
    hourlyDemand: demand,
    hourlyInstances: week.hourlyInstances,
    averageInstances: week.averageInstances,
    busyInstanceHoursPerMonth: work.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK * HOURS_PER_MONTH,
    instanceHoursPerMonth: week.instanceHoursPerMonth.expected,
    hoursAtMaxShortfall: work.filter(w => w > options.maxCapacity).length / HOURS_PER_WEEK,
  };
}

function requireCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a finite number of requests per hour, 0 or more, got: ${value}`);
}
