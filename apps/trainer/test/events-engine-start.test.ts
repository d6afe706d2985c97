// A trainer started with an events engine it cannot use stops at once with a message naming the
// setting (never a stack trace, never a failure on the first upload).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from './process-fixtures';

const trainerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

function runTrainer(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: trainerDir,
      env: { ...process.env, DATABASE_URL: t.url, FORESIGHT_BACKEND: 'cpu', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

it('names an unreachable CLICKHOUSE_URL and exits 1', async () => {
  const port = await freePort();
  const { code, output } = await runTrainer({
    FORESIGHT_EVENTS_ENGINE: 'clickhouse',
    CLICKHOUSE_URL: `http://foresight:secret@127.0.0.1:${port}`,
  });
  expect(code).toBe(1);
  expect(output).toContain(
    `Cannot reach the ClickHouse events engine at CLICKHOUSE_URL=http://foresight:***@127.0.0.1:${port}`,
  );
  expect(output).not.toContain('secret');
  expect(output).not.toMatch(/\n\s+at /);
});

it('names a missing CLICKHOUSE_URL and a bad engine name', async () => {
  const missing = await runTrainer({ FORESIGHT_EVENTS_ENGINE: 'clickhouse', CLICKHOUSE_URL: '' });
  expect(missing.code).toBe(1);
  expect(missing.output).toContain('FORESIGHT_EVENTS_ENGINE=clickhouse needs CLICKHOUSE_URL');
  const bad = await runTrainer({ FORESIGHT_EVENTS_ENGINE: 'mongo' });
  expect(bad.code).toBe(1);
  expect(bad.output).toContain('FORESIGHT_EVENTS_ENGINE');
  expect(bad.output).not.toMatch(/\n\s+at /);
});
