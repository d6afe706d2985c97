// `pnpm bench:api`: load benchmark of the tRPC API over HTTP on loopback.
//   tsx scripts/bench-api/run.ts [--seconds 60] [--rps 100] [--hold]
// 1. creates a fresh database foresight_bench_<random> on the server in DATABASE_URL and starts the
//    app on it as the e2e does (scripts/start.ts, port 3290);
// 2. seeds it through the public HTTP API only (sign-up, API key, two uploads — create, PUT the
//    file, ingest — waits for training);
// 3. runs load.ts as a second process: open-loop mixed reads at a fixed rate (after a 5 s
//    warm-up at the same rate, reported apart);
// 4. prints per-procedure latency percentiles and errors, writes bench-results/api.json, and checks
//    the targets (p95 < 50 ms for forecasts.latest and churn.latest, zero errors);
// 5. always stops the app and drops the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import type { Sample } from './load';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// `pg` is a dependency of @foresight/db (the root package only lists @foresight/db): resolve it
// from there rather than adding a dependency.
interface PgClient {
  connect(): Promise<unknown>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
const pg = createRequire(path.join(root, 'packages/db/package.json'))('pg') as {
  Client: new (config: { connectionString: string }) => PgClient;
};
const PORT = 3290;
const BASE = `http://localhost:${PORT}`;
const TARGET_P95_MS = 50;
const TARGETED = ['forecasts.latest', 'churn.latest'];
const log = (line: string) => console.log(`[bench:api] ${line}`);

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rps: { type: 'string', default: '100' },
    // Seed, print the key and dataset ids, and keep the app up until Ctrl-C (for investigating).
    hold: { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const rps = Number(args.rps);
if (!(seconds > 0) || !(rps > 0)) {
  console.error('bench:api: --seconds and --rps must be positive numbers');
  process.exit(2);
}

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `foresight_bench_${randomBytes(4).toString('hex')}`;

let app: ChildProcess | null = null;
let load: ChildProcess | null = null;
let dbCreated = false;
let cleaning: Promise<void> | null = null;

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve()
      : child.once('exit', () => resolve()),
  );
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: start.ts, next, trainer
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (load) {
      killGroup(load, 'SIGTERM');
      await exited(load);
    }
    if (app) {
      log('stopping the app');
      const done = exited(app);
      const pgid = app.pid;
      killGroup(app, 'SIGTERM');
      const force = setTimeout(() => app && killGroup(app, 'SIGKILL'), 20_000);
      await done;
      clearTimeout(force);
      // start.ts can exit before its grandchildren (next start's next-server, the trainer): wait
      // until the whole process group is gone before dropping the database under it.
      if (pgid !== undefined) {
        const deadline = Date.now() + 20_000;
        while (groupAlive(pgid)) {
          if (Date.now() > deadline) {
            log('the app group is still running after 20 s: SIGKILL');
            try {
              process.kill(-pgid, 'SIGKILL');
            } catch {
              /* gone */
            }
            await new Promise((r) => setTimeout(r, 500));
            break;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }
    if (dbCreated) {
      const admin = new pg.Client({ connectionString: serverUrl });
      try {
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        log(`dropped database ${dbName}`);
      } catch (error) {
        console.error(`[bench:api] could not drop ${dbName}:`, (error as Error).message);
      } finally {
        await admin.end().catch(() => {});
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

function runToEnd(command: string, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${argv.join(' ')} exited ${code}`)),
    );
  });
}

/** An error that stops a wait at once (the rest are retried until the timeout). */
class FatalError extends Error {}

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (app && (app.exitCode !== null || app.signalCode !== null))
      throw new Error(`the app exited while waiting for ${what}`);
    if (
      await probe().catch((error: unknown) => {
        if (error instanceof FatalError) throw error;
        return false;
      })
    )
      return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A tRPC response's data ({"result":{"data": …}}), or a thrown error. */
async function trpcData<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { result: { data: T } }).result.data;
}

async function seed() {
  // Sign up (creates the organization); keep the session cookie.
  const email = `bench+${Date.now()}@example.com`;
  const signUp = await fetch(`${BASE}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE },
    body: JSON.stringify({ email, password: 'a long enough bench password', name: 'Bench' }),
  });
  if (!signUp.ok)
    throw new Error(`sign-up: HTTP ${signUp.status} ${(await signUp.text()).slice(0, 300)}`);
  const cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error('sign-up returned no session cookie');

  const created = await trpcData<{ key: string }>(
    await fetch(`${BASE}/api/trpc/apiKeys.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: BASE },
      body: JSON.stringify({ name: 'bench', scopes: ['read', 'write'] }),
    }),
    'apiKeys.create',
  );
  const key = created.key;
  if (!key)
    throw new Error(`apiKeys.create returned no key: ${JSON.stringify(created).slice(0, 200)}`);
  const auth = { authorization: `Bearer ${key}` };

  const json = { ...auth, 'content-type': 'application/json' };

  /** An upload as the API reports it (only what the seed reads). */
  interface UploadState {
    status: string;
    datasetId: string | null;
    result: { rowsStored: number; rowsSkipped: number; jobIds: string[] } | null;
    message: string | null;
    detection: {
      columns: { name: string; type: string; dateFormat?: string; decimalSeparator?: string }[];
      proposals: Record<string, Record<string, unknown>>;
    } | null;
  }

  // The upload flow a service uses: announce the file, PUT its bytes, import it with a mapping,
  // poll the upload until it is stored.
  async function upload(
    kind: 'market' | 'customers',
    file: string,
    name: string,
    roles: Record<string, unknown>,
  ) {
    const bytes = await readFile(path.join(root, 'examples', file));
    const { id, uploadUrl } = await trpcData<{ id: string; uploadUrl: string }>(
      await fetch(`${BASE}/api/trpc/uploads.create`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ fileName: file, sizeBytes: bytes.length }),
      }),
      'uploads.create',
    );
    const put = await fetch(`${BASE}${uploadUrl}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: new Uint8Array(bytes),
    });
    const putText = await put.text();
    if (!put.ok) throw new Error(`PUT ${uploadUrl}: HTTP ${put.status} ${putText.slice(0, 300)}`);
    const detection = (JSON.parse(putText) as UploadState).detection;
    if (!detection) throw new Error(`PUT ${uploadUrl}: no detection in ${putText.slice(0, 300)}`);
    await trpcData(
      await fetch(`${BASE}/api/trpc/uploads.ingest`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          uploadId: id,
          kind,
          target: { mode: 'new', name },
          roles: { ...detection.proposals[kind], ...roles },
          columns: detection.columns.map(({ name, type, dateFormat, decimalSeparator }) => ({
            name,
            type,
            dateFormat,
            decimalSeparator,
          })),
        }),
      }),
      'uploads.ingest',
    );
    const byId = `${BASE}/api/trpc/uploads.byId?input=${encodeURIComponent(JSON.stringify({ id }))}`;
    const outcome: { stored?: { datasetId: string; rowsStored: number; jobIds: string[] } } = {};
    await waitFor(`the ${kind} import`, 5 * 60_000, async () => {
      const state = await trpcData<UploadState>(
        await fetch(byId, { headers: auth }),
        'uploads.byId',
      );
      if (state.status === 'rejected' || state.status === 'failed')
        throw new FatalError(`import of ${file} ${state.status}: ${state.message ?? ''}`);
      if (state.status !== 'stored' || !state.datasetId || !state.result) return false;
      outcome.stored = { datasetId: state.datasetId, ...state.result };
      return true;
    });
    const result = outcome.stored!;
    log(
      `${kind} ${file}: dataset ${result.datasetId}, ${result.rowsStored} rows, jobs ${result.jobIds.join(', ')}`,
    );
    return result;
  }

  const market = await upload('market', 'market-sample.csv', 'bench market', {
    date: 'date',
    values: ['revenue'],
    series: 'region',
  });
  const customers = await upload('customers', 'customers-sample.csv', 'bench customers', {
    id: 'customer_id',
    label: 'churned',
  });

  const jobIds = [...market.jobIds, ...customers.jobIds];
  if (jobIds.length < 2)
    throw new Error(`expected a training job per upload, got ${jobIds.length}`);
  const started = Date.now();
  const pending = new Set(jobIds);
  await waitFor('the training jobs', 5 * 60_000, async () => {
    for (const id of [...pending]) {
      const url = `${BASE}/api/trpc/jobs.byId?input=${encodeURIComponent(JSON.stringify({ id }))}`;
      const job = await trpcData<{ status: string; task: string; error?: string | null }>(
        await fetch(url, { headers: auth }),
        'jobs.byId',
      );
      if (job.status === 'succeeded') {
        pending.delete(id);
        log(`job ${job.task} succeeded after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } else if (job.status === 'failed' || job.status === 'cancelled') {
        throw new FatalError(`job ${id} (${job.task}) ${job.status}: ${job.error ?? ''}`);
      }
    }
    return pending.size === 0;
  });
  return { key, marketId: market.datasetId, customersId: customers.datasetId };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  // nearest-rank
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

interface Row {
  procedure: string;
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  achievedRps: number;
}

function summarize(procedure: string, samples: Sample[], durationS: number): Row {
  const lat = samples
    .filter((s) => s.error === null && s.latencyMs !== null)
    .map((s) => s.latencyMs!)
    .sort((x, y) => x - y);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    procedure,
    count: samples.length,
    errors: samples.filter((s) => s.error !== null).length,
    p50: round(quantile(lat, 0.5)),
    p95: round(quantile(lat, 0.95)),
    p99: round(quantile(lat, 0.99)),
    max: round(lat.at(-1) ?? NaN),
    mean: round(lat.reduce((s, x) => s + x, 0) / Math.max(1, lat.length)),
    achievedRps: round(samples.filter((s) => s.error === null).length / durationS),
  };
}

function table(rows: Row[]): string {
  const head = [
    'procedure',
    'count',
    'errors',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'mean ms',
    'ok rps',
  ];
  const body = rows.map((r) => [
    r.procedure,
    String(r.count),
    String(r.errors),
    ...[r.p50, r.p95, r.p99, r.max, r.mean, r.achievedRps].map((n) => n.toFixed(1)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main() {
  // 0. The production build of the web app.
  const buildId = path.join(root, 'apps/web/.next/BUILD_ID');
  if (!existsSync(buildId)) {
    log('apps/web is not built: building it');
    try {
      await runToEnd('pnpm', ['turbo', 'run', 'build', '--filter=@foresight/web']);
    } catch (error) {
      // Most often another `next build` holds the lock (.next/lock): wait for its BUILD_ID.
      log(`${(error as Error).message}; waiting up to 10 min for another build to finish`);
      const deadline = Date.now() + 10 * 60_000;
      while (!existsSync(buildId)) {
        if (Date.now() > deadline)
          throw new Error('apps/web has no production build (.next/BUILD_ID)');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  // 1. A fresh database, and the app on it.
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
    dbCreated = true;
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  log(`database ${dbName}; starting the app on ${BASE}`);
  app = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      PORT: String(PORT),
      BETTER_AUTH_URL: BASE,
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true, // its own process group, so cleanup can signal start.ts and its children
  });
  await waitFor(`${BASE}/sign-in`, 120_000, async () => (await fetch(`${BASE}/sign-in`)).ok);
  log('app is up');

  // 2. Seed through the public API.
  const seeded = await seed();

  if (args.hold) {
    log(
      `holding: ${BASE} key ${seeded.key} market ${seeded.marketId} customers ${seeded.customersId} db ${dbUrl}`,
    );
    log('Ctrl-C (or SIGTERM) to stop the app and drop the database');
    await new Promise(() => {});
  }

  // Warm-up: one request per procedure (first-hit compilation/connection setup is not measured).
  for (const [proc, input] of [
    ['forecasts.latest', { datasetId: seeded.marketId }],
    ['churn.latest', { datasetId: seeded.customersId, limit: 50 }],
    ['datasets.all', undefined],
    ['jobs.all', undefined],
  ] as const) {
    const q = input ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
    await trpcData(
      await fetch(`${BASE}/api/trpc/${proc}${q}`, {
        headers: { authorization: `Bearer ${seeded.key}` },
      }),
      proc,
    );
  }

  // 3. The load, from a second process.
  const samplesFile = path.join(os.tmpdir(), `${dbName}-samples.json`);
  // The machine's load average around the run: other processes on the box skew latency.
  const loadBefore = os.loadavg()[0]!;
  log(`load: ${seconds} s at ${rps} requests/s (open loop), mixed reads`);
  load = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'scripts/bench-api/load.ts'),
      '--base-url',
      BASE,
      '--key',
      seeded.key,
      '--market',
      seeded.marketId,
      '--customers',
      seeded.customersId,
      '--seconds',
      String(seconds),
      '--rps',
      String(rps),
      '--out',
      samplesFile,
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], detached: true },
  );
  const code = await new Promise<number | null>((resolve) => load!.once('exit', (c) => resolve(c)));
  load = null;
  if (code !== 0) throw new Error(`load.ts exited with code ${code}`);
  const doc = JSON.parse(await readFile(samplesFile, 'utf8')) as {
    warmup: { seconds: number; requests: number; errors: number; maxMs: number };
    scheduled: number;
    scheduleEndMs: number;
    endMs: number;
    startedAt: string;
    samples: Sample[];
  };
  await rm(samplesFile, { force: true });

  const loadAfter = os.loadavg()[0]!;

  // 4. Report.
  const durationS = doc.scheduleEndMs / 1000;
  const procedures = [...new Set(doc.samples.map((s) => s.procedure))];
  const rows = [
    ...procedures.map((p) =>
      summarize(
        p,
        doc.samples.filter((s) => s.procedure === p),
        durationS,
      ),
    ),
    summarize('overall', doc.samples, durationS),
  ];
  const lags = doc.samples.map((s) => s.startLagMs).sort((x, y) => x - y);
  const errorKinds = new Map<string, number>();
  for (const s of doc.samples)
    if (s.error)
      errorKinds.set(
        `${s.procedure}: ${s.error.slice(0, 120)}`,
        (errorKinds.get(`${s.procedure}: ${s.error.slice(0, 120)}`) ?? 0) + 1,
      );
  const checks = [
    ...TARGETED.map((p) => {
      const r = rows.find((x) => x.procedure === p);
      return {
        target: `${p} p95 < ${TARGET_P95_MS} ms`,
        measured: `${r?.p95 ?? NaN} ms`,
        ok: !!r && r.p95 < TARGET_P95_MS,
      };
    }),
    {
      target: 'zero errors (warm-up included)',
      measured: String(rows.at(-1)!.errors + doc.warmup.errors),
      ok: rows.at(-1)!.errors + doc.warmup.errors === 0,
    },
  ];

  console.log('');
  console.log(
    `API load: ${doc.scheduled} requests scheduled over ${seconds} s at ${rps}/s (open loop), ${BASE}, ${os.cpus().length} CPUs`,
  );
  console.log(
    `after a ${doc.warmup.seconds} s warm-up at the same rate, not in the table: ${doc.warmup.requests} requests, ${doc.warmup.errors} errors, slowest ${doc.warmup.maxMs.toFixed(0)} ms`,
  );
  console.log(table(rows));
  console.log(
    `scheduler start lag (load process): p50 ${quantile(lags, 0.5).toFixed(1)} ms, p99 ${quantile(lags, 0.99).toFixed(1)} ms, max ${(lags.at(-1) ?? 0).toFixed(1)} ms; stragglers drained in ${((doc.endMs - doc.scheduleEndMs) / 1000).toFixed(2)} s`,
  );
  console.log(
    `machine load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${os.cpus().length} CPUs (the app, PostgreSQL and the load share them)`,
  );
  for (const [kind, n] of errorKinds) console.log(`error x${n}: ${kind}`);
  console.log('');
  for (const c of checks)
    console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.target} (measured ${c.measured})`);
  const allOk = checks.every((c) => c.ok);
  console.log(allOk ? 'targets hold' : 'targets NOT met');

  const outDir = path.join(root, 'bench-results');
  await mkdir(outDir, { recursive: true });
  await writeFile(
    path.join(outDir, 'api.json'),
    JSON.stringify(
      {
        benchmark: 'api',
        startedAt: doc.startedAt,
        seconds,
        rps,
        scheduled: doc.scheduled,
        warmup: doc.warmup,
        durationS: Math.round(durationS * 100) / 100,
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model,
          node: process.version,
          loadAverage1m: { before: loadBefore, after: loadAfter },
        },
        mix: procedures,
        unit: 'ms',
        rows,
        schedulerLagMs: {
          p50: quantile(lags, 0.5),
          p99: quantile(lags, 0.99),
          max: lags.at(-1) ?? 0,
        },
        errors: Object.fromEntries(errorKinds),
        targets: checks,
        targetsHold: allOk,
      },
      null,
      2,
    ) + '\n',
  );
  log(`wrote bench-results/api.json`);
  return allOk;
}

let ok = false;
try {
  ok = await main();
} catch (error) {
  console.error('[bench:api] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
if (process.exitCode !== 1 && !ok) process.exitCode = 1;
