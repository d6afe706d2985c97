import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { DbHandle } from '@foresight/db';
import { postgresEngines, type EventsEngines } from '@foresight/events';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { handleImportJob, LocalDiskStorage, type UploadFiles } from '@foresight/imports';
import { jobDefinitions, startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll } from 'vitest';
import type { ColumnSpec, ColumnType, DataKind, KindRoles } from '@foresight/ingest';
import type { UploadView } from '../src/schemas/uploads';
import { appRouter } from '../src/root';
import { createCallerFactory, type ApiContext, type JobSender } from '../src/trpc';

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

/** Uploaded files of this test process, in a temporary directory. */
export const testFiles: UploadFiles = {
  storage: new LocalDiskStorage(mkdtempSync(path.join(tmpdir(), 'foresight-uploads-'))),
  maxBytes: 64 * 1024 * 1024,
};

/** Background work (imports) started by procedures, so tests can wait for it. */
const pending = new Set<Promise<void>>();

export async function settleBackground(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}

/** The queues (and databases with their events engines) of this test file's callers. */
const importQueues = new Map<QueueClient, { db: DbHandle; events: EventsEngines }>();
const enginesOf = new WeakMap<DbHandle, EventsEngines>();

/** The events engines test callers of this database use: PostgreSQL unless set (`useEngines`). */
export function testEngines(db: DbHandle): EventsEngines {
  let engines = enginesOf.get(db);
  if (!engines) enginesOf.set(db, (engines = postgresEngines(db)));
  return engines;
}

/** Makes this database's test callers store new events datasets on these engines. */
export function useEngines(db: DbHandle, engines: EventsEngines): void {
  enginesOf.set(db, engines);
}

/**
 * Runs, in this process, the import jobs the procedures queued (the trainer's job handler on the
 * real queue), after any background work that queues more; returns when none is left.
 */
export async function settleImports(): Promise<void> {
  const name = jobDefinitions.importUpload.queue;
  for (;;) {
    await settleBackground();
    let ran = 0;
    for (const [queue, { db, events }] of importQueues) {
      const jobs = await queue.boss.fetch<unknown>(name, { batchSize: 10 });
      ran += jobs.length;
      for (const job of jobs) {
        try {
          await handleImportJob({ db, events, queue, files: testFiles }, job, {
            workerId: 'api-test',
          });
          await queue.boss.complete(name, job.id);
        } catch (error) {
          await queue.boss.fail(name, job.id, { message: String(error) });
        }
      }
    }
    if (ran === 0 && pending.size === 0) return;
  }
}

/** The app secret test callers run with (webhook secrets are encrypted under it). */
export const TEST_APP_SECRET = 'test-app-secret-that-is-at-least-32-characters';

/** The API context of a test caller: real database and queue, files in a temporary directory. */
export function testContext(
  t: TestDatabase,
  queue: JobSender,
  rest: Pick<ApiContext, 'session'> & Partial<ApiContext>,
): ApiContext {
  const events = rest.events ?? testEngines(t.db);
  if ('boss' in queue) importQueues.set(queue as QueueClient, { db: t.db, events });
  return {
    db: t.db,
    events,
    queue,
    files: testFiles,
    appSecret: TEST_APP_SECRET,
    background: (task) => {
      const run = task().finally(() => pending.delete(run));
      pending.add(run);
    },
    ...rest,
  };
}

export function callerFor(ctx: ApiContext): Caller {
  return createCaller(ctx);
}

export async function signedInCaller(t: TestDatabase, queue: JobSender, label: string) {
  const { userId, organizationId } = await seedOrganization(t.db, label);
  const caller = createCaller(
    testContext(t, queue, {
      session: {
        userId,
        email: `${label}@example.com`,
        name: label,
        activeOrganizationId: organizationId,
      },
    }),
  );
  return { caller, userId, organizationId };
}

/** Announces and sends a file through the real upload path; returns the detection. */
export async function uploadFile(
  caller: Caller,
  content: string | Buffer,
  fileName = 'upload.csv',
): Promise<UploadView> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const { id } = await caller.uploads.create({ fileName, sizeBytes: bytes.length });
  return caller.uploads.receive({ id, body: Readable.from([bytes]) });
}

