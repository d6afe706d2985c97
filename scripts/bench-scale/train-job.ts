// One training job in a process of its own, so that its peak resident memory is the job's alone:
// the trainer's job function (runChurnJob / runRecommendJob) on a job row of the benchmark's
// database, reading the events through the engine that holds the dataset. Prints one line
// `BENCH_RESULT {json}` (or `BENCH_ERROR message`) and exits.
//   node --import tsx scripts/bench-scale/train-job.ts '<json TrainJobInput>'
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createDb, createJob, startJob, type DbHandle } from '@foresight/db';
// The trainer app exports nothing: its job functions by path, as its worker runs them.
import { selectBackend } from '../../apps/trainer/src/backend';
import { runChurnJob } from '../../apps/trainer/src/churn-job';
import type { TaskJobOptions } from '../../apps/trainer/src/job-progress';
import { estimateJobMemory } from '../../apps/trainer/src/memory-guard';
import { runRecommendJob } from '../../apps/trainer/src/recommend-job';
import { openEventsEngines, readEventsEnv } from '@foresight/events';

export interface TrainJobInput {
  databaseUrl: string;
  organizationId: string;
  datasetId: string;
  task: 'churn' | 'recommend';
  /** The local chDB server's port, when the dataset may be there. */
  chdbPort: number | null;
}

export interface TrainJobResult {
  task: 'churn' | 'recommend';
  engine: string;
  backend: string;
  /** The job function from start to its result stored, s. */
  seconds: number;
  /** Peak resident memory of this process (kernel high-water mark), MB. */
  peakRssMb: number;
  /** Resident memory before the job (node, tfjs and the backend loaded), MB. */
  baselineRssMb: number;
  /** What the trainer's memory guard estimates the job needs, MB (it refuses jobs over its limit). */
  guardEstimateMb: number;
  /** The job's own log line (the model chosen and its score). */
  summary: string;
}

/** Linux's peak resident set size of this process (VmHWM), MB; null elsewhere. */
function highWaterMb(): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function main(input: TrainJobInput): Promise<TrainJobResult> {
  const backend = await selectBackend({
    prefer: (process.env.FORESIGHT_BACKEND as 'auto' | undefined) ?? 'auto',
  });
  const db: DbHandle = createDb(input.databaseUrl, { max: 4 });
  const engines = await openEventsEngines(
    db,
    readEventsEnv(
      input.chdbPort
        ? { FORESIGHT_EVENTS_ENGINE: 'chdb', FORESIGHT_CHDB_PORT: String(input.chdbPort) }
        : { FORESIGHT_EVENTS_ENGINE: 'postgres' },
    ),
  );
  try {
    const scope = { organizationId: input.organizationId, datasetId: input.datasetId };
    const engine = await engines.forDataset(scope);
    const requested = await createJob(db, { ...scope, task: input.task, params: {}, userId: null });
    const outcome = await startJob(db, requested.id, randomUUID(), 'bench-scale');
    if (!('started' in outcome)) throw new Error(`could not start job ${requested.id}`);
    const job = outcome.started;
    const guard = await estimateJobMemory(db, job);
    const lines: string[] = [];
    // The reads the trainer's worker gives its jobs (each read on the engine holding the dataset).
    const options: TaskJobOptions = {
      db,
      job,
      backend: backend.backend,
      events: engines,
      log: (line) => lines.push(line),
    };
    const baseline = process.memoryUsage.rss() / 2 ** 20;
    let sampled = baseline;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, process.memoryUsage.rss() / 2 ** 20);
    }, 100);
    const started = performance.now();
    if (input.task === 'churn') await runChurnJob(options);
    else await runRecommendJob(options);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    return {
      task: input.task,
      engine: engine.name,
      backend: backend.backend,
      seconds,
      peakRssMb: Math.max(sampled, highWaterMb() ?? 0),
      baselineRssMb: baseline,
      guardEstimateMb: guard.neededMb,
      summary: lines.join(' | '),
    };
  } finally {
    await engines.close();
    await db.close();
  }
}

try {
  const result = await main(JSON.parse(process.argv[2] ?? '{}') as TrainJobInput);
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  process.exit(0);
} catch (error) {
  console.log(
    `BENCH_ERROR ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.replace(
      /\n/g,
      ' ⏎ ',
    ),
  );
  process.exit(1);
}
