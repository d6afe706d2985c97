import { describe, expect, it } from 'vitest';
import { inferDateFormat, parseDateValue } from '../../src/detect';

describe('inferDateFormat', () => {
  it('reads ISO dates and year-months', () => {
    expect(inferDateFormat(['2024-03-05', '2024-12-31', ''])).toEqual({
      format: 'iso',
      hasTime: false,
      ambiguous: false,
    });
    expect(inferDateFormat(['2024-01', '2024-02'])).toMatchObject({
      format: 'iso',
      hasTime: false,
    });
  });

  it('reads ISO datetimes with T or space, offsets and fractional seconds', () => {
    const values = [
      '2024-03-05T10:20:30Z',
      '2024-03-05 10:20',
      '2024-03-05T10:20:30.123+02:00',
      '2024-03-05T10:20:30-0500',
      '2024-03-05',
    ];
    expect(inferDateFormat(values)).toEqual({ format: 'iso', hasTime: true, ambiguous: false });
  });

  it('reads YYYY/MM/DD', () => {
    expect(inferDateFormat(['2024/03/05', '2024/3/6'])).toMatchObject({ format: 'ymd' });
  });

  it('decides day-first when a first part is above 12', () => {
    expect(inferDateFormat(['03/04/2024', '25/04/2024'])).toEqual({
      format: 'dmy',
      hasTime: false,
      ambiguous: false,
    });
    expect(inferDateFormat(['03.04.2024', '25.04.2024 14:30'])).toEqual({
      format: 'dmy',
      hasTime: true,
      ambiguous: false,
    });
  });

  it('decides month-first when a second part is above 12', () => {
    expect(inferDateFormat(['03/04/2024', '04/25/2024'])).toMatchObject({
      format: 'mdy',
      ambiguous: false,
    });
    expect(inferDateFormat(['3-4-2024', '4-25-2024'])).toMatchObject({ format: 'mdy' });
  });

  it('assumes day-first, flagged ambiguous, when the data cannot tell', () => {
    expect(inferDateFormat(['03/04/2024', '05/06/2024'])).toEqual({
      format: 'dmy',
      hasTime: false,
      ambiguous: true,
    });
  });

  it('is not a date column when both orders appear', () => {
    expect(inferDateFormat(['25/04/2024', '04/25/2024'])).toBeNull();
  });

  it('reads epoch seconds and milliseconds as datetimes', () => {
    expect(inferDateFormat(['1709633700', '1709720100'])).toEqual({
      format: 'epoch',
      hasTime: true,
      ambiguous: false,
    });
    expect(inferDateFormat(['1709633700000', '1709720100123'])).toMatchObject({
      format: 'epoch',
    });
    expect(inferDateFormat(['1709633700.25', '1709720100.5'])).toMatchObject({ format: 'epoch' });
  });

  it('reads 9-digit epoch seconds (before 2001) as datetimes, flagged for a name check', () => {
    expect(inferDateFormat(['964980499', '964982703', '964981247'])).toEqual({
      format: 'epoch',
      hasTime: true,
      ambiguous: false,
      nineDigits: true,
    });
    // mixed with 10-digit seconds (MovieLens runs 1996–2018): no flag needed
    expect(inferDateFormat(['964980499', '1700000000'])).toEqual({
      format: 'epoch',
      hasTime: true,
      ambiguous: false,
    });
  });

  it('does not propose small or 11-digit numbers as epochs', () => {
    expect(inferDateFormat(['1', '2', '3'])).toBeNull();
    expect(inferDateFormat(['12345678901', '12345678902'])).toBeNull();
    expect(inferDateFormat(['-1700000000'])).toBeNull();
  });

  it('does not take years or compact integers for dates', () => {
    expect(inferDateFormat(['2024', '2023', '2022'])).toBeNull();
    expect(inferDateFormat(['20240305', '20240306'])).toBeNull();
    expect(inferDateFormat(['12', '42.5'])).toBeNull();
    expect(inferDateFormat(['03/04/24'])).toBeNull();
  });

  it('tolerates up to 2% bad values', () => {
    const values = [...Array(99).fill('2024-01-02'), 'N/A'];
    expect(inferDateFormat(values)).toMatchObject({ format: 'iso' });
    expect(inferDateFormat([...Array(95).fill('2024-01-02'), ...Array(5).fill('N/A')])).toBeNull();
  });

  it('returns null for no values', () => {
    expect(inferDateFormat(['', ' '])).toBeNull();
  });
});

