// The load generator of `pnpm bench:api`, run as a separate process by run.ts:
//   node --import tsx scripts/bench-api/load.ts --base-url URL --key KEY --market ID --customers ID \
//     [--seconds 60] [--rps 100] [--out samples.json]
// (or env BENCH_BASE_URL, BENCH_KEY, BENCH_MARKET_ID, BENCH_CUSTOMERS_ID, BENCH_SECONDS, BENCH_RPS, BENCH_OUT).
// Open loop: request i starts at t0 + i/rps whatever happened to earlier ones; scheduling stops
// after the duration and stragglers get at most 10 s (any still pending then count as errors).
// A warm-up at the same rate comes first (--warmup, default 5 s); its requests are summarised
// apart (count, errors, slowest) and left out of the samples.
// Writes one JSON document (the raw samples) to --out, or to stdout.
import { setMaxListeners } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    key: { type: 'string' },
    market: { type: 'string' },
    customers: { type: 'string' },
    seconds: { type: 'string' },
    rps: { type: 'string' },
    warmup: { type: 'string' },
    out: { type: 'string' },
  },
});
const env = process.env;
const baseUrl = a['base-url'] ?? env.BENCH_BASE_URL ?? 'http://localhost:3290';
const key = a.key ?? env.BENCH_KEY;
const marketId = a.market ?? env.BENCH_MARKET_ID;
const customersId = a.customers ?? env.BENCH_CUSTOMERS_ID;
const seconds = Number(a.seconds ?? env.BENCH_SECONDS ?? 60);
const rps = Number(a.rps ?? env.BENCH_RPS ?? 100);
// The same load first runs this long unmeasured: connection pools fill and the server's hot
// paths get compiled, as in any long-running deployment.
const warmupSeconds = Number(a.warmup ?? env.BENCH_WARMUP ?? 5);
const out = a.out ?? env.BENCH_OUT;

function fail(message: string): never {
  console.error(`load: ${message}`);
  process.exit(2);
}
if (!key) fail('--key (or BENCH_KEY) is required');
if (!marketId || !customersId) fail('--market and --customers dataset ids are required');
if (!(seconds > 0) || !(rps > 0)) fail('--seconds and --rps must be positive numbers');
if (!(warmupSeconds >= 0)) fail('--warmup must be zero or more seconds');
const base = new URL(baseUrl);
if (!['localhost', '127.0.0.1', '[::1]'].includes(base.hostname)) {
  fail(`only loopback targets are allowed, not ${base.hostname}`);
}

const STRAGGLER_MS = 10_000;

/** A tRPC v11 GET query URL: the input as JSON in `?input=`. */
function queryUrl(procedure: string, input?: unknown): string {
  const u = new URL(`/api/trpc/${procedure}`, base);
  if (input !== undefined) u.searchParams.set('input', JSON.stringify(input));
  return u.toString();
}

interface Op {
  procedure: string;
  url: string;
}
// The mix, round-robin: every procedure gets the same share.
const ops: Op[] = [
  { procedure: 'forecasts.latest', url: queryUrl('forecasts.latest', { datasetId: marketId }) },
  {
    procedure: 'churn.latest',
    url: queryUrl('churn.latest', { datasetId: customersId, limit: 50 }),
  },
  { procedure: 'datasets.all', url: queryUrl('datasets.all') },
  { procedure: 'jobs.all', url: queryUrl('jobs.all') },
];

export interface Sample {
  procedure: string;
  /** Scheduled start, ms after t0. */
  scheduledMs: number;
  /** How late the request actually started vs its schedule (event-loop lag), ms. */
  startLagMs: number;
  /** Request start → body fully read, ms (null when it never finished). */
  latencyMs: number | null;
  status: number | null;
  bytes: number;
  error: string | null;
}

const samples: Sample[] = [];
const controller = new AbortController();
setMaxListeners(0, controller.signal); // one signal shared by every in-flight request
const headers = { authorization: `Bearer ${key}`, accept: 'application/json' };

async function fire(op: Op, scheduledMs: number, t0: number): Promise<void> {
  const start = performance.now();
  const sample: Sample = {
    procedure: op.procedure,
    scheduledMs,
    startLagMs: start - t0 - scheduledMs,
    latencyMs: null,
    status: null,
    bytes: 0,
    error: null,
  };
  samples.push(sample);
  try {
    const res = await fetch(op.url, { headers, signal: controller.signal });
    const body = await res.arrayBuffer();
    sample.latencyMs = performance.now() - start;
    sample.status = res.status;
    sample.bytes = body.byteLength;
    if (res.status !== 200) {
      sample.error = `HTTP ${res.status}: ${Buffer.from(body).toString('utf8').slice(0, 200)}`;
    }
  } catch (error) {
    sample.error = controller.signal.aborted
      ? `no response within ${STRAGGLER_MS / 1000} s after the run`
      : `network: ${error instanceof Error ? `${error.message}${error.cause ? ` (${String((error.cause as Error).message ?? error.cause)})` : ''}` : String(error)}`;
  }
}

const warmupTotal = Math.floor(warmupSeconds * rps);
const total = warmupTotal + Math.floor(seconds * rps);
const inflight = new Set<Promise<void>>();
const t0 = performance.now();
const startedAt = new Date().toISOString();

// Scheduler: sleep until the next due time, then start every request that is due (catching up
// without waiting if the loop fell behind; the lag is recorded per sample).
for (let i = 0; i < total;) {
  const now = performance.now() - t0;
  const due = (i * 1000) / rps;
  if (due > now) {
    await new Promise((r) => setTimeout(r, due - now));
  }
  while (i < total && (i * 1000) / rps <= performance.now() - t0) {
    const p = fire(ops[i % ops.length]!, (i * 1000) / rps, t0);
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    i++;
  }
}
const scheduleEndMs = performance.now() - t0;

// Stragglers: at most 10 s, then abort the rest.
const straggleTimer = setTimeout(() => controller.abort(), STRAGGLER_MS);
await Promise.all([...inflight]);
clearTimeout(straggleTimer);
const endMs = performance.now() - t0;

const warmupMs = (warmupTotal * 1000) / rps;
const warm = samples.filter((x) => x.scheduledMs < warmupMs);
const measured = samples
  .filter((x) => x.scheduledMs >= warmupMs)
  .map((x) => ({ ...x, scheduledMs: x.scheduledMs - warmupMs }));
const doc = {
  baseUrl: base.origin,
  seconds,
  rps,
  warmup: {
    seconds: warmupSeconds,
    requests: warm.length,
    errors: warm.filter((x) => x.error).length,
    maxMs: Math.max(0, ...warm.map((x) => x.latencyMs ?? 0)),
  },
  scheduled: total - warmupTotal,
  startedAt,
  scheduleEndMs: scheduleEndMs - warmupMs,
  endMs: endMs - warmupMs,
  samples: measured,
};
const json = JSON.stringify(doc);
if (out) await writeFile(out, json);
else process.stdout.write(json + '\n');
