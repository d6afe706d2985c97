// `pnpm bench:scale`: Foresight's events engines side by side at scale, in one run (issue 18).
//   1. generates a realistic product event log (the sample-data generator: heavy-tailed users,
//      7 event names, items with a popularity skew, revenue on purchases, one year) of --events
//      events (default 10M) to a CSV file in a temporary directory, once;
//   2. creates its own PostgreSQL database (on DATABASE_URL's server; embedded when unset) with an
//      organization, and starts its own chDB server on a temporary data directory;
//   3. for each engine (--engines postgres,chdb): loads the CSV as an import stores it
//      (storeEventsDataset → rows/s) and refreshes (rollups, stored profile); times each
//      analytics page (Behaviour: overview by day/week/month, with an event filter, over the
//      last 90 days, retention by week/month; Features: feature retention at 30 days, a 3-step
//      funnel) and the Data page once cold and --runs times warm (p50/p95); trains churn and
//      recommendations from the whole log through the trainer's job functions in a process of
//      their own (time, peak RSS); and measures training throughput of small jobs with 1, then 2
//      trainer processes (jobs/hour);
//   4. writes the JSON (machine, sizes, every figure with its unit; --out, default
//      bench-results/scale-<date>.json), prints a side-by-side table with the targets checked,
//      and always drops its database, stops its processes and deletes its temporary files.
import { mkdir, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startDatabase } from '@foresight/db/server';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import {
  chdbStatus,
  databaseBytes,
  directoryBytes,
  ENGINE_LABELS,
  openEngines,
  startChdb,
  type ChdbServer,
  type EngineKey,
} from './engines';
import { generateLog, readRate } from './generate';
import { loadLog } from './load';
import { bytes, duration, estimate, parseOptions, USAGE, type ScaleOptions } from './options';
import { measurePages, pages } from './pages';
import { root, samplePeakRss, stopAllChildren } from './processes';
import {
  checkTargets,
  targetEvents,
  gitCommit,
  machineInfo,
  table,
  UNITS,
  type EngineReport,
  type ScaleReport,
} from './report';
import { smallDatasets, throughput } from './throughput';
import { trainOnce } from './training';

const started = performance.now();
const log = (line: string) => console.log(`[bench:scale] ${line}`);

let options: ScaleOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`bench:scale: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const o = options;

if (o.engines.includes('chdb') && !chdbStatus().installed) {
  console.error(
    `bench:scale: the chDB engine is not installed in ${chdbStatus().home}: run \`pnpm --filter @foresight/events chdb:install\` ` +
      '(~545 MB) or pass --engines postgres',
  );
  process.exit(2);
}

// ---- the plan, with the disk and time it should take ----
const e = estimate(o);
const free = await statfs(o.tmp).then(
  (s) => s.bavail * s.bsize,
  () => null,
);
log(
  `${o.events.toLocaleString('en-US')} events on ${o.engines.map((k) => ENGINE_LABELS[k]).join(' and ')}` +
    `${o.skipTraining ? ', no training' : ''}${o.throughputJobs ? `, throughput ${o.throughputJobs} jobs × 1 and 2 trainers` : ''}`,
);
log(
  `estimated disk: CSV ${bytes(e.csvBytes)} + chDB ${bytes(e.storageBytes.chdb ?? 0)} in ${o.tmp}` +
    `${free !== null ? ` (${bytes(free)} free)` : ''}` +
    `${e.storageBytes.postgres ? `, PostgreSQL ~${bytes(e.storageBytes.postgres)} on its server` : ''}`,
);
log(
  `estimated time: ~${duration(e.seconds)} (${Object.entries(e.parts)
    .map(([k, s]) => `${k} ${duration(s)}`)
    .join(', ')}) on 2 cores`,
);
const tmpNeeds = e.csvBytes + (e.storageBytes.chdb ?? 0);
if (free !== null && free < tmpNeeds * 1.2) {
  console.error(
    `bench:scale: ${o.tmp} has ${bytes(free)} free, the run needs about ${bytes(tmpNeeds)}: pass --tmp <dir>`,
  );
  process.exit(2);
}
if (o.events > 10_000_000 && !o.skipTraining) {
  log(
    `training from ${o.events.toLocaleString('en-US')} events is most of that time (and past the trainer's ` +
      'memory guard): --skip-training leaves it out',
  );
}
if (o.events > 10_000_000 && !o.yes) {
  log('a run above 10M events: starting in 10 s (Ctrl-C to stop; --yes skips this wait)');
  await new Promise((r) => setTimeout(r, 10_000));
}

// ---- setup: database, temporary directory, chDB server ----
const database = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => {} }
  : await startDatabase({ log: () => {} });
