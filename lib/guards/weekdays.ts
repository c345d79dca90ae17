// Days of the week as the notebook stopper's working hours name them. Shared by the construct and
// its Lambda handler (which bundles this file), so it imports nothing.

/** The days of the week, Sunday first (the order `Intl.DateTimeFormat` weekdays map to). */
export const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/** A day of the week: `MON` ... `SUN`. */
export type Weekday = typeof WEEKDAYS[number];
