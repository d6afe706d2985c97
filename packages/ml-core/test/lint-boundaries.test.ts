/**
 * The architecture's import boundaries are ESLint rules (tooling/eslint/base.js, ml-core's own
 * config); these plant a bad import in each place and check the rule fails it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function ruleIds(packageDir: string, file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: join(repo, packageDir) });
  const [result] = await eslint.lintText(code, { filePath: join(repo, packageDir, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint boundaries', () => {
  it('ml-core sources do no I/O and import no workspace package', async () => {
    expect(
      await ruleIds(
        'packages/ml-core',
        'src/forecast/planted.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds(
        'packages/ml-core',
        'src/churn/planted.ts',
        "import { readEvents } from '@foresight/db';\nexport const x = readEvents;\n",
      ),
    ).toContain('no-restricted-imports');
    // Benchmarks may read files.
    expect(
      await ruleIds(
        'packages/ml-core',
        'bench/planted.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).not.toContain('no-restricted-imports');
  }, 60_000);

  it('packages never import apps; web and trainer never import each other', async () => {
    expect(
      await ruleIds(
        'packages/api',
        'src/planted.ts',
        "import { runWorker } from '@foresight/trainer';\nexport const x = runWorker;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds(
        'apps/web',
        'src/lib/planted.ts',
        "import { x } from '../../../trainer/src/worker';\nexport const y = x;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds(
        'apps/trainer',
        'src/planted.ts',
        "import { x } from '@foresight/web';\nexport const y = x;\n",
      ),
    ).toContain('no-restricted-imports');
  }, 60_000);

  it('data access goes through packages/db functions', async () => {
    const direct =
      "export async function f(ctx: { db: { pool: { query(q: string): Promise<unknown> } } }) {\n  return ctx.db.pool.query('SELECT 1');\n}\n";
    expect(await ruleIds('packages/api', 'src/router/planted.ts', direct)).toContain(
      'no-restricted-syntax',
    );
    expect(await ruleIds('packages/db', 'src/planted.ts', direct)).not.toContain(
      'no-restricted-syntax',
    );
  }, 60_000);
});
