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
    // epoch numbers of any magnitude: seconds below 1e11, milliseconds from 1e11 on
    ['964980499', '2000-07-30T18:08:19.000Z'],
    ['1700000000', '2023-11-14T22:13:20.000Z'],
    ['1700000000123', '2023-11-14T22:13:20.123Z'],
    ['  964980499 ', '2000-07-30T18:08:19.000Z'],
    ['1700000000.5', '2023-11-14T22:13:20.500Z'],
    ['964980499.123', '2000-07-30T18:08:19.123Z'],
    ['1700000000123.4', '2023-11-14T22:13:20.123Z'],
    ['99999999999', '5138-11-16T09:46:39.000Z'],
    ['100000000000', '1973-03-03T09:46:40.000Z'],
    ['-86400', '1969-12-31T00:00:00.000Z'],
    // ISO 8601 with or without a zone
    ['2024-03-05T10:20:30', '2024-03-05T10:20:30.000Z'],
    ['2024-03-05 10:20:30.123456', '2024-03-05T10:20:30.123Z'],
    ['2024-03-05T10:20:30-0530', '2024-03-05T15:50:30.000Z'],
    ['2024-03-05T10:20:30+05:30', '2024-03-05T04:50:30.000Z'],
  ])('reads %s', (raw, iso) => expect(parseTimestamp(raw)).toBe(iso));

  it('reads small integers (an order column) as seconds after 1970, in order', () => {
    const order = ['1', '2', '3', '10', '250', '99999'];
    const read = order.map((raw) => parseTimestamp(raw)!);
    expect(read[0]).toBe('1970-01-01T00:00:01.000Z');
    expect(read[2]).toBe('1970-01-01T00:00:03.000Z');
    const times = read.map((iso) => Date.parse(iso));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
  });

  it.each([
    '2024-02-30',
    '2024-03-05T25:00',
    'yesterday',
    '',
    '  ',
    '12abc',
    '1.2.3',
    '1,700,000,000',
    '1e9',
    '99999999999999999', // milliseconds past the year 9999
    '2024-03-05T10:20:30Zjunk',
  ])('rejects %j', (raw) => expect(parseTimestamp(raw)).toBeNull());
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
    ).rejects.toThrow(
      'row 2, column "ts": "soon" is not a timestamp (expected ISO 8601 like 2024-03-05T10:20:30Z, or epoch seconds or milliseconds)',
    );
    await expect(
      all(
        readEventsCsv(
          Readable.from(['user,ts,event,sku,amount\nu1,964980499,view,A,1\nu1,12:30,view,B,1\n']),
          mapping,
        ),
      ),
    ).rejects.toThrow('row 3, column "ts": "12:30" is not a timestamp');
    await expect(
      all(
        readEventsCsv(Readable.from(['user,ts,event,sku,amount\n,2024-01-01,view,A,1\n']), mapping),
      ),
    ).rejects.toThrow('row 2, column "user": "" is empty (an id is required)');
  });
});

describe('readEventsCsv timestamps', () => {
  const mapping = { user: 'user', time: 'ts', event: null, item: null, value: null };
  it('reads 9-, 10- and 13-digit epochs, decimals, zoneless ISO and order numbers', async () => {
    const rows = await all(
      readEventsCsv(
        Readable.from([
          'user,ts\nu1,964980499\nu1,1700000000\nu1,1700000000123\nu1,1700000000.25\nu1,2024-03-05 10:20\nu2,1\nu2,2\n',
        ]),
        mapping,
      ),
    );
    expect(rows.map((r) => r.occurredAt)).toEqual([
      '2000-07-30T18:08:19.000Z',
      '2023-11-14T22:13:20.000Z',
      '2023-11-14T22:13:20.123Z',
      '2023-11-14T22:13:20.250Z',
      '2024-03-05T10:20:00.000Z',
      '1970-01-01T00:00:01.000Z',
      '1970-01-01T00:00:02.000Z',
    ]);
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
