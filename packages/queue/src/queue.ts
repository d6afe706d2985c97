import { PgBoss } from 'pg-boss';
import { jobDefinitions, type JobName, type JobPayload } from './definitions';
import type { JobSender } from './enqueue';

export interface SendOptions {
  /** Delay before the job may start, seconds (e.g. "look again shortly"). */
  startAfterSeconds?: number;
}

export interface QueueClient extends JobSender {
  boss: PgBoss;
  /**
   * The one way onto the queue: validates the payload against the catalogue's schema and sends
   * it to the job's queue (no raw `boss.send` elsewhere).
   */
  send<N extends JobName>(name: N, payload: JobPayload<N>, options?: SendOptions): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the app's database (schema `pgboss`, created on first start) and makes sure
 * every queue of the catalogue exists. `role: 'sender'` skips maintenance and scheduling, which
 * the trainer processes run.
 */
export async function startQueue(
  connectionString: string,
  options: {
    role: 'sender' | 'worker';
    onError?: (error: Error) => void;
    /** Overrides of the catalogue's queue policies (tests: a shorter heartbeat). */
    policy?: { heartbeatSeconds?: number; retryDelay?: number };
    /** How often a worker looks for jobs whose trainer stopped heart-beating (default 30 s). */
    superviseSeconds?: number;
  },
): Promise<QueueClient> {
  const worker = options.role === 'worker';
  const boss = new PgBoss({
    connectionString,
    max: worker ? 4 : 2,
    supervise: worker,
    schedule: worker,
    superviseIntervalSeconds: options.superviseSeconds ?? 30,
    monitorIntervalSeconds: options.superviseSeconds ?? 30,
  });
  boss.on('error', (error: Error) =>
    (options.onError ?? ((e) => console.error('[queue]', e)))(error),
  );
  await boss.start();
  for (const def of Object.values(jobDefinitions)) {
    const existing = await boss.getQueue(def.queue);
    const policy = { ...def.policy, ...options.policy };
    if (!existing) await boss.createQueue(def.queue, policy);
    // Keep timeouts and retry policies of queues created by an earlier version current.
    else if (worker) await boss.updateQueue(def.queue, policy);
  }
  return {
    boss,
    async send(name, payload, options = {}) {
      const def = jobDefinitions[name];
      const data = def.schema.parse(payload);
      const id = await boss.send(
        def.queue,
        data,
        options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {},
      );
      if (!id) throw new Error(`Queue ${def.queue} refused the job`);
      return id;
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
