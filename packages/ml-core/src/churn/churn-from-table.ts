/** Churn / record-level risk scoring from a labelled table (one row per customer or record). */
import { createRandom } from '../common/random';
import { MIN_ROWS_PER_CLASS } from '../requirements';
import { runChurnClassifier } from './classifier';
import {
  inferColumnType,
  cellText,
  isMissing,
  type ChurnCell,
  parseBoolean,
  parseDate,
  parseLabels,
  parseNumber,
  type ColumnTyping,
} from './column-types';
import {
  describeDrivers,
  driverReferences,
  tableColumnSentence,
  tableColumnUnit,
  type DriverFeature,
} from './driver-text';
import type { FeatureColumn } from './encoder';
import { ChurnInputError } from './errors';
import type { ChurnFeatureType, ChurnResult, ChurnTable, ChurnTableOptions } from './types';

/** Fewest rows of each class the table mode trains on. */
export { MIN_ROWS_PER_CLASS };
/** Share of the labelled rows held out (stratified) for early stopping, calibration and choice. */
export const VALIDATION_SHARE = 0.2;
const DAY_MS = 86_400_000;

function tableRows(table: ChurnTable, what: string): number {
  const lengths = new Set(table.columns.map((column) => column.values.length));
  if (table.columns.length === 0) throw new ChurnInputError(`${what} table has no columns`);
  if (lengths.size > 1) {
    throw new ChurnInputError(
      `${what} table: columns have different lengths (${[...lengths].join(', ')})`,
    );
  }
  return table.columns[0]?.values.length ?? 0;
}

function findColumn(table: ChurnTable, name: string, role: string, what: string): ChurnCell[] {
  const column = table.columns.find((c) => c.name === name);
  if (!column) {
    const names = table.columns
      .map((c) => `"${c.name}"`)
      .slice(0, 20)
      .join(', ');
    throw new ChurnInputError(`${what} table has no ${role} column "${name}" (columns: ${names})`, {
      column: name,
    });
  }
  return column.values;
}

export interface TypedColumns {
  typings: ColumnTyping[];
  /** Reference time of each date column (its latest value in the training table). */
  dateReferences: Map<string, number>;
}

/** Types every column but the id and label columns from the training table. */
export function typeTableColumns(table: ChurnTable, exclude: readonly string[]): TypedColumns {
  const typings: ColumnTyping[] = [];
  const dateReferences = new Map<string, number>();
  for (const column of table.columns) {
    if (exclude.includes(column.name)) continue;
    const typing = inferColumnType(column.name, column.values);
    typings.push(typing);
    if (typing.kind === 'date') {
      let latest = Number.NEGATIVE_INFINITY;
      for (const raw of column.values) {
        if (isMissing(raw)) continue;
        const time = parseDate(cellText(raw), typing.dateOrder);
        if (time > latest) latest = time;
      }
      dateReferences.set(column.name, latest);
    }
  }
  return { typings, dateReferences };
}

/** Parses the used columns of `table` into feature columns with the given typing. */
export function tableFeatureColumns(
  table: ChurnTable,
  typed: TypedColumns,
  what: string,
): FeatureColumn[] {
  const out: FeatureColumn[] = [];
  for (const typing of typed.typings) {
    const { kind, name } = typing;
    if (kind === 'id' || kind === 'constant' || kind === 'empty') continue;
    const values = findColumn(table, name, 'feature', what);
    if (kind === 'categorical') {
      out.push({
        name,
        type: 'categorical',
        strings: values.map((raw) => (isMissing(raw) ? null : cellText(raw))),
      });
      continue;
    }
    const numbers = new Float64Array(values.length);
    const reference = typed.dateReferences.get(name) ?? 0;
    values.forEach((raw, i) => {
      if (isMissing(raw)) numbers[i] = Number.NaN;
      else if (typeof raw === 'number') numbers[i] = raw;
      else if (typeof raw === 'boolean') numbers[i] = raw ? 1 : 0;
      else if (kind === 'numeric') numbers[i] = parseNumber(cellText(raw));
      else if (kind === 'boolean') numbers[i] = parseBoolean(cellText(raw));
      else numbers[i] = (reference - parseDate(cellText(raw), typing.dateOrder)) / DAY_MS;
    });
    out.push({ name, type: kind as ChurnFeatureType, numbers });
  }
  return out;
}

/** The columns as the driver sentences read them (unit and currency from the training table's raw text). */
function driverFeatures(columns: readonly FeatureColumn[], train: ChurnTable): DriverFeature[] {
  return columns.map((column) => {
    const raw = train.columns.find((c) => c.name === column.name)?.values ?? [];
    const text = raw.map((cell) => (isMissing(cell) ? null : cellText(cell)));
    const { unit, currency } = tableColumnUnit(column.name, column.type, text);
    return {
      name: column.name,
      unit,
      ...(column.numbers ? { numbers: column.numbers } : {}),
      ...(column.strings ? { strings: column.strings } : {}),
      ...(currency ? { currency } : {}),
      sentence: tableColumnSentence(column.name, unit, column.type),
    };
  });
}

function rowIds(values: readonly ChurnCell[]): string[] {
  return values.map((raw, i) => (isMissing(raw) ? `row ${i + 1}` : cellText(raw)));
}

