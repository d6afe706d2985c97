import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import { churnFromTable } from './churn-from-table';
import {
  describeDriver,
  describeDrivers,
  driverReferences,
  formatDriverValue,
  humaniseColumnName,
  roundForReading,
  tableColumnSentence,
  tableColumnUnit,
  type DriverFeature,
} from './driver-text';
import type { ChurnTable } from './types';

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});

describe('formatting', () => {
  it('rounds for reading and writes units', () => {
    expect(roundForReading(41.4)).toBe(41);
    expect(roundForReading(3.46)).toBe(3.5);
    expect(roundForReading(0.08409)).toBe(0.084);
    expect(formatDriverValue(41.49, 'days')).toBe('41');
    expect(formatDriverValue(2.5, 'count')).toBe('2.5');
    expect(formatDriverValue(1234.5, 'money', '$')).toBe('$1,235');
    expect(formatDriverValue(58.081, 'money', '€')).toBe('€58.08');
    expect(formatDriverValue(0.623, 'share')).toBe('62%');
    expect(formatDriverValue(Math.log(0.4), 'change')).toBe('−60%');
    expect(formatDriverValue(6.83, 'ratio')).toBe('6.8×');
    expect(formatDriverValue(1, 'boolean')).toBe('yes');
    expect(formatDriverValue(Number.NaN, 'days')).toBe('missing');
  });

  it('reads column names and units from a table', () => {
    expect(humaniseColumnName('support_tickets_90d')).toBe('support tickets in the last 90 days');
    expect(humaniseColumnName('lastLoginDays')).toBe('last login days');
    expect(tableColumnUnit('monthly_charges', 'numeric', ['$70.10', '80'])).toEqual({
      unit: 'money',
      currency: '$',
    });
    expect(tableColumnUnit('discount', 'numeric', ['10%', '0%'])).toEqual({ unit: 'percent' });
    expect(tableColumnUnit('days_since_login', 'numeric', ['3']).unit).toBe('days');
    expect(tableColumnUnit('support_tickets_30d', 'numeric', ['3']).unit).toBe('count');
    expect(tableColumnUnit('age', 'numeric', ['30']).unit).toBe('number');
    const tickets = tableColumnSentence('support_tickets_30d', 'count', 'numeric');
    expect(tickets?.({ value: '3', typical: '0' }, { value: 3, typical: 0 })).toBe(
      '3 support tickets in the last 30 days (typical 0)',
    );
    expect(tickets?.({ value: '1', typical: '0' }, { value: 1, typical: 0 })).toBe(
      '1 support ticket in the last 30 days (typical 0)',
    );
    const tenure = tableColumnSentence('tenure_months', 'number', 'numeric');
    expect(tenure?.({ value: '1', typical: '23' }, { value: 1, typical: 23 })).toBe(
      'tenure: 1 month (typical 23)',
    );
    const session = tableColumnSentence('avg_session_minutes', 'number', 'numeric');
    expect(session?.({ value: '12', typical: '14' }, { value: 12, typical: 14 })).toBe(
      'avg session: 12 minutes (typical 14)',
    );
    const login = tableColumnSentence('last_login_days', 'days', 'numeric');
    expect(login?.({ value: '41', typical: '6' }, { value: 41, typical: 6 })).toBe(
      'last login: 41 days (typical 6)',
    );
  });
});

