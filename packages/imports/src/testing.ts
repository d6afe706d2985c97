// Test fixtures (also for the trainer's tests): an upload received, detected and claimed for import.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { claimUploadForIngest, createUpload, markUploadStaged, type DbHandle } from '@foresight/db';
import { DETECTION_BYTES, detectTable, type DataKind, type KindRoles } from '@foresight/ingest';
import { LocalDiskStorage, type UploadFiles } from './storage';

export const testFiles = (): UploadFiles => ({
  storage: new LocalDiskStorage(mkdtempSync(path.join(tmpdir(), 'imports-test-'))),
  maxBytes: 1024 ** 3,
});

/** A market CSV of `points` monthly values in each of `series` series. */
export function marketCsv(series: number, points: number): string {
  const lines = ['series,date,value'];
  for (let s = 0; s < series; s++)
    for (let i = 0; i < points; i++) {
      const date = new Date(Date.UTC(2000, i, 1)).toISOString().slice(0, 10);
      lines.push(`s${s},${date},${(100 + s + 0.5 * i).toFixed(2)}`);
    }
  return lines.join('\n') + '\n';
}

/** An events CSV of `rows` events by 500 users over 200 days (user, time, event, item). */
export function eventsCsv(rows: number): string {
  const lines = ['user,time,event,item'];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + Math.floor((i / rows) * 200 * 86_400_000)).toISOString();
    lines.push(`u${(i * 7919) % 500},${at},${i % 3 ? 'view' : 'buy'},item${(i * 31) % 97}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A received and detected upload, claimed for an import into a new dataset with the detected
 * proposal (what `uploads.ingest` leaves behind before the job runs). Returns its id.
 */
export async function claimedUpload(
  db: DbHandle,
  files: UploadFiles,
  org: { organizationId: string; userId: string },
  csv: string,
  kind: DataKind = 'market',
): Promise<string> {
  const upload = await createUpload(db, {
    ...org,
    fileName: `${kind}.csv`,
    declaredBytes: Buffer.byteLength(csv),
    storageKey: (id) => `${org.organizationId}/${id}.csv`,
  });
  const size = await files.storage.put(upload.storageKey, Readable.from([csv]), files.maxBytes);
  const detection = detectTable(await files.storage.head(upload.storageKey, DETECTION_BYTES), size);
  await markUploadStaged(db, upload.id, size, detection);
  const roles = detection.proposals[kind] as KindRoles[DataKind];
  const request = {
    kind,
    target: { mode: 'new', name: 'imported' },
    roles,
    columns: detection.columns,
    badRows: 'reject',
  };
  const claim = { kind, mode: 'new' as const, datasetId: null, request };
  if (!(await claimUploadForIngest(db, org.organizationId, upload.id, claim)))
    throw new Error('claim refused');
  return upload.id;
}