/**
 * Trains on the labelled rows of `train` (stratified 80/20 split: the 20% early-stops the MLP,
 * tunes the logistic L2, calibrates and picks the model) and scores every row of `predict`, or
 * every row of `train` when `predict` is null. The validated models are kept (not refitted on all
 * rows) so the calibration and the reported metrics describe exactly the model that scores.
 */
export async function churnFromTable(
  train: ChurnTable,
  predict: ChurnTable | null,
  options: ChurnTableOptions,
): Promise<ChurnResult> {
  const started = performance.now();
  const seed = options.seed ?? 42;
  const { idColumn, labelColumn } = options;
  const nTrain = tableRows(train, 'training');
  const ids = findColumn(train, idColumn, 'id', 'training');
  const parsed = parseLabels(
    labelColumn,
    findColumn(train, labelColumn, 'label', 'training'),
    options.positiveLabel,
  );
  if (idColumn === labelColumn) {
    throw new ChurnInputError(`id column and label column are both "${idColumn}"`, {
      column: idColumn,
    });
  }

  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < nTrain; i += 1) {
    const label = parsed.labels[i] as number;
    if (label === 1) positives.push(i);
    else if (label === 0) negatives.push(i);
  }
  for (const [name, rows, values] of [
    ['positive (churn)', positives, parsed.positive],
    ['negative (no churn)', negatives, parsed.negative],
  ] as const) {
    if (rows.length < MIN_ROWS_PER_CLASS) {
      throw new ChurnInputError(
        `label column "${labelColumn}": only ${rows.length} ${name} rows` +
          (values.length > 0 ? ` (${values.join(', ')})` : '') +
          `; need at least ${MIN_ROWS_PER_CLASS} of each class`,
        { column: labelColumn },
      );
    }
  }

  const featuresStarted = performance.now();
  options.signal?.throwIfAborted();
  options.onProgress?.({ phase: 'features' });
  const typed = typeTableColumns(train, [idColumn, labelColumn]);
  const columns = tableFeatureColumns(train, typed, 'training');
  if (columns.length === 0) {
    throw new ChurnInputError(
      'training table has no usable feature columns besides the id and label',
    );
  }
  let scoreColumns: FeatureColumn[] | undefined;
  let scoreIds: string[];
  let scoreRows: Int32Array;
  if (predict !== null) {
    const nPredict = tableRows(predict, 'prediction');
    scoreIds = rowIds(findColumn(predict, idColumn, 'id', 'prediction'));
    scoreColumns = tableFeatureColumns(predict, typed, 'prediction');
    scoreRows = Int32Array.from({ length: nPredict }, (_, i) => i);
  } else {
    scoreIds = rowIds(ids);
    scoreRows = Int32Array.from({ length: nTrain }, (_, i) => i);
  }
  const featuresMs = performance.now() - featuresStarted;

  // Stratified split.
  const random = createRandom(seed ^ 0x5eed);
  const trainRows: number[] = [];
  const validationRows: number[] = [];
  for (const group of [positives, negatives]) {
    random.shuffle(group);
    const nVal = Math.max(3, Math.round(group.length * VALIDATION_SHARE));
    group.forEach((row, k) => (k < nVal ? validationRows : trainRows).push(row));
  }
  trainRows.sort((a, b) => a - b);
  validationRows.sort((a, b) => a - b);

  const output = await runChurnClassifier({
    columns,
    labels: parsed.labels,
    trainRows: Int32Array.from(trainRows),
    validationRows: Int32Array.from(validationRows),
    scoreRows,
    scoreColumns,
    // Row numbers as ids (unique even when customer ids repeat) so the drivers find their row.
    scoreIds: Array.from(scoreRows, (row) => String(row)),
    seed,
    epochs: options.epochs,
    onProgress: options.onProgress,
    includeCandidateScores: options.includeCandidateScores,
    signal: options.signal,
  });
  const scoreDriverFeatures = driverFeatures(scoreColumns ?? columns, train);
  const scores = describeDrivers(
    output.scores,
    (i) => Number((output.scores[i] as { id: string }).id),
    scoreDriverFeatures,
    driverReferences(driverFeatures(columns, train), trainRows),
  ).map((s) => ({ ...s, id: scoreIds[Number(s.id)] as string }));
  options.onProgress?.({ phase: 'done' });
  const { explainMs, ...report } = output.report;
  return {
    scores,
    ...(output.candidateScores ? { candidateScores: output.candidateScores } : {}),
    report: {
      mode: 'table',
      ...report,
      features: columns.map((c) => ({ name: c.name, type: c.type })),
      excluded: [
        { name: idColumn, reason: 'id column' },
        { name: labelColumn, reason: 'label column' },
        ...typed.typings
          .filter((t) => t.kind === 'id' || t.kind === 'constant' || t.kind === 'empty')
          .map((t) => ({ name: t.name, reason: t.reason ?? t.kind })),
      ],
      rows: {
        train: trainRows.length,
        validation: validationRows.length,
        scored: scoreRows.length,
      },
      positiveRate: positives.length / (positives.length + negatives.length),
      label: { column: labelColumn, positive: parsed.positive, negative: parsed.negative },
      timings: { totalMs: performance.now() - started, featuresMs, explainMs },
    },
  };
}
