import { TimeZone } from 'aws-cdk-lib';
import { HOURS_PER_WEEK } from './traffic-profile';
import { oneOfProblem, timeZoneProblem } from '../private/validation';

/** Days a scheduled scaling window starts on. */
export enum WindowDays {
  /** Every day of the week. */
  EVERY_DAY = 'every-day',
  /** Monday to Friday. */
  WEEKDAYS = 'weekdays',
  /** Saturday and Sunday. */
  WEEKENDS = 'weekends',
}

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
   * @default WindowDays.EVERY_DAY
   */
  readonly days?: WindowDays;
  /** Minimum capacity inside the window. */
  readonly minCapacity: number;
  /** Maximum capacity inside the window. */
  readonly maxCapacity: number;
  /**
   * Time zone of the hours, e.g. `TimeZone.EUROPE_PARIS`. The traffic profile is read in the same
   * time zone. (From JavaScript an IANA name such as `'Europe/Paris'` is accepted too, and checked.)
   * @default TimeZone.ETC_UTC — hours in UTC
   */
  readonly timeZone?: TimeZone;
}

/** The IANA name of a window's time zone (`UTC` when none is given). */
export function windowTimeZoneName(window: ScheduledCapacityWindow): string {
  const zone: unknown = window.timeZone;
  if (zone === undefined) return 'UTC';
  // JavaScript callers may pass the name itself.
  return typeof zone === 'string' ? zone : (zone as TimeZone).timezoneName;
}

/** Cron expressions (Application Auto Scaling / EC2 Auto Scaling form) for a window's start and end. */
export function windowCron(window: ScheduledCapacityWindow): { start: CronParts; end: CronParts } {
  const dayOfWeek = window.days === WindowDays.WEEKDAYS ? 'MON-FRI' : window.days === WindowDays.WEEKENDS ? 'SAT,SUN' : '*';
  // A window that spans midnight ends on the day after it starts.
  const endDayOfWeek = window.endHour <= window.startHour && dayOfWeek !== '*'
    ? (window.days === WindowDays.WEEKDAYS ? 'TUE-SAT' : 'SUN,MON')
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

/**
 * Checks a window's fields; returns messages naming the prop, the value and what is allowed.
 * Closed sets and time zones are checked at run time too (JavaScript callers pass strings):
 * `days: 'weekend'` must be refused, never read as every day.
 */
export function validateWindow(prop: string, window: ScheduledCapacityWindow): string[] {
  const errors: string[] = [];
  const whole = (key: string, v: unknown, least: number, most?: number, what = 'a whole number'): void => {
    if (typeof v !== 'number') {
      errors.push(`${prop}.${key} must be a number, got ${typeof v === 'string' ? `the string '${v}'` : String(v)}`);
    } else if (!Number.isInteger(v) || v < least || (most !== undefined && v > most)) {
      errors.push(`${prop}.${key} must be ${what}${most !== undefined ? ` from ${least} to ${most}` : `, ${least} or more`}, got: ${v}`);
    }
  };
  if (typeof window.name !== 'string' || window.name === '') errors.push(`${prop}.name must be a non-empty string, got: ${JSON.stringify(window.name)}`);
  whole('startHour', window.startHour, 0, 23, 'a whole hour');
  whole('endHour', window.endHour, 0, 23, 'a whole hour');
  if (window.startHour === window.endHour) errors.push(`${prop}: startHour and endHour must differ, got: ${window.startHour} for both`);
  whole('minCapacity', window.minCapacity, 0);
  if (typeof window.maxCapacity !== 'number') {
    whole('maxCapacity', window.maxCapacity, 1);
  } else if (!Number.isInteger(window.maxCapacity) || window.maxCapacity < Math.max(1, window.minCapacity)) {
    errors.push(`${prop}.maxCapacity must be a whole number of at least max(1, minCapacity (${window.minCapacity})), got: ${window.maxCapacity}`);
  }
  if (window.days !== undefined) {
    const days = oneOfProblem(`${prop}.days`, window.days, WindowDays, 'WindowDays');
    if (days) errors.push(days);
  }
  if (window.timeZone !== undefined) {
    const zone: unknown = window.timeZone;
    const name = typeof zone === 'string' ? zone : zone instanceof TimeZone ? zone.timezoneName : undefined;
    if (name === undefined) {
      errors.push(`${prop}.timeZone must be a TimeZone (e.g. TimeZone.EUROPE_PARIS or TimeZone.of('Europe/Paris')), got: ${JSON.stringify(zone)}`);
    } else {
      const problem = timeZoneProblem(name);
      if (problem) errors.push(`${prop}.timeZone ${problem}`);
    }
  }
  return errors;
}

/**
 * Checks a list of windows: each one (`validateWindow`), and names used once (each window
 * becomes scheduled actions named after it: a name used twice gives duplicate action names).
 */
export function validateWindows(prop: string, windows: readonly ScheduledCapacityWindow[]): string[] {
  const errors: string[] = [];
  const seen = new Map<string, number>();
  windows.forEach((w, i) => {
    errors.push(...validateWindow(`${prop}[${i}]`, w));
    const first = seen.get(w.name);
    if (first !== undefined) {
      errors.push(`${prop}[${i}].name '${w.name}' is already the name of ${prop}[${first}]: each window needs its own name (its scheduled actions are named after it)`);
    } else {
      seen.set(w.name, i);
    }
  });
  // Overlapping windows deploy differently from how they are priced: the end action of one
  // restores the normal bounds while the other is still meant to hold.
  if (errors.length === 0) {
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    windows.forEach((w, i) => windows.slice(0, i).forEach((earlier, j) => {
      const h = [...Array(HOURS_PER_WEEK).keys()].find(hour => windowCovers(w, hour) && windowCovers(earlier, hour));
      if (h !== undefined && windowTimeZoneName(w) === windowTimeZoneName(earlier)) {
        errors.push(`${prop}[${i}] ('${w.name}') overlaps ${prop}[${j}] ('${earlier.name}'), e.g. ${days[Math.floor(h / 24)]} ${h % 24}:00: ` +
          'the end of one would restore the normal bounds inside the other; make the windows disjoint');
      }
    }));
  }
  return errors;
}

/** True when hour-of-week `h` (0 = Monday 00:00) falls in the window. */
export function windowCovers(window: ScheduledCapacityWindow, h: number): boolean {
  const day = Math.floor(h / 24);
  const hour = h % 24;
  const startsOn = (d: number): boolean => {
    const dd = (d + 7) % 7;
    return window.days === WindowDays.WEEKDAYS ? dd < 5 : window.days === WindowDays.WEEKENDS ? dd >= 5 : true;
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