process.env.TEST_DATABASE_URL = database.url;
await mkdir(o.tmp, { recursive: true });
const dir = await mkdtemp(path.join(o.tmp, 'bench-scale-'));
let t: TestDatabase | null = null;
let chdb: ChdbServer | null = null;
let cleaning: Promise<void> | null = null;

/**
 * Drops the benchmark's database. DROP DATABASE waits for every backend of the server to answer
 * a signal barrier, which a busy shared server can hold up for minutes: after a minute the
 * benchmark goes on and says how to drop it later (the server finishes the drop on its own).
 */
async function dropDatabase(test: TestDatabase): Promise<void> {
  const name = new URL(test.url).pathname.slice(1);
  const timeout = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), 60_000).unref(),
  );
  const outcome = await Promise.race([
    test.drop().then(
      () => 'dropped' as const,
      (error: unknown) => error as Error,
    ),
    timeout,
  ]);
  if (outcome === 'timeout')
    log(
      `the drop of database ${name} is still waiting on the server; if it stays, run DROP DATABASE ${name} WITH (FORCE)`,
    );
  else if (outcome !== 'dropped') log(`could not drop database ${name}: ${outcome.message}`);
}

async function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAllChildren().catch(() => {});
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    if (t) await dropDatabase(t);
    await database.stop().catch(() => {});
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

