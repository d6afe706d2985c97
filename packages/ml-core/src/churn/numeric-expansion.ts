/**
 * Piecewise-linear encoding of numeric inputs for the MLP (Gorishniy et al., "On Embeddings for
 * Numerical Features in Tabular Deep Learning", 2022): each standardised numeric column gets
 * extra inputs clamp((x − e[t−1]) / (e[t] − e[t−1]), 0, 1) over training-quantile bin edges, so
 * thresholds and bends are one linear layer away. Applied to the encoded matrix inside the MLP's
 * scoring function, so importance and drivers still work on the encoder's feature blocks.
 */

export interface NumericExpansion {
  /** Width of the expanded matrix (input width + bins). */
  width: number;
  expand(x: Float32Array, rows: number): Float32Array;
}

/** Bins per numeric column (fewer when the column has fewer distinct quantiles). */
export const EXPANSION_BINS = 8;

export function fitNumericExpansion(
  xTrain: Float32Array,
  rows: number,
  inputWidth: number,
  numericColumns: readonly number[],
  bins = EXPANSION_BINS,
): NumericExpansion {
  const plans: { column: number; edges: Float64Array }[] = [];
  const values = new Float64Array(rows);
  for (const column of numericColumns) {
    for (let i = 0; i < rows; i += 1) values[i] = xTrain[i * inputWidth + column] as number;
    const sorted = Float64Array.from(values).sort();
    const edges: number[] = [];
    for (let q = 0; q <= bins; q += 1) {
      const edge = sorted[Math.min(rows - 1, Math.round((q / bins) * (rows - 1)))] as number;
      if (edges.length === 0 || edge > (edges[edges.length - 1] as number) + 1e-6) edges.push(edge);
    }
    if (edges.length >= 3) plans.push({ column, edges: Float64Array.from(edges) });
  }
  const extra = plans.reduce((sum, plan) => sum + plan.edges.length - 1, 0);
  const width = inputWidth + extra;
  return {
    width,
    expand: (x, n) => {
      const out = new Float32Array(n * width);
      for (let i = 0; i < n; i += 1) {
        const source = i * inputWidth;
        const target = i * width;
        out.set(x.subarray(source, source + inputWidth), target);
        let offset = target + inputWidth;
        for (const { column, edges } of plans) {
          const value = x[source + column] as number;
          for (let t = 1; t < edges.length; t += 1) {
            const lo = edges[t - 1] as number;
            const hi = edges[t] as number;
            out[offset] = Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
            offset += 1;
          }
        }
      }
      return out;
    },
  };
}
