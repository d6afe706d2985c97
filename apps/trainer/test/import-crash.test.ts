// An import survives kill -9 of the trainer running it: the supervisor of `pnpm start` runs a real
// trainer (`src/main.ts`) under a stable worker id; the trainer is killed with SIGKILL while it
// reads a large file. The upload says "trainer lost" at once, the restarted trainer resumes the
// import as attempt 2 (the queue heartbeat is 10 minutes here, so only the lost-trainer path can
// resume it in time), and every row is stored exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  IMPORT_LOST_MESSAGE,
  getUpload,
  markImportsLost,
  markWorkerLost,
  type UploadRecord,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { localUploadStorage } from '@foresight/imports';
import { claimedUpload, marketCsv } from '@foresight/imports/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Supervisor } from '../../../scripts/supervisor';
import { waitFor } from './process-fixtures';

const trainerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKER_ID = 'test-host:trainer-imports';
const SERIES = 80;
const POINTS = 5000;

let t: TestDatabase;
let queue: QueueClient;
let dataDir: string;
let supervisor: Supervisor | null = null;
const output: string[] = [];

const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms: number) =>
  waitFor(what, probe, { timeoutMs: ms, everyMs: 50, details: () => output.join('\n') });

beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
  dataDir = mkdtempSync(path.join(tmpdir(), 'import-crash-'));
});
afterAll(async () => {
  await supervisor?.stop();
  await queue.stop();
  await t.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('an import killed with its trainer resumes at once and stores its rows exactly once', async () => {
  const org = await seedOrganization(t.db, 'crash');
  const files = { storage: localUploadStorage(dataDir), maxBytes: 1024 ** 3 };
  const uploadId = await claimedUpload(t.db, files, org, marketCsv(SERIES, POINTS));
  const upload = () => getUpload(t.db, org.organizationId, uploadId);

  supervisor = new Supervisor({
    log: (l) => output.push(`[supervisor] ${l}`),
    backoff: { initialMs: 300 },
    stopTimeoutMs: 30_000,
  });
  const trainer = supervisor.add({
    name: 'trainer',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
    cwd: trainerDir,
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      FORESIGHT_DATA_DIR: dataDir,
      FORESIGHT_BACKEND: 'cpu',
      FORESIGHT_WORKER_ID: WORKER_ID,
      FORESIGHT_QUEUE_HEARTBEAT_SECONDS: '600',
      FORESIGHT_QUEUE_SUPERVISE_SECONDS: '600',
    },
    output: (l) => output.push(`[trainer] ${l}`),
    onCrash: async (exit) => {
      await markWorkerLost(t.db, WORKER_ID, `the trainer process died (${exit.how})`);
      await markImportsLost(t.db, WORKER_ID);
    },
  });
  await until('the trainer to listen', async () => output.some((l) => l.includes('listening')), 60_000);

  await queue.send('importUpload', { uploadId });
  await until('the import to be reading', async () => (await upload()).rowsProcessed > 0, 60_000);
  const victim = trainer.process!.pid!;
  process.kill(victim, 'SIGKILL');
  const killedAt = Date.now();

  const lost = await until(
    'the upload to show its trainer lost',
    async () => ((await upload()).message === IMPORT_LOST_MESSAGE ? true : null),
    5_000,
  );
  expect(lost).toBe(true);
  const done = await until<UploadRecord>(
    'the import to finish',
    async () => {
      const u = await upload();
      return u.status !== 'processing' && u.finishedAt ? u : null;
    },
    120_000,
  );

  expect(done).toMatchObject({ status: 'stored', importAttempt: 2, rowsStored: SERIES * POINTS });
  expect(Date.now() - killedAt).toBeLessThan(120_000);
  const stored = await t.db.pool.query<{ points: number; datasets: number }>(
    `SELECT (SELECT count(*)::int FROM market_points WHERE organization_id = $1) AS points,
            (SELECT count(*)::int FROM datasets WHERE organization_id = $1) AS datasets`,
    [org.organizationId],
  );
  expect(stored.rows[0]).toEqual({ points: SERIES * POINTS, datasets: 1 });
  expect(trainer.restarts).toBe(1);
  expect(
    output.some((l) =>
      l.includes(`import of upload ${uploadId}: its trainer (${WORKER_ID}) died; resuming`),
    ),
  ).toBe(true);
}, 240_000);
