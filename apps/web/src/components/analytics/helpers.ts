/** Formatting and small helpers for the behaviour and feature-optimisation pages. */

export type Grain = 'day' | 'week' | 'month';

const count = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const monthFmt = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayFmt = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const longDayFmt = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

export const formatCount = (v: number) => count.format(v);
export const formatCompact = (v: number) => compact.format(v);

/** 0.123 → "12.3%"; null → "—". */
export const pct = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;

/** A difference of shares in percentage points with its sign: 0.052 → "+5.2 pts". */
export const pts = (v: number, digits = 1) => {
  const x = v * 100;
  const s = x.toFixed(digits);
  return `${x > 0 && Number(s) !== 0 ? '+' : ''}${s} pts`;
};

const utc = (period: string) => new Date(`${period.slice(0, 10)}T00:00:00Z`);

/** A short axis tick for a period start (YYYY-MM-DD). */
export function periodTick(period: string, grain: Grain): string {
  const d = utc(period);
  if (Number.isNaN(d.getTime())) return period;
  return grain === 'month' ? monthFmt.format(d) : dayFmt.format(d);
}

/** A tooltip label for a period start. */
export function periodLabel(period: string, grain: Grain): string {
  const d = utc(period);
  if (Number.isNaN(d.getTime())) return period;
  if (grain === 'month') return monthFmt.format(d);
  if (grain === 'week') return `Week of ${longDayFmt.format(d)}`;
  return longDayFmt.format(d);
}

export const GRAIN_LABEL: Record<Grain, { adjective: string; active: string; noun: string }> = {
  day: { adjective: 'Daily', active: 'DAU', noun: 'day' },
  week: { adjective: 'Weekly', active: 'WAU', noun: 'week' },
  month: { adjective: 'Monthly', active: 'MAU', noun: 'month' },
};

/** Hours → "3.5 h" or "2.1 days". */
export function formatHours(h: number | null | undefined): string {
  if (h === null || h === undefined || !Number.isFinite(h)) return '—';
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} days`;
}

/** Poll every 2 s while the aggregates are being built. */
export function pollWhileComputing(query: {
  state: { data?: { status: string } | undefined };
}): number | false {
  return query.state.data?.status === 'computing' ? 2000 : false;
}

/** A file-name-safe slug of a dataset name. */
export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'dataset';

const moneyShort = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
export const formatMoneyShort = (v: number) => moneyShort.format(v);
