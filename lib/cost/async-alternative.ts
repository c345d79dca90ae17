import { HOURS_PER_MONTH } from './report-schema';
import { targetTrackingDemand } from './capacity-model';

/** Options of `asyncAlternativeMonthlyUsd`. */
export interface AsyncAlternativeOptions {
  /** Requests per second in each hour of the week (168 values). */
  readonly hourlyRequestsPerSecond: number[];
  /** The load one instance is kept at, in requests per second. */
  readonly targetRequestsPerSecondPerInstance: number;
  /** The book's asynchronous inference rate for the instance type, USD per instance-hour. */
  readonly asyncPricePerInstanceHourUsd: number;
  /** Endpoints that deploy the config (each runs its own instances). */
  readonly endpointCount: number;
}

/**
 * What the same traffic would cost a month on an asynchronous endpoint scaling to zero at the
 * same target: the whole instances target tracking keeps up each hour (`targetTrackingDemand`,
 * ceil(rate ÷ target), 0 in quiet hours) × the async rate. The low-utilization advisor sets it
 * against a real-time variant's expected cost to estimate the saving.
 */
export function asyncAlternativeMonthlyUsd(options: AsyncAlternativeOptions): number {
  const demand = targetTrackingDemand(options.hourlyRequestsPerSecond, options.targetRequestsPerSecondPerInstance);
  const instanceHours = demand.reduce((a, b) => a + b, 0) / Math.max(1, demand.length) * HOURS_PER_MONTH * options.endpointCount;
  return instanceHours * options.asyncPricePerInstanceHourUsd;
}
