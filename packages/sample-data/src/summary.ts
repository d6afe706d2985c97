// What the sample startup holds, in figures the web's "Try with sample data" card shows. No
// generators here, so client code can import it (`@foresight/sample-data/summary`).
import { SAMPLE_END, SAMPLE_START } from './calendar';
import { MARKET_HEADER } from './market';

export type SampleScale = 'full' | 'small';

/** How big the sample startup is: `full` for people, `small` (~2k users) for tests. */
export const SAMPLE_SCALES: Record<SampleScale, { users: number; customers: number }> = {
  full: { users: 50_000, customers: 8_000 },
  small: { users: 2_000, customers: 2_000 },
};

/** Calendar months from `from` to `to` (ISO days), both ends' months included. */
function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The generated files' shape, derived from the generators' own constants. */
export const SAMPLE_SUMMARY = {
  from: SAMPLE_START,
  to: SAMPLE_END,
  /** Calendar months of daily market metrics (and of monthly financials). */
  months: monthsBetween(SAMPLE_START, SAMPLE_END),
  /** The market file's value columns (series). */
  marketSeries: MARKET_HEADER.split(',').slice(1),
} as const;