const engineReports: Partial<Record<EngineKey, EngineReport>> = {};
let exitCode = 0;
try {
  t = await createTestDatabase();
  const db = t.db;
  const org = await seedOrganization(db, 'bench');
  const { rows: version } = await db.pool.query<{ v: string }>(
    "SELECT current_setting('server_version') AS v",
  );
  if (o.engines.includes('chdb')) {
    chdb = await startChdb(path.join(dir, 'chdb'), o.chdbMemoryMb);
    log(`chDB server on 127.0.0.1:${chdb.port} (data in ${chdb.dataDir})`);
  }

  // ---- the log, once ----
  log(`generating ${o.events.toLocaleString('en-US')} events`);
  const generated = await generateLog(path.join(dir, 'events.csv'), o.events);
  log(
    `${generated.events.toLocaleString('en-US')} events of ${generated.users.toLocaleString('en-US')} users, ` +
      `${generated.items.toLocaleString('en-US')} items, ${generated.from} … ${generated.to}: ${bytes(generated.bytes)} in ` +
      `${generated.seconds.toFixed(1)} s`,
  );
  const read = await readRate(generated.file);
  log(
    `written at ${Math.round(generated.eventsPerSecond).toLocaleString('en-US')} events/s; reading and ` +
      `parsing the CSV alone: ${Math.round(read.rowsPerSecond).toLocaleString('en-US')} rows/s`,
  );

  for (const key of o.engines) {
    const report: EngineReport = { phaseSeconds: {}, errors: [] };
    engineReports[key] = report;
    const step = async (what: string, run: () => Promise<void>) => {
      const began = performance.now();
      try {
        await run();
      } catch (error) {
        const message = `${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
        report.errors.push(message);
        log(`${ENGINE_LABELS[key]}: ${message}`);
      } finally {
        report.phaseSeconds[what] = (performance.now() - began) / 1000;
      }
    };
    log(`── ${ENGINE_LABELS[key]} ──`);
    const server = chdb && key === 'chdb' ? samplePeakRss(chdb.child.process.pid!) : null;
    const { engines, engine } = await openEngines(db, key, chdb);
    try {
      const before = key === 'postgres' ? await databaseBytes(db) : 0;
      let datasetId: string | null = null;
      await step('load', async () => {
        const loaded = await loadLog(engines, engine, db, org.organizationId, generated.file);
        datasetId = loaded.datasetId;
        report.load = {
          rows: loaded.rows,
          seconds: loaded.seconds,
          rowsPerSecond: loaded.rowsPerSecond,
        };
        report.refresh = { seconds: loaded.refreshSeconds };
        report.storageBytes =
          key === 'postgres'
            ? (await databaseBytes(db)) - before
            : await directoryBytes(chdb!.dataDir);
        log(
          `loaded ${loaded.rows.toLocaleString('en-US')} rows in ${loaded.seconds.toFixed(1)} s ` +
            `(${Math.round(loaded.rowsPerSecond).toLocaleString('en-US')} rows/s), refreshed in ${loaded.refreshSeconds.toFixed(1)} s, ` +
            `${bytes(report.storageBytes)} on disk`,
        );
      });
      const id = datasetId as string | null;
      if (id) {
        const scope = { organizationId: org.organizationId, datasetId: id };
        await step('pages', async () => {
          report.pages = await measurePages(
            pages(engines, db, scope, { from: generated.from, to: generated.to }),
            o.runs,
            {
              timeoutMs: o.pageTimeoutSeconds * 1000,
              budgetMs: o.pageBudgetSeconds * 1000,
              // What an abandoned request left running in the benchmark's own database.
              cancel: async () => {
                await db.pool.query(
                  `SELECT pg_cancel_backend(pid) FROM pg_stat_activity
                   WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
                );
              },
            },
            (line) => log(`  ${line}`),
          );
        });
        if (!o.skipTraining) {
          report.training = {};
          for (const task of ['churn', 'recommend'] as const) {
            await step(`${task} training`, async () => {
              try {
                const result = await trainOnce(
                  { databaseUrl: t!.url, ...scope, task, chdbPort: chdb?.port ?? null },
                  o.trainingTimeoutMinutes,
                  log,
                );
                report.training![task] = result;
                log(
                  `  ${task}: ${result.seconds.toFixed(1)} s, peak RSS ${Math.round(result.peakRssMb)} MB ` +
                    `(${result.backend}; guard estimate ${result.guardEstimateMb} MB) — ${result.summary}`,
                );
              } catch (error) {
                report.training![task] = { error: (error as Error).message };
                throw error;
              }
            });
          }
        }
      }
      if (o.throughputJobs > 0) {
        await step('throughput', async () => {
          const datasets = Math.max(1, Math.ceil(o.throughputJobs / 2));
          log(
            `throughput: ${datasets} small logs of ~${o.throughputEvents.toLocaleString('en-US')} events`,
          );
          const ids = await smallDatasets(
            engines,
            engine,
            db,
            org.organizationId,
            datasets,
            o.throughputEvents,
          );
          const runs = await throughput({
            db,
            databaseUrl: t!.url,
            organizationId: org.organizationId,
            datasetIds: ids,
            jobs: o.throughputJobs,
            env: { ...(chdb?.env ?? {}), FORESIGHT_DATA_DIR: path.join(dir, 'trainer-data') },
            timeoutMinutes: o.trainingTimeoutMinutes,
            log: (line) => log(`  ${line}`),
          });
          report.throughput = runs;
          const failed = runs.filter((r) => r.failed > 0);
          if (failed.length) {
            const errors = [...new Set(failed.flatMap((r) => r.errors))];
            throw new Error(`jobs failed: ${errors.join('; ') || 'no error recorded'}`);
          }
        });
      }
    } finally {
      await engines.close();
      const peak = server?.stop();
      if (peak) report.serverPeakRssMb = Math.round(peak);
    }
    if (report.errors.length) exitCode = 1;
  }

  // ---- the report ----
  const report: ScaleReport = {
    benchmark: 'bench:scale',
    date: new Date().toISOString(),
    commit: gitCommit(),
    units: UNITS,
    machine: machineInfo({
      postgres: version[0]?.v ?? null,
      chdb: o.engines.includes('chdb') ? chdbStatus().version : null,
      chdbMaxMemoryMb: o.engines.includes('chdb') ? o.chdbMemoryMb : null,
    }),
    options: {
      events: o.events,
      engines: o.engines,
      skipTraining: o.skipTraining,
      throughputJobs: o.throughputJobs,
      throughputEvents: o.throughputEvents,
      runs: o.runs,
      pageTimeoutSeconds: o.pageTimeoutSeconds,
      pageBudgetSeconds: o.pageBudgetSeconds,
      chdbMemoryMb: o.chdbMemoryMb,
      trainingTimeoutMinutes: o.trainingTimeoutMinutes,
    },
    log: {
      ...generated,
      file: path.basename(generated.file),
      readRowsPerSecond: read.rowsPerSecond,
    },
    engines: engineReports,
    targets: checkTargets(engineReports, generated.events),
    targetsApplyAt: { events: targetEvents(generated.events), cores: 2 },
    wallSeconds: (performance.now() - started) / 1000,
  };
  await mkdir(path.dirname(o.out), { recursive: true });
  await writeFile(o.out, JSON.stringify(report, null, 2) + '\n');
  console.log('');
  console.log(table(report));
  console.log('');
  const failed = report.targets.filter((x) => x.pass === false);
  log(
    `targets (set for ${report.targetsApplyAt.events / 1_000_000}M events on 2 cores): ${report.targets.filter((x) => x.pass).length} met, ${failed.length} missed` +
      (failed.length ? ` (${failed.map((x) => `${x.engine} ${x.what}`).join('; ')})` : ''),
  );
  log(`wrote ${path.relative(root, o.out)} in ${duration(report.wallSeconds)}`);
} catch (error) {
  console.error('[bench:scale] failed:', error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
