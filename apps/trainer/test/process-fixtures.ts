/** Shared setup of the tests that start real processes (trainers, stand-ins, the supervisor). */
import http from 'node:http';
import net from 'node:net';

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** GET / on 127.0.0.1:port; the body, or a rejection (refused, timed out). */
export function httpGet(port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * Polls `probe` until it returns something truthy (and returns it); after `timeoutMs` throws,
 * naming what it waited for and adding `details()` (e.g. the processes' output).
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  options: { timeoutMs?: number; everyMs?: number; details?: () => string } = {},
): Promise<Exclude<T, null | undefined | false>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, null | undefined | false>;
    if (Date.now() > deadline) {
      const details = options.details?.();
      throw new Error(`timed out waiting for ${what}${details ? `\n${details}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, options.everyMs ?? 200));
  }
}

/** Requests the page every `everyMs` until stopped; counts answers and failures. */
export function pollWeb(port: number, everyMs: number, timeoutMs?: number) {
  let answered = 0;
  let failures = 0;
  let polling = true;
  const loop = (async () => {
    while (polling) {
      await httpGet(port, timeoutMs).then(
        () => answered++,
        () => failures++,
      );
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop(): Promise<{ answered: number; failures: number }> {
      polling = false;
      await loop;
      return { answered, failures };
    },
  };
}
