import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { ProblemLog } from '../problems';
import {
  RowConverter,
  csvParser,
  csvSyntaxError,
  decodeText,
  type ReadPlan,
  type ReadProgress,
} from '../typed-csv';
import { UploadError } from '../upload-error';
import type { KindIngest } from './kind-ingest';

/** Thrown at the end of a rejected read: the problems found (all counted, the first 100 listed). */
export class RejectedUpload extends UploadError {
  constructor(readonly problems: ProblemLog) {
    const first = problems.listed[0];
    const n = (count: number, what: string) =>
      `${count.toLocaleString('en-US')} ${what}${count === 1 ? '' : 's'}`;
    super(
      `${n(problems.count, 'problem')} in ${n(problems.badRows, 'row')}${first ? `; the first: ${ProblemLog.describe(first)}` : ''}`,
      first
        ? {
            row: first.row ?? undefined,
            column: first.column ?? undefined,
            value: first.value ?? undefined,
          }
        : {},
    );
    this.name = 'RejectedUpload';
  }
}

export type BadRowPolicy = 'reject' | 'skip';

const BATCH = 2048;

export interface RecordStream<R> {
  /** Batches of records, in file order. */
  batches: AsyncIterable<R[]>;
  /** Filled as the file is read. */
  problems: ProblemLog;
  /** Records passed on so far. */
  readonly stored: number;
  /**
   * Stops reading (when the consumer gives up before the end); with a reason, the consumer's
   * iteration fails with it (so a load in progress rolls back rather than ending early).
   */
  close(reason?: Error): void;
}

/**
 * Streams a file's records for a kind, in batches, with constant memory: decode (strict UTF-8, or Windows-1252 as detected)
 * → parse → convert and check every row → records. With `reject`, nothing is passed on after the
 * first bad row, the rest of the file is still checked (so up to 100 problems are listed), and
 * the stream fails with RejectedUpload; with `skip`, bad rows are logged and left out.
 */
export function readKindRecords<R>(
  input: Readable,
  plan: ReadPlan,
  kind: KindIngest<R>,
  policy: BadRowPolicy,
  onProgress?: (progress: ReadProgress) => void,
): RecordStream<R> {
  const problems = new ProblemLog();
  const converter = new RowConverter(
    plan,
    kind.columns.map((c) => c.name),
    problems,
  );
  let bytes = 0;
  let row = 0;
  let stored = 0;
  let batch: R[] = [];

  const toRecords = new Transform({
    writableObjectMode: true,
    readableObjectMode: true,
    writableHighWaterMark: BATCH,
    readableHighWaterMark: 4,
    transform(record: string[], _encoding, done) {
      row += 1;
      if ((row & 0x1fff) === 0) onProgress?.({ bytes, rows: row });
      if (row === 1 && plan.hasHeader) return done();
      // An empty (or blank) line: counted, so later row numbers match the file, but not data.
      if (record.length === 1 && record[0]!.trim() === '') return done();
      const cells = converter.convert(record, row);
      if (!cells) return done();
      const out = kind.toRecords(row, cells, problems);
      if (!out || (policy === 'reject' && problems.count > 0)) return done();
      for (const r of out) batch.push(r);
      stored += out.length;
      if (batch.length >= BATCH) {
        const full = batch;
        batch = [];
        return done(null, full);
      }
      done();
    },
    flush(done) {
      onProgress?.({ bytes, rows: row });
      if (policy === 'reject' && problems.count > 0) return done(new RejectedUpload(problems));
      if (stored === 0) {
        return done(
          new UploadError(
            problems.count > 0
              ? `every row has a problem, so there is nothing to store; the first: ${ProblemLog.describe(problems.listed[0]!)}`
              : 'The file has no data rows',
          ),
        );
      }
      if (batch.length) this.push(batch);
      done();
    },
  });

  const parser = csvParser(plan.delimiter);
  const decoder = decodeText(plan.encoding, (b) => (bytes = b));
  // The consumer reads `toRecords`; a failure anywhere upstream ends it with that error.
  pipeline(input, decoder, parser).catch((error: unknown) => {
    toRecords.destroy(
      error instanceof UploadError ? error : (csvSyntaxError(error, row + 1) as Error),
    );
  });
  parser.pipe(toRecords);
  // The consumer sees errors through iteration; this keeps one raised before it starts reading
  // (a small file rejected while the load is still opening its transaction) from going unhandled.
  toRecords.on('error', () => {});
  // A consumer that stops early (the load failed) stops the reading too.
  toRecords.once('close', () => input.destroy());

  return {
    batches: toRecords,
    problems,
    get stored() {
      return stored;
    },
    close: (reason?: Error) => toRecords.destroy(reason),
  };
}
