// `pnpm bench:ingest`: ingestion speed and memory on generated files (reported, never asserted).
//   tsx bench/ingest.ts [--events-rows 1000000] [--market-rows 200000]
// Generates a 1M-row events CSV (~60 MB) and a 200k-row market CSV, then for each runs
// ingest-worker.ts in a fresh process against a fresh database on DATABASE_URL's server (the
// embedded PostgreSQL when unset), and writes bench-results/ingest.json at the repo root.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { startDatabase } from '@foresight/db/server';
import { createTestDatabase } from '@foresight/db/testing';
import { writeEventsCsv, writeMarketCsv } from './generate';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const run = promisify(execFile);
const log = (line: string) => console.log(`[bench:ingest] ${line}`);

const { values: args } = parseArgs({
  options: {
    'events-rows': { type: 'string', default: '1000000' },
    'market-rows': { type: 'string', default: '200000' },
  },
});

// Only the server is needed (each measurement gets a fresh database on it).
const database = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => {} }
  : await startDatabase({ log: () => {} });
process.env.TEST_DATABASE_URL = database.url;
const dir = await mkdtemp(path.join(tmpdir(), 'bench-ingest-files-'));
const results = [];
try {
  const files = [
    {
      kind: 'events',
      file: path.join(dir, 'events.csv'),
      write: writeEventsCsv,
      rows: Number(args['events-rows']),
      target: '< 15 s, peak RSS < 300 MB',
    },
    {
      kind: 'market',
      file: path.join(dir, 'market.csv'),
      write: writeMarketCsv,
      rows: Number(args['market-rows']),
      target: null,
    },
  ];
  for (const f of files) {
    log(`generating ${f.rows.toLocaleString('en-US')} ${f.kind} rows`);
    await f.write(f.file, f.rows);
    const t = await createTestDatabase();
    try {
      const measure = async (mode: 'import' | 'parse') => {
        const { stdout } = await run(
          process.execPath,
          ['--import', 'tsx', path.join(here, 'ingest-worker.ts'), t.url, f.file, f.kind, mode],
          { cwd: path.resolve(here, '..'), maxBuffer: 16 * 1024 * 1024 },
        );
        return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;
      };
      // Separate processes: the import's peak RSS is the import's alone.
      const imported = await measure('import');
      const parsed = await measure('parse');
      const result: Record<string, unknown> = {
        ...imported,
        parseValidateSeconds: parsed.parseValidateSeconds,
        copyAndCommitSeconds: imported.loadSeconds! - parsed.parseValidateSeconds!,
        target: f.target,
      };
      results.push(result);
      const s = (k: string) => `${(result[k] as number).toFixed(2)} s`;
      log(
        `${f.kind}: ${((result.bytes as number) / 1e6).toFixed(1)} MB, ${(result.rows as number).toLocaleString('en-US')} rows — ` +
          `receive ${s('receiveSeconds')}, import (parse+validate+COPY+commit) ${s('loadSeconds')} ` +
          `[parse+validate alone ${s('parseValidateSeconds')}], profile ${s('profileSeconds')}, ` +
          `peak RSS ${result.peakRssMb} MB (idle ${result.baselineRssMb} MB)`,
      );
    } finally {
      await t.drop();
    }
  }
  await mkdir(path.join(root, 'bench-results'), { recursive: true });
  const out = path.join(root, 'bench-results', 'ingest.json');
  await writeFile(
    out,
    JSON.stringify(
      { date: new Date().toISOString(), cpus: cpus().length, node: process.version, results },
      null,
      2,
    ),
  );
  log(`wrote ${path.relative(root, out)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
  await database.stop();
}
