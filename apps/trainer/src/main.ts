import { createDb } from '@foresight/db';
import { selectBackend } from '@foresight/ml-core';
import { readTrainerEnv } from './env';
import { startWorker } from './worker';

const log = (line: string) => console.log(`[trainer] ${line}`);

async function main() {
  const env = readTrainerEnv();
  const backend = await selectBackend({ prefer: env.FORESIGHT_BACKEND });
  log(`TensorFlow.js backend: ${backend.backend}`);
  for (const s of backend.skipped) log(`  skipped ${s.name}: ${s.reason}`);

  const db = createDb(env.DATABASE_URL, { max: 4 });
  const worker = await startWorker({
    databaseUrl: env.DATABASE_URL,
    db,
    backend: backend.backend,
    concurrency: env.FORESIGHT_TRAINER_CONCURRENCY,
    log,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing the running job, then stopping`);
    await worker.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('[trainer] fatal:', error);
  process.exit(1);
});
