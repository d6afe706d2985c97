// `pnpm check:deps` runs this first (node:test via tsx): the check fails on a fake workspace with
// a bad import and an unused dependency, and passes once both are fixed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkDeps } from './check-deps';

const root = mkdtempSync(path.join(tmpdir(), 'check-deps-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string | object): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), typeof text === 'string' ? text : JSON.stringify(text));
}

write('pnpm-workspace.yaml', "packages:\n  - 'packages/*'\n  - tools\n");
write('package.json', { name: 'fake', devDependencies: { tsx: '*' } });
write('scripts/a.ts', "import { spawn } from 'node:child_process';\nimport 'fs/promises';\n");
write('tools/package.json', { name: '@fake/tools', dependencies: { '@fake/a': 'workspace:*' } });
write('tools/x.mjs', "const a = await import('@fake/a/sub');\nexport default a;\n");
write('packages/a/package.json', { name: '@fake/a', dependencies: { zod: '*', 'left-pad': '*' } });
write(
  'packages/a/src/index.ts',
  [
    "import { z } from 'zod/v4';",
    "import type { Thing } from '@scope/undeclared/deep/path';",
    "import self from '@fake/a/sub';",
    "import './local';",
    "const dep = require('cjs-only');",
    'const url = import.meta' + ".resolve('resolved-only');", // split: this file is scanned too
    "// import 'in-a-comment'",
    '',
  ].join('\n'),
);
write('packages/a/node_modules/ignored/index.js', "import 'not-scanned';");
write('packages/a/dist/index.js', "import 'build-output';");
write('packages/a/src/generated/client.ts', "import 'generated-code';");

test('reports undeclared imports and unused runtime dependencies', () => {
  assert.deepEqual(checkDeps(root).sort(), [
    'packages/a: declares left-pad in dependencies but nothing imports it',
    'packages/a: imports @scope/undeclared (packages/a/src/index.ts) but does not declare it',
    'packages/a: imports cjs-only (packages/a/src/index.ts) but does not declare it',
    'packages/a: imports resolved-only (packages/a/src/index.ts) but does not declare it',
  ]);
});

test('the CLI exits 1 with the list, then 0 once the package.json is fixed', () => {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'check-deps.ts');
  const run = () =>
    spawnSync(process.execPath, [...process.execArgv, script, root], { encoding: 'utf8' });
  const bad = run();
  assert.equal(bad.status, 1, bad.stderr);
  assert.match(bad.stderr, /imports cjs-only/);

  const deps = { zod: '*', 'cjs-only': '*', 'resolved-only': '*' };
  write('packages/a/package.json', {
    name: '@fake/a',
    dependencies: deps,
    devDependencies: { '@scope/undeclared': '*' },
  });
  const good = run();
  assert.equal(good.status, 0, good.stderr);
});
