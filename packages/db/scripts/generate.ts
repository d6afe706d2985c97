// Runs `prisma generate` offline. Prisma's CLI tries to download its native schema engine at
// start even though `generate` never runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing
// file skips that download (see ARCHITECTURE.md, "Prisma offline").
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schema = path.resolve(packageDir, '../../prisma/schema.prisma');
const prismaBin = path.join(packageDir, 'node_modules/.bin/prisma');

const result = spawnSync(prismaBin, ['generate', '--schema', schema], {
  cwd: packageDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
