import type { Anomaly } from '@foresight/ml-core';

/** The fields of a flagged point that results store and pages show. */
export function storedAnomaly({
  series,
  date,
  value,
  expected,
  lower,
  upper,
  score,
  excess,
  direction,
}: Anomaly) {
  return { series, date, value, expected, lower, upper, score, excess, direction };
}
