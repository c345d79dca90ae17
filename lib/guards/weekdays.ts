// Days of the week as the notebook stopper's working hours name them. Shared by the construct and
// its Lambda handler (which bundles this file), so it imports nothing.

/** The days of the week, Sunday first (the order `Intl.DateTimeFormat` weekdays map to). */
export const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/** A day's three-letter name, as the handler reads it: `MON` ... `SUN`. */
export type WeekdayName = typeof WEEKDAYS[number];

/** A day of the week (its value is the three-letter name the stopper's Lambda reads). */
export enum Weekday {
  MONDAY = 'MON',
  TUESDAY = 'TUE',
  WEDNESDAY = 'WED',
  THURSDAY = 'THU',
  FRIDAY = 'FRI',
  SATURDAY = 'SAT',
  SUNDAY = 'SUN',
}
