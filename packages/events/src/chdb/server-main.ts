import { resolve } from 'node:path';
import { readEventsEnv } from '../env';
import { startChdbServer } from './server';

/**
 * The local chDB server (`FORESIGHT_EVENTS_ENGINE=chdb`): owns the data directory and serves
 * every web and trainer process on this machine at 127.0.0.1:FORESIGHT_CHDB_PORT. `pnpm start`
 * supervises it like the web and the trainer; in production run it as its own service.
 */
const env = readEventsEnv();
const dataDir = resolve(env.FORESIGHT_CHDB_DIR ?? '.data/chdb');
const memoryBytes = env.FORESIGHT_CHDB_MAX_MEMORY_MB * 1024 * 1024;
const server = await startChdbServer({
  dataDir,
  port: env.FORESIGHT_CHDB_PORT,
  maxMemoryBytes: memoryBytes,
});
console.log(`chDB events engine on ${server.url}, data in ${dataDir}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  });
}
