/**
 * The gradient-boosted candidate's view of the encoder's matrix. Trees split a one-hot block one
 * level at a time, so every categorical feature becomes one column holding its level's smoothed
 * churn rate (out-of-fold on the training rows, from all training rows when scoring) — an ordered
 * numeric that a single split can cut anywhere in. High-cardinality features already carry such a
 * column in the encoder and pass it through. A numeric feature with a missing indicator becomes its
 * value, or NaN when the indicator is set, so the trees' missing-value routing learns where missing
 * rows belong. Everything else passes through.
 *
 * The view is a function of the encoder's matrix (not of the raw columns), so the candidate's
 * logits take the same input as the others and permutation importance / occlusion drivers work on
 * the encoder's feature blocks unchanged. A one-hot block that is not a single level (occlusion
 * writes the training means into it) maps to the matching mixture of level rates.
 */
import type { Encoder } from '../encoder';
import { outOfFoldTargetMeans, smoothedTargetMean, targetStats } from '../target-encoding';

export interface TreeFeatures {
  width: number;
  /** One name per column, e.g. `contract (churn rate)`, `tenure`. */
  names: string[];
  /** The training rows' matrix (categorical rates out-of-fold). */
  trainMatrix: Float32Array;
  /** Maps `rows` rows of the encoder's matrix to this view (rates from all training rows). */
  transform(x: Float32Array, rows: number): Float32Array;
}

type Column =
  | { kind: 'copy'; source: number }
  | { kind: 'numeric'; source: number; indicator: number }
  | { kind: 'rate'; slotStart: number; slotEnd: number; prior: number; rates: Float64Array };

/** Builds the view from the fitted encoder and the training rows' labels (in encoder order). */
export function fitTreeFeatures(encoder: Encoder, yTrain: Float64Array): TreeFeatures {
  const { width: inputWidth, trainMatrix: xTrain } = encoder;
  const n = yTrain.length;
  const categorical = new Map(encoder.categoricals.map((block) => [block.group, block]));
  const numeric = new Set(encoder.numericColumns);
  const columns: Column[] = [];
  const names: string[] = [];
  const outOfFold = new Map<number, Float64Array>();

  encoder.groups.forEach((group, g) => {
    const block = categorical.get(g);
    if (block && block.targetColumn >= 0) {
      columns.push({ kind: 'copy', source: block.targetColumn });
      names.push(`${group.name} (churn rate)`);
    } else if (block) {
      // The level of each training row: its one-hot slot, or null when the block is all zero.
      const keys: (number | null)[] = new Array<number | null>(n).fill(null);
      for (let i = 0; i < n; i += 1) {
        for (let s = block.slotStart; s < block.slotEnd; s += 1) {
          if ((xTrain[i * inputWidth + s] as number) > 0.5) {
            keys[i] = s - block.slotStart;
            break;
          }
        }
      }
      const all = targetStats(keys, yTrain);
      const rates = Float64Array.from({ length: block.slotEnd - block.slotStart }, (_, s) =>
        smoothedTargetMean(all, s),
      );
      outOfFold.set(
        columns.length,
        outOfFoldTargetMeans(keys, yTrain, encoder.trainFolds, undefined, all),
      );
      columns.push({ kind: 'rate', ...block, prior: all.prior, rates });
      names.push(`${group.name} (churn rate)`);
    } else {
      for (let j = group.start; j < group.end; j += 1) {
        if (numeric.has(j) && j + 1 < group.end) {
          columns.push({ kind: 'numeric', source: j, indicator: j + 1 });
          names.push(encoder.columnNames[j] ?? group.name);
          j += 1;
        } else {
          columns.push({ kind: 'copy', source: j });
          names.push(encoder.columnNames[j] ?? group.name);
        }
      }
    }
  });

  const width = columns.length;
  const map = (x: Float32Array, rows: number, train: boolean): Float32Array => {
    if (x.length !== rows * inputWidth) {
      throw new RangeError(
        `tree features: x has ${x.length} values, expected ${rows} × ${inputWidth}`,
      );
    }
    const out = new Float32Array(rows * width);
    columns.forEach((column, c) => {
      if (column.kind === 'copy') {
        for (let i = 0; i < rows; i += 1)
          out[i * width + c] = x[i * inputWidth + column.source] as number;
      } else if (column.kind === 'numeric') {
        for (let i = 0; i < rows; i += 1) {
          const base = i * inputWidth;
          out[i * width + c] =
            (x[base + column.indicator] as number) >= 0.5
              ? Number.NaN
              : (x[base + column.source] as number);
        }
      } else {
        const oof = train ? outOfFold.get(c) : undefined;
        if (oof) {
          for (let i = 0; i < rows; i += 1) out[i * width + c] = oof[i] as number;
          return;
        }
        const { slotStart, slotEnd, prior, rates } = column;
        for (let i = 0; i < rows; i += 1) {
          const base = i * inputWidth;
          let value = prior;
          for (let s = slotStart; s < slotEnd; s += 1) {
            const weight = x[base + s] as number;
            if (weight !== 0) value += weight * ((rates[s - slotStart] as number) - prior);
          }
          out[i * width + c] = value;
        }
      }
    });
    return out;
  };
  return {
    width,
    names,
    trainMatrix: map(xTrain, n, true),
    transform: (x, rows) => map(x, rows, false),
  };
}
