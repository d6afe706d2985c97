// A small process supervisor for `pnpm start` (scripts/start.ts): keeps long-running children
// (web, trainer) alive. A child that exits on its own — crash, kill -9, out of memory, or even
// code 0 — is restarted after an exponential backoff (capped; the count of crashes in a row is
// forgotten once a child has stayed up for a healthy period), while the other children keep
// running. `stop()` sends SIGTERM to all, waits, then SIGKILLs what is left. No I/O beyond
// spawning and logging, so tests drive it with tiny fixture scripts.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Backoff {
  /** Delay before the first restart after a crash (ms). */
  initialMs: number;
  /** Multiplier per crash in a row. */
  factor: number;
  /** Upper bound of the delay (ms). */
  maxMs: number;
  /** A child that ran this long before dying was healthy: its next restart is quick again (ms). */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = {
  initialMs: 1_000,
  factor: 2,
  maxMs: 30_000,
  resetAfterMs: 60_000,
};

/** The delay before restarting a child that has now crashed `crashesInARow` times (≥ 1). */
export function restartDelay(backoff: Backoff, crashesInARow: number): number {
  const n = Math.max(1, crashesInARow);
  return Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** (n - 1));
}

/** How a child ended. */
export interface ChildExit {
  name: string;
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** How long it ran (ms). */
  uptimeMs: number;
  /** "exit code 1", "signal SIGKILL", "could not start: …". */
  how: string;
}

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Called when the child died unexpectedly, before its restart is scheduled (e.g. to mark the
   * jobs of a dead trainer lost). Errors are logged, never fatal.
   */
  onCrash?: (exit: ChildExit) => void | Promise<void>;
  /** Where its output goes: inherited by default; given a function, lines are passed to it. */
  output?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface SupervisedChild {
  readonly name: string;
  /** The live process, or null between a crash and its restart. */
  readonly process: ChildProcess | null;
  /** Restarts so far. */
  readonly restarts: number;
}

export interface SupervisorOptions {
  log: (line: string) => void;
  backoff?: Partial<Backoff>;
  /** After SIGTERM, how long children get before SIGKILL (ms). */
  stopTimeoutMs?: number;
}

function describe(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

class Child implements SupervisedChild {
  process: ChildProcess | null = null;
  restarts = 0;
  crashesInARow = 0;
  startedAt = 0;
  timer: NodeJS.Timeout | null = null;
  exited: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: ChildSpec,
    readonly supervisor: Supervisor,
  ) {}

  get name() {
    return this.spec.name;
  }

  start() {
    const { spec } = this;
    const options: SpawnOptions = {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', spec.output ? 'pipe' : 'inherit', spec.output ? 'pipe' : 'inherit'],
    };
    const child = spawn(spec.command, spec.args, options);
    this.process = child;
    this.startedAt = Date.now();
    if (spec.output) {
      for (const stream of ['stdout', 'stderr'] as const) {
        let rest = '';
        child[stream]?.on('data', (chunk: Buffer) => {
          const lines = (rest + chunk.toString()).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) spec.output!(line, stream);
        });
        child[stream]?.on('end', () => rest && spec.output!(rest, stream));
      }
    }
    let settled = false;
    this.exited = new Promise<void>((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null, how?: string) => {
        if (settled) return;
        settled = true;
        resolve();
        this.onExit(child, code, signal, how ?? describe(code, signal));
      };
      child.once('exit', (code, signal) => done(code, signal));
      child.once('error', (error) => done(null, null, `could not start: ${error.message}`));
    });
  }

  private onExit(
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
    how: string,
  ) {
    if (this.process === child) this.process = null;
    if (this.supervisor.stopping) return;
    const uptimeMs = Date.now() - this.startedAt;
    const backoff = this.supervisor.backoff;
    this.crashesInARow = uptimeMs >= backoff.resetAfterMs ? 1 : this.crashesInARow + 1;
    const delay = restartDelay(backoff, this.crashesInARow);
    const exit: ChildExit = { name: this.name, pid: child.pid, code, signal, uptimeMs, how };
    this.supervisor.log(
      `${this.name} (pid ${child.pid ?? '?'}) died: ${how} after ${seconds(uptimeMs)}; ` +
        `restarting in ${seconds(delay)}` +
        (this.crashesInARow > 1 ? ` (crash ${this.crashesInARow} in a row)` : ''),
    );
    const crashHook = Promise.resolve()
      .then(() => this.spec.onCrash?.(exit))
      .catch((error: unknown) =>
        this.supervisor.log(
          `${this.name}: after-crash step failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    this.timer = setTimeout(() => {
      this.timer = null;
      void crashHook.then(() => {
        if (this.supervisor.stopping) return;
        this.restarts += 1;
        this.start();
        this.supervisor.log(
          `${this.name} restarted (pid ${this.process?.pid ?? '?'}, restart ${this.restarts})`,
        );
      });
    }, delay);
  }
}

/** Starts children and keeps them running until `stop()`. */
export class Supervisor {
  readonly backoff: Backoff;
  readonly log: (line: string) => void;
  stopping = false;
  private readonly children: Child[] = [];
  private readonly stopTimeoutMs: number;

  constructor(options: SupervisorOptions) {
    this.log = options.log;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  }

  /** Starts a child and supervises it. */
  add(spec: ChildSpec): SupervisedChild {
    if (this.stopping) throw new Error('The supervisor is stopping');
    const child = new Child(spec, this);
    this.children.push(child);
    child.start();
    return child;
  }

  /**
   * Stops everything: no more restarts, SIGTERM to every live child, SIGKILL to those still
   * running after the timeout. Resolves when all have exited.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const c of this.children) {
      if (c.timer) clearTimeout(c.timer);
      c.timer = null;
    }
    const live = this.children.filter((c) => c.process && c.process.exitCode === null);
    for (const c of live) c.process!.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const c of live) {
        if (c.process && c.process.exitCode === null && c.process.signalCode === null) {
          this.log(`${c.name} did not stop within ${seconds(this.stopTimeoutMs)}: SIGKILL`);
          c.process.kill('SIGKILL');
        }
      }
    }, this.stopTimeoutMs);
    await Promise.all(live.map((c) => c.exited));
    clearTimeout(force);
  }
}
