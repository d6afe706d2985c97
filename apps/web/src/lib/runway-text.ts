/** Runway months: "9.1 months", or "more than 18 months" beyond the simulated horizon. */
export const runwayMonths = (v: number | null, horizon: number) =>
  v === null ? `more than ${horizon} months` : `${v.toFixed(1)} months`;

/**
 * The runway's 80% range in words: "9.1 – 14.6 months", "9.1 months to more than 18 months", or
 * "more than 18 months" when even the short end outlasts the horizon.
 */
export function runwayRange(p10: number | null, p90: number | null, horizon: number): string {
  if (p10 === null) return runwayMonths(null, horizon);
  if (p90 === null) return `${runwayMonths(p10, horizon)} to ${runwayMonths(null, horizon)}`;
  return `${p10.toFixed(1)} – ${p90.toFixed(1)} months`;
}
