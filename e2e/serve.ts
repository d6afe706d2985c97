// Starts the whole app for the e2e run on a database of its own: a fresh database on the server
// in DATABASE_URL (CI), else an embedded PostgreSQL in a temp dir. Drops/removes it on exit.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env: NodeJS.ProcessEnv = { ...process.env };
let cleanup = async () => {};

if (process.env.DATABASE_URL) {
  const name = `foresight_e2e_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  cleanup = async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
} else {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'foresight-e2e-'));
  env.FORESIGHT_DATA_DIR = dataDir;
  env.FORESIGHT_EMBEDDED_PG_PORT = String(57000 + Math.floor(Math.random() * 2000));
  cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
}

if (env.FORESIGHT_EVENTS_ENGINE === 'chdb') {
  // The chDB data of this run only.
  const chdbDir = mkdtempSync(path.join(os.tmpdir(), 'foresight-e2e-chdb-'));
  env.FORESIGHT_CHDB_DIR = chdbDir;
  const before = cleanup;
  cleanup = async () => {
    await before();
    rmSync(chdbDir, { recursive: true, force: true });
  };
}

const app = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
const stop = () => app.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
app.on('exit', (code) => {
  void cleanup().finally(() => process.exit(code ?? 0));
});
