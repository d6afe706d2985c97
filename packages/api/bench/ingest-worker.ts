// One bench:ingest measurement in its own process, so its peak RSS is the ingestion's alone:
//   tsx bench/ingest-worker.ts <database-url> <file> <kind> <import|parse>
// `import` runs the server's real path: receive (stream into file storage + detection) → the
// import job's attempt (parse, validate, COPY, commit), run here rather than through the queue so
// its time is the import's alone → column profile. `parse` receives, then only parses and
// validates (no database), to tell how the import's time splits.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, refreshDatasetProfile, getUpload } from '@foresight/db';
import { seedOrganization } from '@foresight/db/testing';
import { kindIngest, readKindRecords, type DataKind, type KindRoles } from '@foresight/ingest';
import { startQueue } from '@foresight/queue';
import { openEventsEngines } from '@foresight/events';
import { LocalDiskStorage, runImport } from '@foresight/imports';
import { claimImport } from '../src/services/ingest-upload';
import { openUpload, receiveUpload } from '../src/services/receive-upload';

const [url, file, kindArg, mode] = process.argv.slice(2) as [
  string,
  string,
  DataKind,
  'import' | 'parse',
];
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const db = createDb(url);
const queue = await startQueue(url, { role: 'sender' });
const dir = await mkdtemp(path.join(tmpdir(), 'bench-ingest-'));
const files = { storage: new LocalDiskStorage(dir), maxBytes: 2 * 1024 ** 3 };
const baselineRssMb = rssMb();
try {
  const { organizationId, userId } = await seedOrganization(db, `bench-${Date.now()}`);
  const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));

  let t = process.hrtime.bigint();
  const slot = await openUpload(db, files, {
    organizationId,
    userId,
    fileName: path.basename(file),
    sizeBytes: size,
  });
  const view = await receiveUpload(db, files, organizationId, slot.id, createReadStream(file));
  const receiveSeconds = seconds(t);
  const detection = view.detection!;
  const roles = detection.proposals[kindArg] as KindRoles[DataKind];
  const plan = {
    delimiter: detection.delimiter,
    hasHeader: detection.hasHeader,
    header: detection.header,
    columns: detection.columns,
  };

  if (mode === 'parse') {
    t = process.hrtime.bigint();
    const { storageKey } = await getUpload(db, organizationId, slot.id);
    const stream = readKindRecords(
      files.storage.read(storageKey),
      plan,
      kindIngest(kindArg, roles, plan),
      'reject',
    );
    let records = 0;
    for await (const batch of stream.batches) records += batch.length;
    console.log(JSON.stringify({ parseValidateSeconds: seconds(t), records }));
  } else {
    t = process.hrtime.bigint();
    const events = await openEventsEngines(db);
    const deps = { db, events, queue, files, organizationId, userId, log: console.error };
    await claimImport(deps, {
      uploadId: slot.id,
      kind: kindArg,
      target: { mode: 'new', name: 'bench' },
      roles,
      columns: detection.columns,
      badRows: 'reject',
    });
    await runImport(deps, slot.id, { workerId: 'bench', queueJobId: null });
    const importSeconds = seconds(t);
    const done = await getUpload(db, organizationId, slot.id);
    if (done.status !== 'stored') throw new Error(`import ${done.status}: ${done.message}`);
    // The import ends with the column profile (computed after commit); time it on its own.
    t = process.hrtime.bigint();
    await refreshDatasetProfile(db, organizationId, done.datasetId!);
    const profileSeconds = seconds(t);
    console.log(
      JSON.stringify({
        kind: kindArg,
        bytes: size,
        rows: done.rowsStored,
        receiveSeconds,
        loadSeconds: importSeconds - profileSeconds,
        profileSeconds,
        baselineRssMb,
        peakRssMb: rssMb(),
        columns: detection.columns.map((c) => `${c.name}:${c.type}`),
      }),
    );
  }
} finally {
  await queue.stop();
  await db.close();
  await rm(dir, { recursive: true, force: true });
}
