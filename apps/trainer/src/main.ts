import { createDb } from '@foresight/db';
import {
  EventsEngineUnreachableError,
  EventsEnvError,
  openEventsEngines,
} from '@foresight/events';
import { readMailEnv } from '@foresight/mail';
import { selectBackend } from './backend';
import { readTrainerEnv } from './env';
import { startWorker } from './worker';

const log = (line: string) => console.log(`[trainer] ${line}`);

async function main() {
  const env = readTrainerEnv();
  const backend = await selectBackend({ prefer: env.FORESIGHT_BACKEND });
  log(`TensorFlow.js backend: ${backend.backend}`);
  for (const s of backend.skipped) log(`  skipped ${s.name}: ${s.reason}`);

  if (!env.BETTER_AUTH_SECRET)
    log(
      'BETTER_AUTH_SECRET is not set: alerts are evaluated, but webhooks cannot be signed or sent',
    );
  const db = createDb(env.DATABASE_URL, { max: 4 });
  const events = await openEventsEngines(db);
  log(`events engine for new event logs: ${events.defaultName}`);
  const worker = await startWorker({
    databaseUrl: env.DATABASE_URL,
    db,
    events,
    backend: backend.backend,
    concurrency: env.FORESIGHT_TRAINER_CONCURRENCY,
    maxJobMemoryMb: env.FORESIGHT_TRAINER_MAX_JOB_MEMORY_MB,
    keepModelVersions: env.FORESIGHT_KEEP_MODEL_VERSIONS,
    queuePolicy: { heartbeatSeconds: env.FORESIGHT_QUEUE_HEARTBEAT_SECONDS },
    superviseSeconds: env.FORESIGHT_QUEUE_SUPERVISE_SECONDS,
    ...(env.FORESIGHT_WORKER_ID ? { workerId: env.FORESIGHT_WORKER_ID } : {}),
    alerts: {
      appSecret: env.BETTER_AUTH_SECRET ?? null,
      baseUrl: env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`,
      allowLocalWebhooks: env.FORESIGHT_ALLOW_LOCAL_WEBHOOKS === '1',
      mail: readMailEnv(),
    },
    log,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(
      `${signal}: finishing running jobs (up to ${env.FORESIGHT_SHUTDOWN_GRACE_SECONDS} s; then they are re-queued), then stopping`,
    );
    await worker.stop(env.FORESIGHT_SHUTDOWN_GRACE_SECONDS);
    await events.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // A setting that is wrong or an engine that cannot be reached: its message says which.
  const known = error instanceof EventsEnvError || error instanceof EventsEngineUnreachableError;
  console.error('[trainer] fatal:', known ? error.message : error);
  process.exit(1);
});