export interface ImportOptions<K extends DataKind> {
  kind: K;
  /** Default: a new dataset named "upload". */
  target?: { mode: 'new'; name: string } | { mode: 'append' | 'replace'; datasetId: string };
  /** Roles to set over the detected proposal. */
  roles?: Partial<KindRoles[K]>;
  /** Column types to set over the detected ones. */
  types?: Record<string, ColumnType | Partial<ColumnSpec>>;
  badRows?: 'reject' | 'skip';
}

/** The detected columns with overrides, as the mapping step sends them. */
export function confirmedColumns(
  view: UploadView,
  types: ImportOptions<DataKind>['types'] = {},
): ColumnSpec[] {
  return view.detection!.columns.map(({ name, type, dateFormat, decimalSeparator }) => {
    const override = types[name];
    const base: ColumnSpec = { name, type, dateFormat, decimalSeparator };
    return typeof override === 'string' ? { ...base, type: override } : { ...base, ...override };
  });
}

/** Starts an import of a received upload and waits for its outcome. */
export async function importUpload<K extends DataKind>(
  caller: Caller,
  view: UploadView,
  options: ImportOptions<K>,
): Promise<UploadView> {
  const roles = { ...view.detection!.proposals[options.kind], ...options.roles } as KindRoles[K];
  await caller.uploads.ingest({
    uploadId: view.id,
    kind: options.kind,
    target: options.target ?? { mode: 'new', name: 'upload' },
    roles,
    columns: confirmedColumns(view, options.types),
    badRows: options.badRows ?? 'reject',
  });
  await settleImports();
  return caller.uploads.byId({ id: view.id });
}

/** Upload + import in one step; throws unless the file was stored. */
export async function importCsv<K extends DataKind>(
  caller: Caller,
  content: string | Buffer,
  options: ImportOptions<K> & { fileName?: string },
): Promise<UploadView & { datasetId: string; result: NonNullable<UploadView['result']> }> {
  const view = await importUpload(
    caller,
    await uploadFile(caller, content, options.fileName),
    options,
  );
  if (view.status !== 'stored' || !view.datasetId || !view.result) {
    throw new Error(
      `import ${view.status}: ${view.message ?? ''} ${JSON.stringify(view.problems.slice(0, 3))}`,
    );
  }
  return view as UploadView & { datasetId: string; result: NonNullable<UploadView['result']> };
}

export const sampleCsv = [
  'date,region,revenue',
  ...Array.from({ length: 30 }, (_, i) => {
    const d = new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10);
    return [`${d},north,${100 + i}`, `${d},south,${50 + 2 * i}`];
  }).flat(),
].join('\n');

export const marketRoles: KindRoles['market'] = {
  date: 'date',
  values: ['revenue'],
  series: 'region',
};

/**
 * A fresh database and a queue sender for the test file, torn down after it (background imports
 * settled first). Read its fields inside tests and hooks: they are set once `beforeAll` ran.
 */
export function useTestApi(): { t: TestDatabase; queue: QueueClient } {
  const api = {} as { t: TestDatabase; queue: QueueClient };
  beforeAll(async () => {
    api.t = await createTestDatabase();
    api.queue = await startQueue(api.t.url, { role: 'sender' });
  });
  afterAll(async () => {
    await settleImports();
    await api.queue?.stop();
    await api.t?.drop();
  });
  return api;
}

/**
 * A labelled customers CSV with enough of each class to train churn on (id,plan,churned; ids
 * `<prefix>1…`): `perClass` who stayed, then `perClass` who churned.
 */
export function labelledCustomersCsv(prefix = 'c', perClass = 10): string {
  const rows = Array.from({ length: 2 * perClass }, (_, i) =>
    [`${prefix}${i + 1}`, i % 2 ? 'free' : 'pro', i < perClass ? 'no' : 'yes'].join(','),
  );
  return ['id,plan,churned', ...rows].join('\n');
}
