import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../src/detect/timestamp';

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
