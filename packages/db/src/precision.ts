/**
 * `value` to `digits` significant digits, as stored for predictions: finer than any model's
 * error, and the JSON that reads them back is half as long.
 */
export function significant(value: number, digits = 7): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value;
}
