// `pnpm bench:analytics`: how fast the behaviour and feature pages' queries answer on 1M events
// (reported, never asserted). Loads a generated 1M-event log (50k users, a year) into a fresh
// database on DATABASE_URL's server (embedded PostgreSQL when unset), rebuilds the analytics
// aggregates as the trainer does after an upload (timed), then loads each page N times the way
// the browser does (its queries in parallel) and writes p50/p95 to bench-results/analytics.json.
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
  refreshAnalytics,
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
  },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function* readRows(file: string): AsyncGenerator<EventRow> {
  const parser = createReadStream(file).pipe(parse({ from_line: 2 }));
  for await (const [userId, at, event, item, amount] of parser as AsyncIterable<string[]>) {
    yield {
      userId: userId!,
      occurredAt: at!,
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
  log(`loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  await refreshAnalytics(t.db, datasetId);
  const refreshSeconds = (Date.now() - started) / 1000;
  log(`aggregates rebuilt in ${refreshSeconds.toFixed(1)} s`);

  const { organizationId } = org;
  const overview = await analyticsOverview(t.db, organizationId, datasetId);
  const [e1, e2, e3] = overview.eventNames;
  const mid = overview.range!;
  const pages: Record<string, () => Promise<unknown>> = {
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
        refreshSeconds,
        runs,
        pages: results,
        target: 'p95 < 300 ms',
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
