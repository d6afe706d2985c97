// `pnpm check:deps`: every workspace package (and the root, for scripts/) declares what it imports,
// and its runtime `dependencies` are all imported somewhere (or allow-listed below with a reason).
// Usage: tsx scripts/check-deps.ts [workspace-root]   (exit 1 and a list when something is wrong)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Runtime dependencies nothing needs to import: each is used another way (the reason says how). */
const USED_WITHOUT_IMPORT: Record<string, string> = {
  tsx: 'CLI binary: package scripts run `tsx src/main.ts`',
  next: 'CLI binary: `next build` / `next start`',
  prisma: 'CLI binary: `prisma generate` (packages/db/scripts/generate.ts)',
  '@prisma/client': 'imported by the generated client in packages/db/src/generated (not scanned)',
};
/** Directories never scanned: dependencies, build output, generated code, test artefacts. */
const SKIP_DIRS = new Set([
  'node_modules',
  '.next',
  'dist',
  '.turbo',
  'generated',
  'coverage',
  'test-results',
  'playwright-report',
  'bench-results',
  '.data',
  '.git',
]);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

type Manifest = {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
type Pkg = { dir: string; manifest: Manifest; aliases: string[] };

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Workspace package directories from pnpm-workspace.yaml (`dir/*` and plain `dir` entries). */
function workspaceDirs(root: string): string[] {
  const yaml = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(yaml)?.[1] ?? '';
  const globs = [...block.matchAll(/-\s*['"]?([^'"\s]+)/g)].map((m) => m[1]!);
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [path.join(root, glob)];
    const parent = path.join(root, glob.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(parent, e.name));
  });
  return [root, ...dirs.filter((d) => existsSync(path.join(d, 'package.json')))];
}

/** tsconfig `paths` prefixes (e.g. `~/`): local aliases, not packages. */
function pathAliases(dir: string): string[] {
  const file = path.join(dir, 'tsconfig.json');
  if (!existsSync(file)) return [];
  const config = ts.readConfigFile(file, ts.sys.readFile).config as
    { compilerOptions?: { paths?: Record<string, string[]> } } | undefined;
  return Object.keys(config?.compilerOptions?.paths ?? {}).map((k) => k.replace(/\*$/, ''));
}

/** Source files of one package; nested packages (any dir with a package.json) are their own. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name) || existsSync(path.join(full, 'package.json'))) return [];
      return sourceFiles(full);
    }
    return SOURCE.test(e.name) && e.name !== 'next-env.d.ts' ? [full] : [];
  });
}

/** Module specifiers in one file: import/export from, import(), require(), import.meta.resolve(). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  const found = [...info.importedFiles, ...info.typeReferenceDirectives].map((f) => f.fileName);
  for (const m of text.matchAll(/import\.meta\.resolve\(\s*(['"])([^'"]+)\1/g)) found.push(m[2]!);
  return found;
}

/** The package a bare specifier names (`@a/b/c` → `@a/b`, `x/y` → `x`); null if not a package. */
function packageName(spec: string, aliases: string[]): string | null {
  if (/^[./#]/.test(spec) || spec.includes(':') || isBuiltin(spec)) return null;
  if (aliases.some((a) => spec.startsWith(a))) return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Peer dependencies of the imported packages (installed ones): e.g. @trpc/client needs @trpc/server. */
function peersOf(names: string[], dir: string): Set<string> {
  return new Set(
    names.flatMap((name) => {
      const file = path.join(dir, 'node_modules', name, 'package.json');
      return existsSync(file) ? Object.keys(readJson<Manifest>(file).peerDependencies ?? {}) : [];
    }),
  );
}

/** Problems of one package: undeclared imports and unused runtime dependencies. */
function checkPackage(pkg: Pkg, root: string): string[] {
  const m = pkg.manifest;
  const declared = new Set([
    m.name,
    ...[m.dependencies, m.devDependencies, m.peerDependencies, m.optionalDependencies].flatMap(
      (d) => Object.keys(d ?? {}),
    ),
  ]);
  const imported = new Map<string, string>(); // package → first file importing it
  for (const file of sourceFiles(pkg.dir)) {
    for (const spec of specifiers(file)) {
      const name = packageName(spec, pkg.aliases);
      if (name && !imported.has(name)) imported.set(name, path.relative(root, file));
    }
  }
  const label = path.relative(root, pkg.dir) || '(root)';
  const missing = [...imported]
    .filter(([name]) => !declared.has(name))
    .map(([name, file]) => `${label}: imports ${name} (${file}) but does not declare it`);
  const peers = peersOf([...imported.keys()], pkg.dir);
  const unused = Object.keys(m.dependencies ?? {})
    .filter((name) => !imported.has(name) && !peers.has(name) && !(name in USED_WITHOUT_IMPORT))
    .map((name) => `${label}: declares ${name} in dependencies but nothing imports it`);
  return [...missing, ...unused];
}

export function checkDeps(root: string): string[] {
  return workspaceDirs(root).flatMap((dir) =>
    checkPackage(
      {
        dir,
        manifest: readJson<Manifest>(path.join(dir, 'package.json')),
        aliases: pathAliases(dir),
      },
      root,
    ),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'),
  );
  const problems = checkDeps(root);
  if (problems.length > 0) {
    console.error(`check-deps: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('check-deps: every import is declared, every runtime dependency is used');
}
