// How evaluations write numbers for founders: grouped thousands, as many decimals as the
// comparison needs, percentages and months spelled the way the pages spell them.

const grouped = (decimals: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals });

/** Decimals that show a difference of `step` (at least one significant digit of it), 0–6. */
function decimalsFor(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  return Math.min(6, Math.max(0, -Math.floor(Math.log10(step))));
}

/**
 * A number as a founder reads it: "1,204", "3.7", "0.052". `resolution` is the smallest
 * difference that matters here (e.g. a tenth of the band's width); default: three significant
 * digits for small numbers, whole numbers from 100 on.
 */
export function formatNumber(value: number, resolution?: number): string {
  if (!Number.isFinite(value)) return String(value);
  return grouped(decimalsFor(resolution ?? defaultResolution(value))).format(value);
}

/** Three significant digits for small numbers, whole numbers from 100 on. */
function defaultResolution(value: number): number {
  const size = Math.abs(value);
  return size >= 100 ? 1 : size > 0 ? size / 100 : 1;
}

/**
 * A number beside a line it is compared with: precise enough that its side of the line shows
 * ("990.5" against 1,000, not "991").
 */
export function formatNear(value: number, line: number): string {
  const gap = Math.abs(value - line);
  const resolution = defaultResolution(value);
  return formatNumber(value, gap > 0 ? Math.min(resolution, gap / 10) : resolution);
}

/** "950–1,180": both ends to the precision the range's width needs. */
export function formatRange(lower: number, upper: number): string {
  const width = Math.abs(upper - lower);
  const step = width > 0 ? width / 20 : undefined;
  return `${formatNumber(lower, step)}–${formatNumber(upper, step)}`;
}

/** "34%" (one decimal under 10 %, as "4.5%"). */
export function formatPercent(share: number): string {
  const percent = share * 100;
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/** "7.2 months", or "more than 18 months" beyond the simulated horizon (as the Risk page). */
export function formatMonths(months: number | null, horizon: number): string {
  return months === null ? `more than ${horizon} months` : `${months.toFixed(1)} months`;
}

/** A rule's coverage in words: "90%". */
export function formatCoverage(coverage: number): string {
  return `${Math.round(coverage * 100)}%`;
}

/** The text with its first letter capitalised, to start a sentence with a name. */
export function sentenceStart(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
