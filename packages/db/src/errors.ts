/** A requested row does not exist in the caller's organization (or at all: callers cannot tell). */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** Loaded rows collide with rows already in the dataset (appending the same periods twice). */
export class DuplicateRowsError extends Error {
  constructor(detail: string | undefined) {
    // detail: Key (dataset_id, series, date)=(…, revenue, 2024-01-01) already exists.
    const m = /^Key \(dataset_id, (.+)\)=\([^,]+, (.+)\) already exists/.exec(detail ?? '');
    super(
      m
        ? `the new rows repeat ${m[1]} = ${m[2]}, which the dataset already has; append only new periods, or replace the data`
        : 'the new rows repeat rows the dataset already has; append only new rows, or replace the data',
    );
    this.name = 'DuplicateRowsError';
  }
}

/**
 * An import attempt may no longer store: the import was cancelled, already stored by another
 * attempt, or taken over by a newer attempt. Its transaction rolls back.
 */
export class ImportSupersededError extends Error {
  constructor(uploadId: string) {
    super(`Upload ${uploadId}: this import attempt was cancelled or superseded`);
    this.name = 'ImportSupersededError';
  }
}
