import { describe, expect, it } from 'vitest';
import { ZScenario } from '@foresight/api/scenario';
import {
  checkWhatIf,
  EMPTY_WHAT_IF,
  parseNumber,
  serverFieldErrors,
  type WhatIfInputs,
} from '../src/lib/what-if';

const withInputs = (patch: Partial<WhatIfInputs>) => checkWhatIf({ ...EMPTY_WHAT_IF, ...patch });

describe('parseNumber', () => {
  it('reads numbers as people type them, and nothing else', () => {
    expect(parseNumber('15,000')).toBe(15000);
    expect(parseNumber('$1.5e6')).toBe(1.5e6);
    expect(parseNumber(' -1.5 ')).toBe(-1.5);
    expect(parseNumber('\u22122')).toBe(-2);
    expect(parseNumber('2%')).toBe(2);
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('12abc')).toBeNull();
    expect(parseNumber('0x10')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1e999')).toBeNull();
  });

  it.each([
    ['15 000', 15000],
    ['€15,000', 15000],
    ['USD 1,000,000', 1e6],
    ['(500)', -500],
    ['2.5 %', 2.5],
    ['-1.5%', -1.5],
    ['.5', 0.5],
  ])('reads %j as %s (the ingest parser, percentages kept in points)', (text, expected) =>
    expect(parseNumber(text)).toBe(expected),
  );

  it.each(['1,5', '1,2,3', '1.234,56', '%5', '5-', '$$5'])(
    'refuses %j rather than guessing',
    (text) => expect(parseNumber(text)).toBeNull(),
  );
});

describe('checkWhatIf', () => {
  it('describes no scenario for empty or zero fields', () => {
    expect(checkWhatIf(EMPTY_WHAT_IF)).toEqual({ scenario: null, errors: {} });
    expect(withInputs({ growthPoints: '0', raiseAmount: '0' })).toEqual({
      scenario: null,
      errors: {},
    });
  });

  it('builds the scenario the server takes (growth in fractions)', () => {
    expect(
      withInputs({ growthPoints: '2', costAmount: '15,000', costFrom: '3', raiseAmount: '1e6' }),
    ).toEqual({
      scenario: {
        growthRateChange: 0.02,
        newMonthlyCost: { amount: 15000, fromMonth: 3 },
        fundraise: { amount: 1e6, atMonth: 1 },
      },
      errors: {},
    });
  });

  it('names the field and the reason, and applies no scenario while any field is wrong', () => {
    expect(withInputs({ growthPoints: 'abc', raiseAmount: '1000000' })).toEqual({
      scenario: null,
      errors: { growthPoints: 'Enter a number, e.g. 2 or -1.5' },
    });
    expect(withInputs({ growthPoints: '-150' }).errors.growthPoints).toBe(
      'The growth change must be between -50 and +100 points a month',
    );
    expect(withInputs({ raiseAmount: '-5' }).errors.raiseAmount).toBe(
      'A fundraise cannot be negative',
    );
    expect(withInputs({ costAmount: '2e12' }).errors.costAmount).toMatch(/trillion/);
    expect(withInputs({ costAmount: '100', costFrom: '0' }).errors.costFrom).toMatch(/month/);
  });

  it('accepts exactly what the server accepts', () => {
    const cases: Partial<WhatIfInputs>[] = [
      { growthPoints: '-50' },
      { growthPoints: '-50.01' },
      { growthPoints: '100' },
      { growthPoints: '100.5' },
      { costAmount: '-1e12' },
      { costAmount: '-1.1e12' },
      { costAmount: '1e12', costFrom: '120' },
      { costAmount: '5', costFrom: '121' },
      { raiseAmount: '1e12' },
      { raiseAmount: '1.01e12' },
      { raiseAmount: '10', raiseAt: '1.5' },
    ];
    for (const patch of cases) {
      const { growthPoints, costAmount, costFrom, raiseAmount, raiseAt } = {
        ...EMPTY_WHAT_IF,
        ...patch,
      };
      const server = ZScenario.safeParse({
        ...(growthPoints ? { growthRateChange: Number(growthPoints) / 100 } : {}),
        ...(costAmount
          ? { newMonthlyCost: { amount: Number(costAmount), fromMonth: Number(costFrom) } }
          : {}),
        ...(raiseAmount
          ? { fundraise: { amount: Number(raiseAmount), atMonth: Number(raiseAt) } }
          : {}),
      }).success;
      const client = Object.keys(withInputs(patch).errors).length === 0;
      expect({ patch, client }).toEqual({ patch, client: server });
    }
  });
});

describe('serverFieldErrors', () => {
  it('puts each part of a BAD_REQUEST message next to the field it names', () => {
    expect(
      serverFieldErrors(
        'scenario.fundraise.amount: A fundraise cannot be negative; scenario.growthRateChange: Too big; datasetId: Invalid UUID',
      ),
    ).toEqual({
      errors: { raiseAmount: 'A fundraise cannot be negative', growthPoints: 'Too big' },
      other: ['datasetId: Invalid UUID'],
    });
  });
});
