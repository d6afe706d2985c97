import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { startDatabase } from '../src/server';

// The default path for a newcomer: no DATABASE_URL → a real embedded PostgreSQL, migrated.
it('starts an embedded PostgreSQL when DATABASE_URL is unset, migrates it, and keeps data across restarts', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'foresight-embedded-'));
  const env = {
    FORESIGHT_DATA_DIR: dataDir,
    FORESIGHT_EMBEDDED_PG_PORT: String(56000 + Math.floor(Math.random() * 3000)),
  };
  const lines: string[] = [];
  try {
    const first = await startDatabase({ env, log: (l) => lines.push(l) });
    expect(first.embedded).toBe(true);
    let client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query(
      `INSERT INTO organization (id, name, slug, "createdAt") VALUES ('o1', 'Kept', 'kept', now())`,
    );
    await client.end();
    await first.stop();

    const second = await startDatabase({ env, log: (l) => lines.push(l) });
    client = new pg.Client({ connectionString: second.url });
    await client.connect();
    const { rows } = await client.query('SELECT name FROM organization');
    await client.end();
    await second.stop();
    expect(rows).toEqual([{ name: 'Kept' }]);
    expect(lines.some((l) => l.includes('applied migration'))).toBe(true);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 120_000);
