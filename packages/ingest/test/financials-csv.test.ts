import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { readFinancialsCsv, type FinancialsMapping } from '../src/financials-csv';

async function read(csv: string, mapping: FinancialsMapping) {
  const out = [];
  for await (const r of readFinancialsCsv(Readable.from([csv]), mapping)) out.push(r);
  return out;
}

const csv =
  'month,mrr,payroll,hosting,bank\n2024-01,"$10,000",-8000,1200,250000\n2024-02,11000,8200,(1300),252000\n';

it('sums cost columns (sign-insensitive) and reads the cash balance', async () => {
  const rows = await read(csv, {
    date: 'month',
    revenue: 'mrr',
    expenses: ['payroll', 'hosting'],
    cash: 'bank',
  });
  expect(rows).toEqual([
    {
      date: '2024-01-01',
      revenue: 10000,
      expenses: 9200,
      expenseLines: { payroll: 8000, hosting: 1200 },
      cash: 250000,
    },
    {
      date: '2024-02-01',
      revenue: 11000,
      expenses: 9500,
      expenseLines: { payroll: 8200, hosting: 1300 },
      cash: 252000,
    },
  ]);
});

it('leaves cash null without a balance column', async () => {
  const rows = await read(csv, {
    date: 'month',
    revenue: 'mrr',
    expenses: ['payroll'],
    cash: null,
  });
  expect(rows.map((r) => r.cash)).toEqual([null, null]);
  // One cost column is the total itself: no lines.
  expect(rows.map((r) => r.expenseLines)).toEqual([null, null]);
});

it('names the row and column of a bad cost', async () => {
  const bad = csv.replace('(1300)', 'n/a');
  await expect(
    read(bad, { date: 'month', revenue: 'mrr', expenses: ['payroll', 'hosting'], cash: null }),
  ).rejects.toThrow('row 3, column "hosting": "n/a" is not a number');
});

it('rejects a repeated period', async () => {
  const dup = csv + '2024-02,1,1,1,1\n';
  await expect(
    read(dup, { date: 'month', revenue: 'mrr', expenses: ['payroll'], cash: null }),
  ).rejects.toThrow('row 4, column "month": "2024-02" repeats the date of row 3');
});

it('needs an expense column', async () => {
  await expect(
    read(csv, { date: 'month', revenue: 'mrr', expenses: [], cash: null }),
  ).rejects.toThrow(/at least one expense/);
});
