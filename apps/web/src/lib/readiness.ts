import type { RouterOutputs } from '@foresight/api';
import type { DataKind } from '@foresight/ingest';

/** `uploads.readiness`: what a received file is enough for under the current mapping. */
export type ReadinessPreview = RouterOutputs['uploads']['readiness'];
export type TaskReadiness = ReadinessPreview['tasks'][number];

/** "Runway and risk needs at least 6 months of revenue and expenses; the file has 3 months." */
export function readinessSentence(t: TaskReadiness): string {
  return `${t.label} needs ${t.minimum}; ${t.has}.`;
}

/** The badge beside a task: ready, not enough, or not enough in the rows read so far. */
export function readinessBadge(t: TaskReadiness): { text: string; ready: boolean } {
  if (t.ready) return { text: t.certain ? 'ready' : 'ready on the rows read', ready: true };
  return { text: t.certain ? 'not enough data' : 'not enough in the rows read', ready: false };
}

/** When the file was not read to the end: what the answer rests on. */
export function partialNote(p: ReadinessPreview): string | null {
  if (p.complete || p.problem !== null) return null;
  return (
    `Counted on the first ${p.rowsRead.toLocaleString('en-US')} rows; the import reads them all ` +
    'and checks again before training.'
  );
}

/** Why no task appears at all, for the kinds where a mapping choice adds one. */
export function noTaskNote(kind: DataKind): string {
  return kind === 'customers'
    ? 'No task trains on this as mapped: pick the “Churned? (yes/no)” column to train churn.'
    : 'No task trains on this data as mapped.';
}

/**
 * The line beside Import: whether importing will start training. Null while unknown, and when
 * every task will train.
 */
export function trainingNotice(p: ReadinessPreview | undefined): string | null {
  if (!p) return null;
  if (p.problem !== null) return 'As set up now the import would store nothing (see above).';
  const ready = p.tasks.filter((t) => t.ready);
  if (ready.length === 0)
    return p.tasks.length === 0
      ? 'Importing stores the rows; no training will start.'
      : 'Training will not start: the data is not enough for any task yet. Importing still ' +
          'stores the rows; append more data later and training can start then.';
  if (ready.length < p.tasks.length)
    return `Training will start for ${ready.map((t) => t.label).join(' and ')} only.`;
  return null;
}