describe('describeDrivers', () => {
  const features: DriverFeature[] = [
    {
      name: 'days since last activity',
      unit: 'days',
      numbers: Float64Array.from([41.2, 5, 6, 7, 6]),
      sentence: ({ value, typical }) => `no activity for ${value} days (typical ${typical})`,
    },
    {
      name: 'contract',
      unit: 'category',
      strings: ['Month-to-month', 'Two year', 'Two year', null, 'One year'],
    },
    { name: 'satisfaction', unit: 'number', numbers: Float64Array.from([Number.NaN, 4, 3, 4, 5]) },
  ];
  const references = driverReferences(features, [1, 2, 3, 4]);
  const [described] = describeDrivers(
    [
      {
        id: 'c1',
        score: 0.9,
        drivers: [
          { feature: 'days since last activity', contribution: 1.2 },
          { feature: 'contract', contribution: 0.5 },
          { feature: 'satisfaction', contribution: 0.2 },
          { feature: 'gone', contribution: 0.1 },
        ] as never,
      },
    ],
    () => 0,
    features,
    references,
  );

  it('names the value and the typical value (median / most common category of training rows)', () => {
    expect(described?.drivers.map((d) => d.text)).toEqual([
      'no activity for 41 days (typical 6)',
      'contract: Month-to-month (most customers: Two year)',
      'satisfaction: not given (typical 4)',
      'gone',
    ]);
    expect(described?.drivers[0]).toMatchObject({ value: 41.2, typical: 6, contribution: 1.2 });
    expect(described?.drivers[1]).toMatchObject({ value: 'Month-to-month', typical: 'Two year' });
    expect(described?.drivers[2]).toMatchObject({ value: null, typical: 4 });
    expect(described?.drivers[3]).toMatchObject({ value: null, typical: null });
  });

  it('says so when the customer has the most common category', () => {
    const contract = features[1] as DriverFeature;
    const driver = describeDriver(
      { feature: 'contract', contribution: 0.3 },
      contract,
      references.get('contract'),
      2,
    );
    expect(driver.text).toBe('contract: Two year (like most customers)');
  });
});

/** 300 customers: churners were inactive for weeks and opened tickets; most others 6 days, 0 tickets. */
function plantedTable(): ChurnTable {
  const ids: string[] = [];
  const inactive: string[] = [];
  const tickets: string[] = [];
  const plan: string[] = [];
  const churned: (string | null)[] = [];
  for (let i = 0; i < 300; i += 1) {
    const churner = i % 4 === 0;
    ids.push(`c${i}`);
    inactive.push(String(churner ? 20 + ((i * 7) % 40) : i % 5 === 1 ? 3 + (i % 10) : 6));
    tickets.push(String(churner ? 2 + (i % 3) : i % 7 === 3 ? 1 : 0));
    plan.push(churner ? (i % 8 === 0 ? 'monthly' : 'annual') : i % 6 === 0 ? 'monthly' : 'annual');
    churned.push(churner ? 'yes' : 'no');
  }
  // The planted customer: 41 days without activity, otherwise typical; not labelled yet.
  ids.push('planted');
  inactive.push('41');
  tickets.push('0');
  plan.push('annual');
  churned.push(null);
  return {
    columns: [
      { name: 'customer_id', values: ids },
      { name: 'days_inactive', values: inactive },
      { name: 'support_tickets_30d', values: tickets },
      { name: 'plan', values: plan },
      { name: 'churned', values: churned },
    ],
  };
}

describe('churnFromTable drivers in words', () => {
  it('a customer 41 days inactive gets a sentence with 41 and the typical 6', async () => {
    const options = { idColumn: 'customer_id', labelColumn: 'churned', epochs: 5, seed: 4 };
    const result = await churnFromTable(plantedTable(), null, options);
    const planted = result.scores.find((s) => s.id === 'planted');
    const driver = planted?.drivers.find((d) => d.feature === 'days_inactive');
    expect(driver).toMatchObject({
      value: 41,
      typical: 6,
      text: 'inactive: 41 days (typical 6)',
    });
    expect(planted?.drivers[0]?.feature).toBe('days_inactive');
    // Every driver of every score says something, and ids are the customers' own.
    for (const score of result.scores) {
      expect(score.id).toMatch(/^(c\d+|planted)$/);
      for (const d of score.drivers) expect(d.text.length).toBeGreaterThan(0);
    }
    const ticketDriver = result.scores
      .flatMap((s) => s.drivers)
      .find((d) => d.feature === 'support_tickets_30d');
    expect(ticketDriver?.text).toMatch(/^\d+ support tickets? in the last 30 days \(typical 0\)$/);
    // Same seed, same sentences.
    const again = await churnFromTable(plantedTable(), null, options);
    expect(again.scores).toEqual(result.scores);
  }, 30_000);
});
