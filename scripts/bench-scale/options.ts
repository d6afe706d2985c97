// Flags of `pnpm bench:scale`, and the disk and time a run is expected to take (printed before
// it starts; the rates are from runs on the reference machine, 2 cores, and scale linearly).
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINE_KEYS, type EngineKey } from './engines';
import { root } from './processes';

export interface ScaleOptions {
  events: number;
  engines: EngineKey[];
  skipTraining: boolean;
  /** Small jobs per throughput run (0: no throughput runs). */
  throughputJobs: number;
  /** Events in each small dataset of the throughput runs. */
  throughputEvents: number;
  /** Warm repeats of each page. */
  runs: number;
  /** A page request slower than this is abandoned and the page marked timed out, s. */
  pageTimeoutSeconds: number;
  /** Warm repeats of a page stop once they took this long together, s. */
  pageBudgetSeconds: number;
  out: string;
  /** Where the CSV and the chDB data directory go. */
  tmp: string;
  /** chDB's per-query memory cap, MB. */
  chdbMemoryMb: number;
  trainingTimeoutMinutes: number;
  yes: boolean;
}

export const USAGE = `pnpm bench:scale [--events 10000000] [--engines postgres,chdb] [--skip-training]
  [--throughput-jobs 8] [--throughput-events 20000] [--runs 10] [--page-timeout-s 300] [--page-budget-s 120]
  [--out bench-results/scale-<date>.json]
  [--tmp <dir>] [--chdb-memory-mb 8192] [--training-timeout-min 60] [--yes]
Runs above 10,000,000 events are for chDB only (--engines chdb).`;

/** Largest log the PostgreSQL engine is benchmarked with. */
export const POSTGRES_MAX_EVENTS = 10_000_000;

function count(text: string, flag: string): number {
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${flag} must be a whole number (got ${text})`);
  return n;
}

export function parseOptions(argv: string[]): ScaleOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '10000000' },
      engines: { type: 'string', default: 'postgres,chdb' },
      'skip-training': { type: 'boolean', default: false },
      'throughput-jobs': { type: 'string', default: '8' },
      'throughput-events': { type: 'string', default: '20000' },
      runs: { type: 'string', default: '10' },
      'page-timeout-s': { type: 'string', default: '300' },
      'page-budget-s': { type: 'string', default: '120' },
      out: { type: 'string' },
      tmp: { type: 'string', default: os.tmpdir() },
      'chdb-memory-mb': {
        type: 'string',
        default: String(Math.min(8192, Math.floor(os.totalmem() / 2 ** 20 / 2))),
      },
      'training-timeout-min': { type: 'string', default: '60' },
      yes: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const engines = values.engines
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of engines) {
    if (!ENGINE_KEYS.includes(e as EngineKey))
      throw new Error(`--engines: unknown engine "${e}" (postgres, chdb)`);
  }
  if (engines.length === 0) throw new Error('--engines names no engine (postgres, chdb)');
  const events = count(values.events, '--events');
  if (events < 10_000) throw new Error('--events must be at least 10,000');
  if (events > POSTGRES_MAX_EVENTS && engines.includes('postgres')) {
    throw new Error(
      `--events ${events.toLocaleString('en-US')} is for the chDB engine only (PostgreSQL is benchmarked up to ` +
        `${POSTGRES_MAX_EVENTS.toLocaleString('en-US')}): add --engines chdb`,
    );
  }
  const date = new Date().toISOString().slice(0, 10);
  return {
    events,
    engines: ENGINE_KEYS.filter((k) => engines.includes(k)),
    skipTraining: values['skip-training'],
    throughputJobs: count(values['throughput-jobs'], '--throughput-jobs'),
    throughputEvents: count(values['throughput-events'], '--throughput-events'),
    runs: Math.max(1, count(values.runs, '--runs')),
    pageTimeoutSeconds: Math.max(1, count(values['page-timeout-s'], '--page-timeout-s')),
    pageBudgetSeconds: count(values['page-budget-s'], '--page-budget-s'),
    out: path.resolve(root, values.out ?? `bench-results/scale-${date}.json`),
    tmp: path.resolve(values.tmp),
    chdbMemoryMb: count(values['chdb-memory-mb'], '--chdb-memory-mb'),
    trainingTimeoutMinutes: count(values['training-timeout-min'], '--training-timeout-min'),
    yes: values.yes,
  };
}

/**
 * Costs measured on the reference machine (2 shared cores, 100k and 200k-event runs; see the
 * README's bench:scale section), used only for the estimate printed before a run. Small runs are
 * dominated by fixed costs and by other work on the machine: treat the estimate as a rough guide.
 */
export const RATES = {
  csvBytesPerEvent: 48,
  generateEventsPerSecond: 400_000,
  load: { postgres: 60_000, chdb: 60_000 } as Record<EngineKey, number>,
  refreshEventsPerSecond: { postgres: 6_000, chdb: 150_000 } as Record<EngineKey, number>,
  storageBytesPerEvent: { postgres: 500, chdb: 16 } as Record<EngineKey, number>,
  /** Churn and recommendations together: events trained on per second. */
  trainingEventsPerSecond: { postgres: 4_000, chdb: 3_000 } as Record<EngineKey, number>,
  /** One page request at 10M events (cold or warm), s. */
  pageSecondsAt10M: { postgres: 3, chdb: 0.5 } as Record<EngineKey, number>,
  /** One small throughput job, s. */
  throughputJobSeconds: 8,
};

export interface Estimate {
  csvBytes: number;
  storageBytes: Partial<Record<EngineKey, number>>;
  seconds: number;
  parts: Record<string, number>;
}

export function estimate(o: ScaleOptions): Estimate {
  const parts: Record<string, number> = {
    generate: o.events / RATES.generateEventsPerSecond,
  };
  const storageBytes: Partial<Record<EngineKey, number>> = {};
  for (const e of o.engines) {
    parts[`${e} load`] = o.events / RATES.load[e] + o.events / RATES.refreshEventsPerSecond[e];
    // Each page's warm repeats stop at the budget; a request stops at the timeout.
    const request = Math.min(
      o.pageTimeoutSeconds,
      RATES.pageSecondsAt10M[e] * Math.max(0.01, o.events / 1e7),
    );
    parts[`${e} pages`] =
      10 * (request + Math.min(o.runs * request, o.pageBudgetSeconds + request));
    if (!o.skipTraining) parts[`${e} training`] = 30 + o.events / RATES.trainingEventsPerSecond[e];
    if (o.throughputJobs > 0)
      parts[`${e} throughput`] = 60 + o.throughputJobs * RATES.throughputJobSeconds * 1.5;
    storageBytes[e] = o.events * RATES.storageBytesPerEvent[e];
  }
  const seconds = Object.values(parts).reduce((a, b) => a + b, 0);
  return { csvBytes: o.events * RATES.csvBytesPerEvent, storageBytes, seconds, parts };
}

export function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(0)} MB`;
  return `${(n / 1e3).toFixed(0)} kB`;
}

export function duration(seconds: number): string {
  if (seconds >= 3600)
    return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds)} s`;
}
