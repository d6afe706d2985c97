import { PgBoss } from 'pg-boss';
import { jobDefinitions, type JobName, type JobPayload } from './definitions';

export interface QueueClient {
  boss: PgBoss;
  send<N extends JobName>(name: N, payload: JobPayload<N>): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the app's database (schema `pgboss`, created on first start) and makes sure
 * every queue of the catalogue exists. `role: 'sender'` skips maintenance and scheduling, which
 * the trainer processes run.
 */
export async function startQueue(
  connectionString: string,
  options: { role: 'sender' | 'worker'; onError?: (error: Error) => void },
): Promise<QueueClient> {
  const worker = options.role === 'worker';
  const boss = new PgBoss({
    connectionString,
    max: worker ? 4 : 2,
    supervise: worker,
    schedule: worker,
  });
  boss.on('error', (error: Error) =>
    (options.onError ?? ((e) => console.error('[queue]', e)))(error),
  );
  await boss.start();
  for (const def of Object.values(jobDefinitions)) {
    const existing = await boss.getQueue(def.queue);
    if (!existing) await boss.createQueue(def.queue, { ...def.policy });
  }
  return {
    boss,
    async send(name, payload) {
      const def = jobDefinitions[name];
      const data = def.schema.parse(payload);
      const id = await boss.send(def.queue, data);
      if (!id) throw new Error(`Queue ${def.queue} refused the job`);
      return id;
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
