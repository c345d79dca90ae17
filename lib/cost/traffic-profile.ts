import { HOURS_PER_MONTH } from './report-schema';
import { figure } from './private/render';

/** Hours in the representative week every profile is expanded to (hour 0 = Monday 00:00). */
export const HOURS_PER_WEEK = 168;

/** Options of `TrafficProfile.constant`. */
export interface ConstantTrafficOptions {
  /** Requests per second, around the clock. */
  readonly requestsPerSecond: number;
}

/** Options of `TrafficProfile.dailyPeak`. */
export interface DailyPeakTrafficOptions {
  /** Requests per second during the daily peak. */
  readonly peakRequestsPerSecond: number;
  /** How many hours a day the peak lasts (1 to 24). */
  readonly peakHoursPerDay: number;
  /**
   * Requests per second outside the peak.
   * @default 0
   */
  readonly offPeakRequestsPerSecond?: number;
  /**
   * The hour of the day (0 to 23, in the timezone of any scheduled scaling) the peak starts.
   * @default 18
   */
  readonly peakStartHour?: number;
  /**
   * Whether the peak happens on weekends too; when false, weekends run at the off-peak rate.
   * @default true
   */
  readonly weekends?: boolean;
}

/** Options of `TrafficProfile.withPayloadSize`. */
export interface PayloadSizeOptions {
  /** The mean size of one request's payload, in KB (1 KB = 1024 bytes). */
  readonly requestSizeInKb: number;
  /**
   * The mean size of one response, in KB.
   * @default 0
   */
  readonly responseSizeInKb?: number;
}

/**
 * How requests arrive over a week, for cost only: it drives how many instances an autoscaled
 * fleet runs hour by hour. It never changes the deployed template.
 *
 * Every profile expands to 168 hourly request rates (hour 0 = Monday 00:00), repeated for the
 * 730-hour month.
 */
export class TrafficProfile {
  /** The same rate around the clock. */
  public static constant(options: ConstantTrafficOptions): TrafficProfile {
    requireRate('requestsPerSecond', options.requestsPerSecond);
    return new TrafficProfile(
      new Array(HOURS_PER_WEEK).fill(options.requestsPerSecond),
      `constant ${figure(options.requestsPerSecond)} requests/s`,
    );
  }

  /** A peak of a few hours a day over an off-peak base. */
  public static dailyPeak(options: DailyPeakTrafficOptions): TrafficProfile {
    const offPeak = options.offPeakRequestsPerSecond ?? 0;
    const start = options.peakStartHour ?? 18;
    const weekends = options.weekends ?? true;
    requireRate('peakRequestsPerSecond', options.peakRequestsPerSecond);
    requireRate('offPeakRequestsPerSecond', offPeak);
    if (!Number.isInteger(options.peakHoursPerDay) || options.peakHoursPerDay < 1 || options.peakHoursPerDay > 24) {
      throw new Error(`peakHoursPerDay must be a whole number from 1 to 24, got: ${options.peakHoursPerDay}`);
    }
    if (!Number.isInteger(start) || start < 0 || start > 23) {
      throw new Error(`peakStartHour must be a whole number from 0 to 23, got: ${start}`);
    }
    const week: number[] = [];
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      const day = Math.floor(h / 24);
      const hourOfDay = h % 24;
      const inPeak = (hourOfDay - start + 24) % 24 < options.peakHoursPerDay;
      const peakDay = weekends || day < 5;
      week.push(inPeak && peakDay ? options.peakRequestsPerSecond : offPeak);
    }
    const days = weekends ? 'every day' : 'weekdays';
    return new TrafficProfile(week,
      `peak ${figure(options.peakRequestsPerSecond)} requests/s for ${options.peakHoursPerDay} h from ${start}:00 ${days}, ` +
      `${figure(offPeak)} requests/s otherwise`);
  }

  /** 24 hourly rates (hour 0 = midnight), the same every day. */
  public static hourly(requestsPerSecondByHour: number[]): TrafficProfile {
    if (requestsPerSecondByHour.length !== 24) {
      throw new Error(`hourly profile needs 24 values (one per hour of the day), got: ${requestsPerSecondByHour.length}`);
    }
    requestsPerSecondByHour.forEach((v, i) => requireRate(`requestsPerSecondByHour[${i}]`, v));
    const week: number[] = [];
    for (let d = 0; d < 7; d++) week.push(...requestsPerSecondByHour);
    return new TrafficProfile(week, `hourly profile (requests/s by hour: ${requestsPerSecondByHour.map(n => figure(n)).join(', ')})`);
  }

  /** 168 hourly rates for a whole week (hour 0 = Monday 00:00). */
  public static weekly(requestsPerSecondByHour: number[]): TrafficProfile {
    if (requestsPerSecondByHour.length !== HOURS_PER_WEEK) {
      throw new Error(`weekly profile needs 168 values (one per hour of the week), got: ${requestsPerSecondByHour.length}`);
    }
    requestsPerSecondByHour.forEach((v, i) => requireRate(`requestsPerSecondByHour[${i}]`, v));
    return new TrafficProfile([...requestsPerSecondByHour], 'weekly profile of 168 hourly rates');
  }

  private constructor(
    private readonly week: number[],
    /** The profile in words, as the report states it. */
    public readonly description: string,
    private readonly payloadKb?: { readonly request: number; readonly response: number },
  ) {}

  /**
   * The same traffic with a stated payload size: the report then prices the data processed in
   * and out of an endpoint (billed per GB) as a line of its own.
   */
  public withPayloadSize(options: PayloadSizeOptions): TrafficProfile {
    const response = options.responseSizeInKb ?? 0;
    requireSize('requestSizeInKb', options.requestSizeInKb);
    requireSize('responseSizeInKb', response);
    return new TrafficProfile(this.week, this.description, { request: options.requestSizeInKb, response });
  }

  /**
   * GB of request and response payloads a month (1 GB = 1024 × 1024 KB), or undefined when no
   * payload size was stated.
   */
  public get dataProcessedGbPerMonth(): number | undefined {
    if (!this.payloadKb) return undefined;
    return this.requestsPerMonth * (this.payloadKb.request + this.payloadKb.response) / (1024 * 1024);
  }

  /** GB of payload per request (in + out), or undefined when no payload size was stated. */
  public get payloadGbPerRequest(): number | undefined {
    return this.payloadKb ? (this.payloadKb.request + this.payloadKb.response) / (1024 * 1024) : undefined;
  }

  /** The stated payload size in words (`payload: 8 KB in + 2 KB out per request`), or undefined. */
  public get payloadDescription(): string | undefined {
    if (!this.payloadKb) return undefined;
    return `payload: ${figure(this.payloadKb.request)} KB in + ${figure(this.payloadKb.response)} KB out per request, ` +
      `${figure(this.dataProcessedGbPerMonth!)} GB a month`;
  }

  /** Requests per second for each hour of the week (168 values, hour 0 = Monday 00:00). */
  public weeklyRequestsPerSecond(): number[] {
    return [...this.week];
  }

  /** The average rate over the week, in requests per second. */
  public get averageRequestsPerSecond(): number {
    return this.week.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK;
  }

  /** The highest hourly rate of the week, in requests per second. */
  public get peakRequestsPerSecond(): number {
    return Math.max(...this.week);
  }

  /** Requests in a 730-hour month. */
  public get requestsPerMonth(): number {
    return this.averageRequestsPerSecond * 3600 * HOURS_PER_MONTH;
  }
}

function requireRate(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a finite number of requests per second, 0 or more, got: ${value}`);
  }
}

function requireSize(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a finite size in KB, 0 or more, got: ${value}`);
}
