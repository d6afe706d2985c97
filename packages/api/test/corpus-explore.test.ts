import { readdirSync, readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, it } from 'vitest';
import { importUpload, settleBackground, signedInCaller, uploadFile, type Caller } from './helpers';

let t: TestDatabase;
let queue: QueueClient;
let caller: Caller;
beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
  ({ caller } = await signedInCaller(t, queue, 'explore'));
});
afterAll(async () => {
  await queue.stop();
  await t.drop();
});
const dir = new URL('./fixtures/corpus/', import.meta.url);
it('explores', async () => {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.csv')) continue;
    const bytes = readFileSync(new URL(f, dir));
    let view;
    try {
      view = await uploadFile(caller, bytes, f);
    } catch (e) {
      await settleBackground();
      out.push(`${f}\tRECEIVE\t${(e as Error).message}`);
      continue;
    }
    const d = view.detection!;
    const kind = (
      /^events|epoch|datetimes|impossible-time/.test(f)
        ? 'events'
        : /financials/.test(f)
          ? 'financials'
          : (d.kindGuess ?? 'customers')
    ) as 'market';
    const info = `${kind} delim=${JSON.stringify(d.delimiter)} hdr=${d.hasHeader} header=${JSON.stringify(d.header.slice(0, 6))} types=${d.columns
      .slice(0, 6)
      .map(
        (c) =>
          c.type +
          (c.dateFormat ? ':' + c.dateFormat : '') +
          (c.decimalSeparator ? ':' + c.decimalSeparator : ''),
      )
      .join(',')} roles=${JSON.stringify(d.proposals[kind])} warn=${JSON.stringify(d.warnings)}`;
    try {
      const done = await importUpload(caller, view, {
        kind,
        badRows: /skip/.test(f) ? 'skip' : 'reject',
      });
      out.push(
        `${f}\t${info}\n\t=> ${done.status} ${JSON.stringify(done.result && { s: done.result.rowsStored, k: done.result.rowsSkipped })} pc=${done.problemCount} ${JSON.stringify(done.problems.slice(0, 2))} msg=${done.message}`,
      );
    } catch (e) {
      out.push(`${f}\t${info}\n\t=> INGEST-THROW ${(e as Error).message.slice(0, 300)}`);
    }
  }
  console.log(out.join('\n'));
});
