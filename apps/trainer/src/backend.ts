import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** Which backend to start the search from; the search always falls back down the chain to `cpu`. */
export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface SelectBackendOptions {
  /**
   * `auto` and `tensorflow` try tfjs-node-gpu → tfjs-node → wasm → cpu; `wasm` tries wasm → cpu;
   * `cpu` uses the plain JavaScript backend. Defaults to `auto`.
   */
  prefer?: BackendPreference;
}

export interface SkippedBackend {
  /** Package or backend name, e.g. `@tensorflow/tfjs-node`. */
  name: string;
  reason: string;
}

export interface BackendReport {
  /** The active tf backend name: `tensorflow`, `wasm` or `cpu`. */
  backend: string;
  /** What provided it: `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, `@tensorflow/tfjs-backend-wasm` or `cpu`. */
  provider: string;
  /** Candidates tried (or passed over) before the winner, in order, with the reason. */
  skipped: SkippedBackend[];
}

type Attempt = { ok: true; backend: string } | { ok: false; reason: string };

interface Candidate {
  name: string;
  tier: 'tensorflow' | 'wasm' | 'cpu';
  attempt: () => Promise<Attempt>;
}

const requireFromHere = createRequire(import.meta.url);
const BINDING_FILE = 'tfjs_binding.node';

/**
 * Path of the compiled native binding (`lib/<napi-version>/tfjs_binding.node`) inside a tfjs-node
 * package directory, or null when the package was installed without it.
 */
export function findNativeBinding(packageDir: string): string | null {
  const libDir = join(packageDir, 'lib');
  if (!existsSync(libDir)) return null;
  for (const entry of readdirSync(libDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const candidate = join(libDir, entry.name, BINDING_FILE);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function resolvePackageDir(packageName: string): string | null {
  try {
    return dirname(requireFromHere.resolve(`${packageName}/package.json`));
  } catch {
    return null;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function activate(backendName: string): Promise<Attempt> {
  try {
    const ok = await tf.setBackend(backendName);
    if (!ok) return { ok: false, reason: `tf.setBackend('${backendName}') returned false` };
    await tf.ready();
    return { ok: true, backend: tf.getBackend() };
  } catch (error) {
    return { ok: false, reason: `initialisation failed: ${errorMessage(error)}` };
  }
}

function tfjsNodeCandidate(packageName: string): Candidate {
  return {
    name: packageName,
    tier: 'tensorflow',
    attempt: async () => {
      const packageDir = resolvePackageDir(packageName);
      if (packageDir === null) return { ok: false, reason: 'package not installed' };
      // Requiring a package without its binding registers ~150 kernels and then throws, flooding
      // the log with "already registered" warnings, so look before loading.
      if (findNativeBinding(packageDir) === null) {
        return { ok: false, reason: 'native binding not installed' };
      }
      try {
        requireFromHere(packageName);
      } catch (error) {
        return { ok: false, reason: `failed to load: ${errorMessage(error)}` };
      }
      return activate('tensorflow');
    },
  };
}

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

const wasmCandidate: Candidate = {
  name: WASM_PACKAGE,
  tier: 'wasm',
  attempt: async () => {
    let wasmDir: string;
    try {
      // The package's main entry lives in dist/, beside the .wasm files.
      wasmDir = dirname(requireFromHere.resolve(WASM_PACKAGE));
    } catch {
      return { ok: false, reason: 'package not installed' };
    }
    if (!existsSync(join(wasmDir, 'tfjs-backend-wasm.wasm'))) {
      return { ok: false, reason: `no .wasm files in ${wasmDir}` };
    }
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Must happen before setBackend; a wrong path does not throw, setBackend returns false.
      wasm.setWasmPaths(`${wasmDir}/`);
    } catch (error) {
      return { ok: false, reason: `failed to load: ${errorMessage(error)}` };
    }
    return activate('wasm');
  },
};

const cpuCandidate: Candidate = { name: 'cpu', tier: 'cpu', attempt: () => activate('cpu') };

const CHAIN: readonly Candidate[] = [
  tfjsNodeCandidate('@tensorflow/tfjs-node-gpu'),
  tfjsNodeCandidate('@tensorflow/tfjs-node'),
  wasmCandidate,
  cpuCandidate,
];

const TIER_START: Record<BackendPreference, Candidate['tier']> = {
  auto: 'tensorflow',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

async function runChain(prefer: BackendPreference): Promise<BackendReport> {
  const start = CHAIN.findIndex((candidate) => candidate.tier === TIER_START[prefer]);
  const skipped: SkippedBackend[] = CHAIN.slice(0, start).map((candidate) => ({
    name: candidate.name,
    reason: `not tried (prefer: '${prefer}')`,
  }));
  for (const candidate of CHAIN.slice(start)) {
    const result = await candidate.attempt();
    if (result.ok) return { backend: result.backend, provider: candidate.name, skipped };
    skipped.push({ name: candidate.name, reason: result.reason });
  }
  const reasons = skipped.map((entry) => `${entry.name}: ${entry.reason}`).join('; ');
  throw new Error(`No TensorFlow.js backend could be initialised (${reasons})`);
}

const cache = new Map<BackendPreference, Promise<BackendReport>>();

/**
 * Picks the fastest working TensorFlow.js backend (tfjs-node-gpu → tfjs-node → wasm → cpu), makes
 * it the active one and reports which won and why the others were skipped, for the caller to log.
 * Idempotent: repeated calls with the same preference return the cached report (re-activating
 * that backend if something switched away from it in between).
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  const prefer = options.prefer ?? 'auto';
  let pending = cache.get(prefer);
  if (pending === undefined) {
    pending = runChain(prefer);
    cache.set(prefer, pending);
    pending.catch(() => cache.delete(prefer));
    return pending;
  }
  const report = await pending;
  if (tf.getBackend() !== report.backend) {
    const ok = await tf.setBackend(report.backend);
    if (!ok) throw new Error(`Could not re-activate the '${report.backend}' backend`);
  }
  return report;
}
