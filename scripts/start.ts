// `pnpm start`: one command for the whole app. Starts (or connects to) PostgreSQL, applies
// migrations, then runs the web app and one trainer as child processes. Ctrl-C stops all of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDatabase } from '@foresight/db/server';
import { readDbEnv } from '@foresight/db/env';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const log = (line: string) => console.log(`[foresight] ${line}`);

async function authSecret(dataDir: string): Promise<string> {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  log(`generated an auth secret in ${file}`);
  return secret;
}

function run(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): ChildProcess {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('error', (error) => log(`${name} could not start: ${error.message}`));
  return child;
}

async function main() {
  const dataDir = readDbEnv().FORESIGHT_DATA_DIR;
  const database = await startDatabase({ log: (l) => log(`db: ${l}`) });
  const port = Number(process.env.PORT ?? 3000);
  // Loopback only unless HOST says otherwise (HOST=0.0.0.0 for every interface, e.g. in a container).
  const host = process.env.HOST?.trim() || '127.0.0.1';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: await authSecret(dataDir),
    FORESIGHT_DATA_DIR: dataDir,
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: dev ? 'development' : 'production',
  };

  const nextBin = path.join(root, 'apps/web/node_modules/next/dist/bin/next');
  const web = run(
    'web',
    process.execPath,
    [nextBin, dev ? 'dev' : 'start', '-p', String(port), '-H', host],
    path.join(root, 'apps/web'),
    env,
  );
  const trainer = run(
    'trainer',
    process.execPath,
    ['--import', 'tsx', 'src/main.ts'],
    path.join(root, 'apps/trainer'),
    env,
  );
  const children = [web, trainer];
  log(
    `web on http://localhost:${port}, listening on ${host}${host === '127.0.0.1' ? ' only (set HOST to change)' : ''} (${dev ? 'dev' : 'production'} mode), trainer started${database.embedded ? ', embedded PostgreSQL' : ''}`,
  );

  let stopping = false;
  async function shutdown(code: number, reason: string) {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    const exited = children.map(
      (c) =>
        new Promise<void>((resolve) =>
          c.exitCode !== null || c.signalCode !== null
            ? resolve()
            : c.once('exit', () => resolve()),
        ),
    );
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    const force = setTimeout(
      () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')),
      15_000,
    );
    await Promise.all(exited);
    clearTimeout(force);
    await database.stop();
    log('stopped');
    process.exit(code);
  }

  for (const [name, child] of [
    ['web', web],
    ['trainer', trainer],
  ] as const) {
    child.on('exit', (code, signal) => {
      if (!stopping) void shutdown(1, `${name} exited (${signal ?? `code ${code}`})`);
    });
  }
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('[foresight] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
