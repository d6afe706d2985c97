import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .url({ message: 'DATABASE_URL must be a postgres:// URL (pnpm start sets it)' }),
  /** auto: tfjs-node-gpu → tfjs-node → wasm → cpu, the first that loads. */
  FORESIGHT_BACKEND: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  /** Jobs one trainer process runs at once; training is CPU-bound, so 1 per process on CPU. */
  FORESIGHT_TRAINER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
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
