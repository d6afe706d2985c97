// The supervisor of `pnpm start` (scripts/supervisor.ts) with stand-ins for its children: a
// tiny HTTP server as the web and an idle process as the trainer. kill -9 of the trainer must
// restart it with growing delays while the web answers every request; a killed web is
// restarted too; stop() ends everything and nothing restarts afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, httpGet, pollWeb, waitFor } from './process-fixtures';
import {
  DEFAULT_BACKOFF,
  Supervisor,
  restartDelay,
  type ChildExit,
  type SupervisedChild,
} from '../../../scripts/supervisor';

const WEB_STAND_IN = `
const http = require('node:http');
http.createServer((req, res) => res.end('ok ' + process.pid)).listen(Number(process.env.PORT), '127.0.0.1',
  () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));`;
const TRAINER_STAND_IN = `
console.log('trainer up');
setInterval(() => {}, 1000);
process.on('SIGTERM', () => { console.log('trainer stopping'); process.exit(0); });`;

const get = (port: number) => httpGet(port, 1000);
const until = (what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 10_000) =>
  waitFor(what, probe, { timeoutMs, everyMs: 25 });

function pidOf(child: SupervisedChild): number | undefined {
  return child.process?.pid;
}

describe('restartDelay', () => {
  it('doubles per crash in a row up to the cap', () => {
    const b = { initialMs: 1000, factor: 2, maxMs: 30_000, resetAfterMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelay(b, n))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    expect(restartDelay(DEFAULT_BACKOFF, 1)).toBe(1000);
  });
});

describe('Supervisor', () => {
  let supervisor: Supervisor | null = null;
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = null;
  });

  it('restarts a killed trainer with backoff while the web keeps answering', async () => {
    const lines: string[] = [];
    const crashes: ChildExit[] = [];
    const port = await freePort();
    supervisor = new Supervisor({
      log: (l) => lines.push(l),
      backoff: { initialMs: 200, factor: 2, maxMs: 800, resetAfterMs: 3_000 },
      stopTimeoutMs: 5_000,
    });
    const web = supervisor.add({
      name: 'web',
      command: process.execPath,
      args: ['-e', WEB_STAND_IN],
      env: { ...process.env, PORT: String(port) },
      output: () => {},
    });
    const trainerOutput: string[] = [];
    const trainer = supervisor.add({
      name: 'trainer',
      command: process.execPath,
      args: ['-e', TRAINER_STAND_IN],
      output: (l) => trainerOutput.push(l),
      onCrash: (exit) => void crashes.push(exit),
    });
    await until('the web stand-in to answer', () =>
      get(port).then(
        () => true,
        () => false,
      ),
    );
    await until('the trainer to start', () => trainerOutput.includes('trainer up'));

    // The web is polled throughout: every request must be answered.
    const polled = pollWeb(port, 20, 1000);

    const pids: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 3; i++) {
      const pid = pidOf(trainer)!;
      pids.push(pid);
      process.kill(pid, 'SIGKILL');
      await until(`restart ${i + 1}`, () => trainer.restarts === i + 1 && !!pidOf(trainer));
    }
    const elapsed = Date.now() - started;
    const { answered, failures } = await polled.stop();

    expect(failures).toBe(0);
    expect(answered).toBeGreaterThan(10);
    expect(new Set([...pids, pidOf(trainer)]).size).toBe(4);
    // 0.2 s, 0.4 s, 0.8 s: the crashes came in a row.
    expect(elapsed).toBeGreaterThanOrEqual(1_300);
    const died = lines.filter((l) => l.startsWith('trainer (pid'));
    expect(died).toHaveLength(3);
    expect(died[0]).toMatch(
      new RegExp(
        `^trainer \\(pid ${pids[0]}\\) died: signal SIGKILL after .* s; restarting in 0\\.2 s$`,
      ),
    );
    expect(died[1]).toMatch(/restarting in 0\.4 s \(crash 2 in a row\)$/);
    expect(died[2]).toMatch(/restarting in 0\.8 s \(crash 3 in a row\)$/);
    expect(lines.filter((l) => l.startsWith('trainer restarted'))).toHaveLength(3);
    expect(crashes.map((c) => [c.name, c.signal, c.pid])).toEqual(
      pids.map((pid) => ['trainer', 'SIGKILL', pid]),
    );
    expect(web.restarts).toBe(0);

    // After a healthy period the count of crashes in a row starts again.
    await new Promise((r) => setTimeout(r, 3_100));
    process.kill(pidOf(trainer)!, 'SIGKILL');
    await until('restart 4', () => trainer.restarts === 4);
    expect(lines.filter((l) => l.startsWith('trainer (pid')).at(-1)).toMatch(
      /restarting in 0\.2 s$/,
    );
  });

  it('restarts a crashed web, and stops everything cleanly', async () => {
    const lines: string[] = [];
    const port = await freePort();
    supervisor = new Supervisor({
      log: (l) => lines.push(l),
      backoff: { initialMs: 100, maxMs: 100 },
      stopTimeoutMs: 5_000,
    });
    const web = supervisor.add({
      name: 'web',
      command: process.execPath,
      args: ['-e', WEB_STAND_IN],
      env: { ...process.env, PORT: String(port) },
      output: () => {},
    });
    const trainerOutput: string[] = [];
    const trainer = supervisor.add({
      name: 'trainer',
      command: process.execPath,
      args: ['-e', TRAINER_STAND_IN],
      output: (l) => trainerOutput.push(l),
    });
    await until('the web stand-in to answer', () =>
      get(port).then(
        () => true,
        () => false,
      ),
    );
    const before = await get(port);
    process.kill(pidOf(web)!, 'SIGKILL');
    await until('the web to answer again from a new process', () =>
      get(port).then(
        (body) => body !== before,
        () => false,
      ),
    );
    expect(web.restarts).toBe(1);
    expect(lines.some((l) => /^web \(pid \d+\) died: signal SIGKILL/.test(l))).toBe(true);
    await until('the trainer to start', () => trainerOutput.includes('trainer up'));

    const webProcess = web.process!;
    const trainerProcess = trainer.process!;
    await supervisor.stop();
    supervisor = null;
    expect(webProcess.exitCode).toBe(0);
    expect(trainerProcess.exitCode).toBe(0);
    expect(trainerOutput).toContain('trainer stopping');
    await new Promise((r) => setTimeout(r, 300));
    expect(web.process).toBeNull();
    expect(trainer.process).toBeNull();
    expect(trainer.restarts).toBe(0);
    await expect(get(port)).rejects.toThrow();
  });

  it('logs a child that cannot start and retries it', async () => {
    const lines: string[] = [];
    supervisor = new Supervisor({
      log: (l) => lines.push(l),
      backoff: { initialMs: 50, maxMs: 50 },
    });
    supervisor.add({ name: 'ghost', command: '/nonexistent/binary', args: [], output: () => {} });
    await until(
      'two failed starts',
      () => lines.filter((l) => l.includes('could not start')).length >= 2,
    );
    expect(lines[0]).toMatch(/^ghost \(pid \?\) died: could not start: .*ENOENT/);
  });
});
