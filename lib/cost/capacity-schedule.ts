/** Days a scheduled scaling window applies on. */
export type WindowDays = 'every-day' | 'weekdays' | 'weekends';

/**
 * A recurring window in which the fleet's capacity bounds are lowered (or raised), such as
 * nights and weekends. Deployed as two scheduled actions (one at the start, one restoring the
 * normal bounds at the end), and applied hour by hour in the cost simulation.
 */
export interface ScheduledCapacityWindow {
  /** A name for the window, used in the scheduled actions' names. */
  readonly name: string;
  /** The hour (0-23) the window starts, in `timeZone`. */
  readonly startHour: number;
  /** The hour (0-23) the window ends, in `timeZone`; may be before `startHour` to span midnight. */
  readonly endHour: number;
  /**
   * The days the window starts on.
   * @default 'every-day'
   */
  readonly days?: WindowDays;
  /** Minimum capacity inside the window. */
  readonly minCapacity: number;
  /** Maximum capacity inside the window. */
  readonly maxCapacity: number;
  /**
   * IANA timezone of the hours, e.g. `Europe/Paris`. The traffic profile is read in the same timezone.
   * @default 'UTC'
   */
  readonly timeZone?: string;
}

/** Cron expressions (Application Auto Scaling / EC2 Auto Scaling form) for a window's start and end. */
export function windowCron(window: ScheduledCapacityWindow): { start: CronParts; end: CronParts } {
  const dayOfWeek = window.days === 'weekdays' ? 'MON-FRI' : window.days === 'weekends' ? 'SAT,SUN' : '*';
  // A window that spans midnight ends on the day after it starts.
  const endDayOfWeek = window.endHour <= window.startHour && dayOfWeek !== '*'
    ? (window.days === 'weekdays' ? 'TUE-SAT' : 'SUN,MON')
    : dayOfWeek;
  return {
    start: { minute: '0', hour: String(window.startHour), weekDay: dayOfWeek },
    end: { minute: '0', hour: String(window.endHour), weekDay: endDayOfWeek },
  };
}

/** The fields of a cron expression a window sets. */
export interface CronParts {
  readonly minute: string;
  readonly hour: string;
  readonly weekDay: string;
}

/** Checks a window's fields; returns messages naming the prop, the value and what is allowed. */
export function validateWindow(prop: string, window: ScheduledCapacityWindow): string[] {
  const errors: string[] = [];
  for (const key of ['startHour', 'endHour'] as const) {
    const v = window[key];
    if (!Number.isInteger(v) || v < 0 || v > 23) errors.push(`${prop}.${key} must be a whole hour from 0 to 23, got: ${v}`);
  }
  if (window.startHour === window.endHour) errors.push(`${prop}: startHour and endHour must differ, got: ${window.startHour} for both`);
  if (!Number.isInteger(window.minCapacity) || window.minCapacity < 0) errors.push(`${prop}.minCapacity must be a whole number, 0 or more, got: ${window.minCapacity}`);
  if (!Number.isInteger(window.maxCapacity) || window.maxCapacity < Math.max(1, window.minCapacity)) {
    errors.push(`${prop}.maxCapacity must be a whole number of at least max(1, minCapacity (${window.minCapacity})), got: ${window.maxCapacity}`);
  }
  return errors;
}

/** True when hour-of-week `h` (0 = Monday 00:00) falls in the window. */
export function windowCovers(window: ScheduledCapacityWindow, h: number): boolean {
  const day = Math.floor(h / 24);
  const hour = h % 24;
  const startsOn = (d: number): boolean => {
    const dd = (d + 7) % 7;
    return window.days === 'weekdays' ? dd < 5 : window.days === 'weekends' ? dd >= 5 : true;
  };
  if (window.startHour < window.endHour) {
    return startsOn(day) && hour >= window.startHour && hour < window.endHour;
  }
  // Spans midnight: the evening part belongs to today's start, the morning part to yesterday's.
  return (hour >= window.startHour && startsOn(day)) || (hour < window.endHour && startsOn(day - 1));
}

// The simulation moved to the one capacity model (lib/cost/capacity-model.ts); re-exported for
// the constructs that import it from here.
export { simulateCapacity } from './capacity-model';
export type { CapacitySimulation, CapacitySimulationOptions } from './capacity-model';
