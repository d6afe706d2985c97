// Child processes of the benchmark (the chDB server, trainers, one-off training runs): started
// with tsx, their output kept (the last lines, for errors) and optionally echoed, stopped by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Child {
  name: string;
  process: ChildProcess;
  /** Every line written so far (stdout and stderr, in order). */
  lines: string[];
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  /** Resolves with the first line matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** The last lines of output, for an error message. */
  tail(n?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const children = new Set<Child>();

/** Runs `node --import tsx <script>` in `cwd` with `env` added to this process's environment. */
export function startTsx(
  name: string,
  script: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; args?: string[]; echo?: boolean },
): Child {
  const cwd = options.cwd ?? root;
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...(options.args ?? [])], {
    cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (stream: NodeJS.ReadableStream) => {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 5000) lines.splice(0, 1000);
        if (options.echo) console.log(`  [${name}] ${line}`);
        for (const w of [...waiters]) {
          if (w.pattern.test(line)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    });
  };
  onData(child.stdout!);
  onData(child.stderr!);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(handle);
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      lines.push(String(error));
      children.delete(handle);
      resolve('error');
    });
  });
  const handle: Child = {
    name,
    process: child,
    lines,
    exited,
    tail: (n = 30) => lines.slice(-n).join('\n'),
    waitForLine(pattern, timeoutMs) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `${name}: no line like ${pattern} within ${timeoutMs / 1000} s\n${handle.tail()}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(
            new Error(`${name} exited (${code}) before a line like ${pattern}\n${handle.tail()}`),
          );
        });
      });
    },
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  children.add(handle);
  return handle;
}

/** Stops every child still running (cleanup on error or Ctrl-C). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop(10_000)));
}

/** Resident memory of a process (Linux: /proc/<pid>/status VmRSS), MB; null elsewhere. */
export function rssMbOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's resident memory until stopped; the peak in MB. */
export function samplePeakRss(pid: number, everyMs = 250): { stop(): number | null } {
  let peak: number | null = rssMbOf(pid);
  const timer = setInterval(() => {
    const now = rssMbOf(pid);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
