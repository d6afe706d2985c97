// `pnpm bench:analytics`: how fast events load and the behaviour, feature and dataset pages'
// queries answer on 1M events (reported, never asserted; `--events N` for another size). Loads a
// generated log (50k users, a year) into a fresh database on DATABASE_URL's server (embedded
// PostgreSQL when unset) through the loader (rows/s), rebuilds the analytics aggregates and the
// stored profile as the jobs after an upload do (timed), appends `--append` more events in the
// month after the log (rows/s of an incremental load, and the refresh after it), then loads each
// page N times the way the browser does (its queries in parallel) and writes p50/p95 to
// bench-results/analytics.json.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  analyticsFeatures,
  analyticsFunnel,
  analyticsOverview,
  analyticsRetention,
  createEventsDataset,
  getDatasetDetail,
  previewDataset,
  refreshAnalytics,
  refreshDatasetProfile,
  type EventRow,
} from '@foresight/db';
import { startDatabase } from '@foresight/db/server';
import { createTestDatabase, seedOrganization } from '@foresight/db/testing';
import { parse } from 'csv-parse';
import { writeEventsCsv } from './generate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const log = (line: string) => console.log(`[bench:analytics] ${line}`);
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    append: { type: 'string', default: '100000' },
  },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The generated log's year (see generate.ts). */
const LOG_START = Date.UTC(2025, 0, 1);
const NEXT_MONTH = Date.UTC(2026, 0, 1);

/** The file's rows; `nextMonth`: its year squeezed into the month after it (an append). */
async function* readRows(file: string, nextMonth = false): AsyncGenerator<EventRow> {
  const parser = createReadStream(file).pipe(parse({ from_line: 2 }));
  for await (const [userId, at, event, item, amount] of parser as AsyncIterable<string[]>) {
    yield {
      userId: userId!,
      occurredAt: nextMonth
        ? new Date(NEXT_MONTH + (Date.parse(at!) - LOG_START) / 12).toISOString()
        : at!,
      eventName: event!,
      itemId: item!,
      value: amount ? Number(amount) : null,
    };
  }
}

const database = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => {} }
  : await startDatabase({ log: () => {} });
process.env.TEST_DATABASE_URL = database.url;
const dir = await mkdtemp(path.join(tmpdir(), 'bench-analytics-'));
const t = await createTestDatabase();
try {
  const events = Number(args.events);
  const file = path.join(dir, 'events.csv');
  log(`generating ${events.toLocaleString('en-US')} events`);
  await writeEventsCsv(file, events);
  const org = await seedOrganization(t.db, 'bench');
  let started = Date.now();
  const { id: datasetId } = await createEventsDataset(t.db, {
    ...org,
    name: 'bench',
    sourceFileName: null,
    mapping: {},
    rows: readRows(file),
  });
  const loadSeconds = (Date.now() - started) / 1000;
  log(
    `loaded in ${loadSeconds.toFixed(1)} s (${Math.round(events / loadSeconds).toLocaleString('en-US')} rows/s)`,
  );
  started = Date.now();
  await refreshAnalytics(t.db, datasetId);
  const refreshSeconds = (Date.now() - started) / 1000;
  log(`aggregates rebuilt in ${refreshSeconds.toFixed(1)} s`);
  const { organizationId } = org;
  started = Date.now();
  await refreshDatasetProfile(t.db, organizationId, datasetId);
  const profileSeconds = (Date.now() - started) / 1000;
  log(`profile stored in ${profileSeconds.toFixed(1)} s`);

  // An incremental load: the next month's events of the same users.
  const appendRows = Number(args.append);
  let append = null;
  if (appendRows > 0) {
    const next = path.join(dir, 'append.csv');
    await writeEventsCsv(next, appendRows);
    started = Date.now();
    await createEventsDataset(t.db, {
      ...org,
      name: 'bench',
      sourceFileName: null,
      mapping: {},
      rows: readRows(next, true),
      target: { mode: 'append', datasetId },
    });
    const seconds = (Date.now() - started) / 1000;
    started = Date.now();
    await refreshAnalytics(t.db, datasetId);
    const appendRefreshSeconds = (Date.now() - started) / 1000;
    append = {
      rows: appendRows,
      seconds,
      rowsPerSecond: Math.round(appendRows / seconds),
      refreshSeconds: appendRefreshSeconds,
    };
    log(
      `appended ${appendRows.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s ` +
        `(${append.rowsPerSecond.toLocaleString('en-US')} rows/s); aggregates rebuilt in ${appendRefreshSeconds.toFixed(1)} s`,
    );
  }

  // Table statistics, as autovacuum gathers them soon after a load (it is off on some test
  // servers; without them the pages' small joins can pick nested loops).
  await t.db.pool.query('ANALYZE');
  const overview = await analyticsOverview(t.db, organizationId, datasetId);
  const [e1, e2, e3] = overview.eventNames;
  const mid = overview.range!;
  const pages: Record<string, () => Promise<unknown>> = {
    'dataset (detail with stored profile + preview)': () =>
      Promise.all([
        getDatasetDetail(t.db, organizationId, datasetId),
        previewDataset(t.db, organizationId, datasetId),
      ]),
    'behaviour (daily, whole range)': () =>
      Promise.all([
        analyticsOverview(t.db, organizationId, datasetId, { grain: 'day' }),
        analyticsRetention(t.db, organizationId, datasetId, 'week'),
      ]),
    'behaviour (weekly, one event)': () =>
      Promise.all([
        analyticsOverview(t.db, organizationId, datasetId, { grain: 'week', event: e1 }),
        analyticsRetention(t.db, organizationId, datasetId, 'month'),
      ]),
    'behaviour (custom 3-month range)': () =>
      analyticsOverview(t.db, organizationId, datasetId, {
        from: mid.from,
        to: new Date(Date.parse(mid.from) + 90 * 86_400_000).toISOString().slice(0, 10),
      }),
    'feature optimisation (features + 3-step funnel)': () =>
      Promise.all([
        analyticsFeatures(t.db, organizationId, datasetId, 30),
        analyticsFunnel(t.db, organizationId, datasetId, [e1!, e2!, e3!]),
      ]),
  };
  const runs = Number(args.runs);
  const results: Record<string, { p50: number; p95: number; max: number }> = {};
  for (const [name, load] of Object.entries(pages)) {
    await load(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      await load();
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    times.sort((a, b) => a - b);
    results[name] = { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
    log(
      `${name}: p50 ${results[name].p50.toFixed(0)} ms, p95 ${results[name].p95.toFixed(0)} ms (${runs} loads)`,
    );
  }
  await mkdir(path.join(root, 'bench-results'), { recursive: true });
  const out = path.join(root, 'bench-results', 'analytics.json');
  await writeFile(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        cpus: cpus().length,
        events,
        loadSeconds,
        loadRowsPerSecond: Math.round(events / loadSeconds),
        refreshSeconds,
        profileSeconds,
        append,
        runs,
        pages: results,
        target:
          'at 10M events on 2 cores: analytics pages p95 < 1.5 s, dataset page < 1 s, load >= 200k rows/s',
      },
      null,
      2,
    ),
  );
  log(`wrote ${path.relative(root, out)}`);
} finally {
  await t.drop();
  await rm(dir, { recursive: true, force: true });
  await database.stop();
}