describe('parseDateValue', () => {
  it.each([
    ['iso', '2024-03-05', '2024-03-05'],
    ['iso', ' 2024-3-5 ', '2024-03-05'],
    ['iso', '2024-03', '2024-03-01'],
    ['iso', '2024-03-05T23:30:00-05:00', '2024-03-05'],
    ['ymd', '2024/03/05', '2024-03-05'],
    ['dmy', '05/03/2024', '2024-03-05'],
    ['dmy', '5.3.2024', '2024-03-05'],
    ['mdy', '03/05/2024', '2024-03-05'],
    ['mdy', '3/5/2024 10:20:30 PM', '2024-03-05'],
    ['epoch-s', '1709633700', '2024-03-05'],
    ['epoch-ms', '1709633700000', '2024-03-05'],
  ] as const)('%s %j → date %s', (format, raw, expected) =>
    expect(parseDateValue(format, raw, false)).toBe(expected),
  );

  it.each([
    ['iso', '2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['iso', '2024-03-05T10:20:30Z', '2024-03-05T10:20:30.000Z'],
    ['iso', '2024-03-05 10:20', '2024-03-05T10:20:00.000Z'],
    ['iso', '2024-03-05T10:20:30.1234+02:00', '2024-03-05T08:20:30.123Z'],
    ['iso', '2024-03-05T23:30:00-05:00', '2024-03-06T04:30:00.000Z'],
    ['iso', '2024-03-05 10:20:30 +0530', '2024-03-05T04:50:30.000Z'],
    ['dmy', '05/03/2024 14:30', '2024-03-05T14:30:00.000Z'],
    ['mdy', '3/5/2024 12:15 AM', '2024-03-05T00:15:00.000Z'],
    ['mdy', '3/5/2024 1:15 pm', '2024-03-05T13:15:00.000Z'],
    ['epoch-s', '1709633700', '2024-03-05T10:15:00.000Z'],
    ['epoch-ms', '1709633700123', '2024-03-05T10:15:00.123Z'],
  ] as const)('%s %j → datetime %s', (format, raw, expected) =>
    expect(parseDateValue(format, raw, true)).toBe(expected),
  );

  it.each([
    ['iso', '2023-02-29'],
    ['iso', '2024-13-01'],
    ['iso', '2024-00-10'],
    ['iso', '2024-03-05 25:00'],
    ['iso', '2024-03-05 10:60'],
    ['iso', '2024-03-05T10:20:30Zjunk'],
    ['dmy', '31/04/2024'],
    ['dmy', '30/02/2024'],
    ['mdy', '13/01/2024'],
    ['mdy', '1/5/2024 13:00 PM'],
    ['ymd', '2024-03-05'],
    ['iso', '05/03/2024'],
    ['epoch-s', '170963370x'],
    ['epoch-ms', '1709633700 ms'],
    ['epoch', '1,709,633,700'],
    ['epoch', '99999999999999999'],
    ['iso', ''],
    ['iso', '#N/A'],
  ] as const)('%s rejects %j', (format, raw) => {
    expect(parseDateValue(format, raw, false)).toBeNull();
    expect(parseDateValue(format, raw, true)).toBeNull();
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseDateValue('iso', '2024-02-29', false)).toBe('2024-02-29');
    expect(parseDateValue('iso', '2000-02-29', false)).toBe('2000-02-29');
    expect(parseDateValue('iso', '1900-02-29', false)).toBeNull();
  });
});
