/** Per-window standardisation: subtract the window mean, divide by the window standard deviation. */
export interface WindowScale {
  location: number;
  scale: number;
}

const ABSOLUTE_FLOOR = 1e-8;
const RELATIVE_FLOOR = 1e-3;

/**
 * Smallest scale a window of this series may use, so flat windows (std 0, e.g. a run of zeros) do
 * not divide by zero: a thousandth of the series' mean absolute value, or 1e-8 for an all-zero one.
 */
export function scaleFloor(history: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < history.length; i += 1) sum += Math.abs(history[i] as number);
  const meanAbs = history.length > 0 ? sum / history.length : 0;
  return Math.max(RELATIVE_FLOOR * meanAbs, ABSOLUTE_FLOOR);
}

/** Mean and (floored) population standard deviation of values[start, end). */
export function windowScale(
  values: ArrayLike<number>,
  start: number,
  end: number,
  floor: number,
): WindowScale {
  const n = end - start;
  if (n <= 0 || start < 0 || end > values.length) {
    throw new RangeError(`windowScale: bad window [${start}, ${end}) of ${values.length} values`);
  }
  let sum = 0;
  for (let i = start; i < end; i += 1) sum += values[i] as number;
  const location = sum / n;
  let squares = 0;
  for (let i = start; i < end; i += 1) {
    const d = (values[i] as number) - location;
    squares += d * d;
  }
  return { location, scale: Math.max(Math.sqrt(squares / n), floor) };
}

export function standardize(value: number, { location, scale }: WindowScale): number {
  return (value - location) / scale;
}

export function unstandardize(value: number, { location, scale }: WindowScale): number {
  return value * scale + location;
}
