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
  /**
   * For a job whose process is known to be dead: fails its running attempt now (a retry, counted
   * against the retry limit like any crash) and makes the retry due at once, instead of waiting
   * for the heartbeat timeout. `failed`: no retries were left; `gone`: no live queue job.
   */
  retryNow(name: JobName, queueJobId: string, reason: string): Promise<RetryNowOutcome>;
  stop(): Promise<void>;
}

export type RetryNowOutcome = 'resuming' | 'failed' | 'gone';

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
    async retryNow(name, queueJobId, reason) {
      const queue = jobDefinitions[name].queue;
      let state = await boss.getJobById(queue, queueJobId).catch(() => null);
      if (state?.state === 'active') {
        // Fenced to the attempt seen, so a retry another process already runs is left alone.
        await boss.fail(queue, { id: state.id, retryCount: state.retryCount }, { message: reason });
        state = await boss.getJobById(queue, state.id);
      }
      if (state && (state.state === 'retry' || state.state === 'created')) {
        await boss.update(queue, undefined, { id: state.id, startAfter: new Date() });
        return 'resuming';
      }
      if (state?.state === 'active') return 'resuming'; // another process already took the retry
      return state?.state === 'failed' ? 'failed' : 'gone';
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
