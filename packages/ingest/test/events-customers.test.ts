import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCustomersCsv } from '../src/customers-csv';
import { readEventsCsv } from '../src/events-csv';
import { parseTimestamp } from '../src/values';

async function all<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('parseTimestamp', () => {
  it.each([
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['2024-03-05T10:20:30Z', '2024-03-05T10:20:30.000Z'],
    ['2024-03-05 10:20', '2024-03-05T10:20:00.000Z'],
    ['2024-03-05T10:20:30.5+02:00', '2024-03-05T08:20:30.500Z'],
    ['1709634030', '2024-03-05T10:20:30.000Z'],
    ['1709634030123', '2024-03-05T10:20:30.123Z'],
  ])('reads %s', (raw, iso) => expect(parseTimestamp(raw)).toBe(iso));
  it.each(['2024-02-30', '2024-03-05T25:00', 'yesterday', '170963403', ''])('rejects %s', (raw) =>
    expect(parseTimestamp(raw)).toBeNull(),
  );
});

describe('readEventsCsv', () => {
  const mapping = { user: 'user', time: 'ts', event: 'event', item: 'sku', value: 'amount' };
  it('reads events with optional columns left blank', async () => {
    const rows = await all(
      readEventsCsv(
        Readable.from([
          'user,ts,event,sku,amount\nu1,2024-01-01T10:00:00Z,view,A,\nu2,1704103200,buy,B,"$12.50"\n',
        ]),
        mapping,
      ),
    );
    expect(rows).toEqual([
      {
        userId: 'u1',
        occurredAt: '2024-01-01T10:00:00.000Z',
        eventName: 'view',
        itemId: 'A',
        value: null,
      },
      {
        userId: 'u2',
        occurredAt: '2024-01-01T10:00:00.000Z',
        eventName: 'buy',
        itemId: 'B',
        value: 12.5,
      },
    ]);
  });
  it('names row and column of a bad timestamp and of a missing user', async () => {
    await expect(
      all(readEventsCsv(Readable.from(['user,ts,event,sku,amount\nu1,soon,view,A,1\n']), mapping)),
    ).rejects.toThrow('row 2, column "ts": "soon" is not a timestamp');
    await expect(
      all(
        readEventsCsv(Readable.from(['user,ts,event,sku,amount\n,2024-01-01,view,A,1\n']), mapping),
      ),
    ).rejects.toThrow('row 2, column "user": "" is empty (an id is required)');
  });
});

describe('readCustomersCsv', () => {
  const mapping = { id: 'id', label: 'churned', columns: ['id', 'plan', 'churned'] };
  it('keeps every column as text, blanks as null', async () => {
    const rows = await all(
      readCustomersCsv(Readable.from(['id,plan,churned\nc1,pro,no\nc2,,yes\n']), mapping),
    );
    expect(rows).toEqual([
      { recordId: 'c1', attributes: { id: 'c1', plan: 'pro', churned: 'no' } },
      { recordId: 'c2', attributes: { id: 'c2', plan: null, churned: 'yes' } },
    ]);
  });
  it('rejects a repeated id', async () => {
    await expect(
      all(readCustomersCsv(Readable.from(['id,plan,churned\nc1,a,no\nc1,b,yes\n']), mapping)),
    ).rejects.toThrow('row 3, column "id": "c1" repeats the id of row 2');
  });
});
