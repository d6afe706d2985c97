import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .url({ message: 'DATABASE_URL must be a postgres:// URL (pnpm start sets it)' }),
  /** auto: tfjs-node-gpu → tfjs-node → wasm → cpu, the first that loads. */
  FORESIGHT_BACKEND: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  /** Jobs one trainer process runs at once; training is CPU-bound, so 1 per process on CPU. */
  FORESIGHT_TRAINER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** A job whose dataset needs more memory than this (estimated) is refused with a clear message. */
  FORESIGHT_TRAINER_MAX_JOB_MEMORY_MB: z.coerce.number().int().min(64).default(4096),
  /** Model versions kept per dataset and task (older ones and their predictions are pruned; a pinned one stays). */
  FORESIGHT_KEEP_MODEL_VERSIONS: z.coerce.number().int().min(1).default(5),
  /** On SIGTERM, how long running jobs may take to finish before they are stopped and re-queued. */
  FORESIGHT_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(20),
  /** A trainer silent this long is presumed dead and its job is retried by another (pg-boss heartbeat; ≥ 10). */
  FORESIGHT_QUEUE_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).default(30),
  /** How often trainers look for jobs whose trainer went silent. */
  FORESIGHT_QUEUE_SUPERVISE_SECONDS: z.coerce.number().int().min(1).default(30),
  /**
   * This trainer's stable identity, one process at a time (`pnpm start` sets `<host>:trainer-1`;
   * a systemd instance or container name elsewhere). A trainer that starts under it resumes at
   * once the jobs its dead predecessor was running. Unset: `<host>:<pid>:<random>`, and a dead
   * trainer's jobs wait for the heartbeat timeout.
   */
  /** The web's secret (shared by every service): webhook signing secrets are encrypted with it. */
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  /** The app's public origin, for links in webhooks and e-mails (default http://localhost:$PORT). */
  BETTER_AUTH_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** 1: webhooks may POST over http:// to localhost (development; as the web allows creating them). */
  FORESIGHT_ALLOW_LOCAL_WEBHOOKS: z.enum(['0', '1']).default('0'),
  FORESIGHT_WORKER_ID: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export type TrainerEnv = z.infer<typeof schema>;

export function readTrainerEnv(source: NodeJS.ProcessEnv = process.env): TrainerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid trainer configuration: ${details}`);
  }
  return parsed.data;
}

const cliSchema = z.object({
  FORESIGHT_BACKEND: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  /** 1 → no progress lines on stderr. */
  FORESIGHT_QUIET: z.enum(['0', '1']).default('0'),
  /** 1 → an unexpected error (a bug, not bad input) prints its stack trace. */
  FORESIGHT_DEBUG: z.enum(['0', '1']).default('0'),
  /** Where the user typed the command (pnpm runs root scripts from the repo root and sets this). */
  INIT_CWD: z.string().optional(),
});

export type CliEnv = z.infer<typeof cliSchema>;

/** The batch CLI's environment: needs no database. */
export function readCliEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = cliSchema.safeParse(source);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid CLI configuration: ${details}`);
  }
  return parsed.data;
}
