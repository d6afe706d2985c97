import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const schema = z.object({
  /** An existing PostgreSQL server; when unset, an embedded server is started under the data dir. */
  DATABASE_URL: z.string().url().optional(),
  /** Where embedded PostgreSQL, uploads and secrets live. */
  FORESIGHT_DATA_DIR: z.string().min(1).default(path.join(repoRoot, '.data')),
  /** Port of the embedded PostgreSQL server. */
  FORESIGHT_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
});

export type DbEnv = z.infer<typeof schema>;

export function readDbEnv(source: NodeJS.ProcessEnv = process.env): DbEnv {
  const parsed = schema.safeParse({
    DATABASE_URL: source.DATABASE_URL || undefined,
    FORESIGHT_DATA_DIR: source.FORESIGHT_DATA_DIR || undefined,
    FORESIGHT_EMBEDDED_PG_PORT: source.FORESIGHT_EMBEDDED_PG_PORT || undefined,
  });
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid database configuration: ${details}`);
  }
  return parsed.data;
}

export const migrationsDir = path.join(repoRoot, 'prisma', 'migrations');
