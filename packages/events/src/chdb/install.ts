import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEventsEnv } from '../env';
import type * as Chdb from './chdb-types';

/** The chDB release the ClickHouse SQL here is written and tested against (engine ClickHouse 26.7). */
export const CHDB_VERSION = '3.4.0';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * Where the optional chDB engine is installed: `FORESIGHT_CHDB_HOME`, else `.engines/chdb` in the
 * repository. It lives outside the pnpm workspace on purpose: as a workspace optional dependency
 * its ~545 MB native library would land in every plain install.
 */
export function chdbHome(setting = readEventsEnv().FORESIGHT_CHDB_HOME): string {
  return setting ? resolve(setting) : join(repoRoot, '.engines/chdb');
}

function installedVersion(home: string): string | null {
  const manifest = join(home, 'node_modules/chdb/package.json');
  if (!existsSync(manifest)) return null;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function isChdbInstalled(home = chdbHome()): boolean {
  return installedVersion(home) === CHDB_VERSION;
}

/** Installs chDB from the npm registry into `home` unless that version is already there. */
export function installChdb(home = chdbHome(), log: (line: string) => void = () => {}): void {
  if (isChdbInstalled(home)) return;
  mkdirSync(home, { recursive: true });
  log(`Installing chDB ${CHDB_VERSION} (ClickHouse engine, ~545 MB) into ${home}`);
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      home,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `chdb@${CHDB_VERSION}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (!isChdbInstalled(home)) throw new Error(`chDB ${CHDB_VERSION} did not install into ${home}`);
}

/** The `chdb` module's exports, loaded from the engine directory. */
export type ChdbModule = typeof Chdb;

export class ChdbMissingError extends Error {
  constructor(home: string) {
    super(
      `FORESIGHT_EVENTS_ENGINE=chdb needs the chDB engine, which is not installed in ${home}. ` +
        'Install it once with `pnpm engine:chdb` (downloads ~545 MB from the npm registry).',
    );
    this.name = 'ChdbMissingError';
  }
}

export function loadChdb(home = chdbHome()): ChdbModule {
  if (!isChdbInstalled(home)) throw new ChdbMissingError(home);
  return createRequire(join(home, 'package.json'))('chdb') as ChdbModule;
}
