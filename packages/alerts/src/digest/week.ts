// The digest's week: ISO weeks (Monday to Sunday, UTC), named like 2026-W49.

const DAY_MS = 86_400_000;

/** Monday 00:00 UTC of the week that contains `date`. */
export function mondayOf(date: Date): Date {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(day - weekday * DAY_MS);
}

/** The week a digest sent at `now` covers: the last full week (Monday 00:00 UTC). */
export function digestWeekStart(now: Date): Date {
  return new Date(mondayOf(now).getTime() - 7 * DAY_MS);
}

/** The ISO week of `date`, e.g. '2026-W49' (the year is the one its Thursday falls in). */
export function isoWeekKey(date: Date): string {
  const monday = mondayOf(date);
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = mondayOf(new Date(Date.UTC(year, 0, 4))).getTime() + 3 * DAY_MS;
  const week = 1 + Math.round((thursday.getTime() - firstThursday) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** '30 Nov 2026' */
export function dayLabel(date: Date | string): string {
  return DAY_FORMAT.format(
    typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date,
  );
}
