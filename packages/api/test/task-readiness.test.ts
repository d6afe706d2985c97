import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv, signedInCaller, type Caller } from './helpers';


describe('too little data is stored but not queued for training', () => {
  let t: TestDatabase;
  let queue: QueueClient;
  let caller: Caller;
  beforeAll(async () => {
    t = await createTestDatabase();
    queue = await startQueue(t.url, { role: 'sender' });
    ({ caller } = await signedInCaller(t, queue, 'short-data'));
  });
  afterAll(async () => {
    await queue.stop();
    await t.drop();
  });

  it('says which task the data is not enough for, and refuses a manual run with the reason', async () => {
    const csv = ['date,revenue', '2024-01-01,10', '2024-02-01,12', '2024-03-01,13'].join('\n');
    const stored = await importCsv(caller, csv, {
      kind: 'market',
      roles: { date: 'date', values: ['revenue'], series: null },
    });
    expect(stored.result.jobIds).toEqual([]);
    expect(stored.message).toContain('Forecast needs at least 5 dated values per series');
    expect(stored.message).toContain('the file has 3 values');
    await expect(caller.forecasts.train({ datasetId: stored.datasetId })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Forecast needs at least 5 dated values'),
    });
  });
});
