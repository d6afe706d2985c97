/**
 * Peak memory of churn and recommendations trained from an events dataset in PostgreSQL (what
 * memory-guard.ts's per-event figures come from). Each run is its own process, so its peak RSS
 * is the job's alone:
 *
 *   tsx bench/events-memory.ts setup [--events 1000000]          → prints the dataset as JSON
 *   tsx bench/events-memory.ts run <churn|recommend> <raw|streamed> '<json from setup>' [--epochs 10]
 *
 * `raw` reads every event into JS arrays (readEvents, the batch CLI's shape); `streamed` reads
 * the coded log / the aggregated pairs as the trainer's jobs do. Data: ml-core's
 * syntheticEventLog (users ≈ events / 33, 300 items, a year). Drop the database when done
 * (`DROP DATABASE <database> WITH (FORCE)` on the server).
 */
import { createDb, createEventsDataset, readEvents } from '@foresight/db';
import { createEmptyTestDatabase, seedOrganization } from '@foresight/db/testing';
import { applyMigrations } from '@foresight/db/migrate';
import { syntheticEventLog } from '@foresight/ml-core';
import { selectBackend } from '../src/backend';
import { runChurnPipeline } from '../src/churn-pipeline';
import { runRecommendPipeline } from '../src/recommend-pipeline';
import { postgresTrainingReads } from '../src/training-reads';

interface BenchDataset {
  url: string;
  serverUrl: string;
  database: string;
  organizationId: string;
  datasetId: string;
  events: number;
}

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

async function setup(): Promise<void> {
  const events = flag('events', 1_000_000);
  const empty = await createEmptyTestDatabase();
  await applyMigrations(empty.url);
  const db = createDb(empty.url, { max: 2 });
  const org = await seedOrganization(db, 'bench');
  const log = syntheticEventLog({
    users: Math.round(events / 33),
    events,
    days: 365,
    seed: 11,
  }).events;
  const { id, rowCount } = await createEventsDataset(db, {
    organizationId: org.organizationId,
    userId: org.userId,
    name: 'bench',
    sourceFileName: null,
    mapping: { user: 'u', time: 't', event: 'e', item: 'i', value: 'v' },
    rows: log.userIds.map((userId, i) => ({
      userId,
      occurredAt: new Date(log.times[i] as number).toISOString(),
      eventName: log.eventNames?.[i] ?? null,
      itemId: log.items?.[i] ?? null,
      value: log.values?.[i] ?? null,
    })),
  });
  await db.close();
  const url = new URL(empty.url);
  const out: BenchDataset = {
    url: empty.url,
    serverUrl: process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '',
    database: url.pathname.slice(1),
    organizationId: org.organizationId,
    datasetId: id,
    events: rowCount,
  };
  console.log(JSON.stringify(out));
}

async function run(task: string, mode: string, dataset: BenchDataset): Promise<void> {
  const epochs = flag('epochs', 10);
  await selectBackend({ prefer: 'wasm' });
  const db = createDb(dataset.url, { max: 2 });
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  const scope = { organizationId: dataset.organizationId, datasetId: dataset.datasetId };
  let readMs = 0;
  let readPeak = 0;
  const afterRead = () => {
    readMs = performance.now() - started;
    readPeak = Math.max(peak, process.memoryUsage.rss());
  };
  if (mode !== 'raw' && mode !== 'streamed') throw new Error(`unknown mode ${mode}`);
  const reads = postgresTrainingReads(db);
  if (task === 'churn') {
    const log =
      mode === 'raw'
        ? await readEvents(db, scope.organizationId, scope.datasetId)
        : await reads.eventLog(scope);
    afterRead();
    let phase = '';
    await runChurnPipeline(
      { kind: 'events', log },
      {
        epochs,
        onProgress: (p) => {
          if (!process.env.BENCH_PHASES || p.phase === phase) return;
          phase = p.phase;
          const rss = Math.round(process.memoryUsage.rss() / 2 ** 20);
          console.error(`${phase}: rss ${rss} MB, peak ${Math.round(peak / 2 ** 20)} MB`);
        },
      },
    );
  } else {
    const input =
      mode === 'raw'
        ? await readEvents(db, scope.organizationId, scope.datasetId)
        : await reads.interactions(scope);
    afterRead();
    await runRecommendPipeline(input, { epochs });
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  await db.close();
  const mb = (b: number) => Math.round(b / 2 ** 20);
  console.log(
    JSON.stringify({
      task,
      mode,
      events: dataset.events,
      baselineMb: mb(baseline),
      readPeakMb: mb(readPeak),
      peakMb: mb(peak),
      bytesPerEvent: Math.round((peak - baseline) / dataset.events),
      readS: +(readMs / 1000).toFixed(1),
      totalS: +((performance.now() - started) / 1000).toFixed(1),
    }),
  );
}

const [command, ...rest] = args;
if (command === 'setup') await setup();
else if (command === 'run') await run(rest[0] ?? '', rest[1] ?? '', JSON.parse(rest[2] ?? '{}'));
else throw new Error('usage: setup | run <churn|recommend> <raw|streamed> <json>');
process.exit(0);
