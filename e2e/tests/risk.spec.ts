import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { importRows, roleCheckbox, stageFile } from './wizard';

const here = path.dirname(fileURLToPath(import.meta.url));
const financialsCsv = path.resolve(here, '../../examples/financials-sample.csv');

test('financials upload → runway fan, cash-out probabilities, anomalies → what-if moves the runway', async ({
  page,
}, testInfo) => {
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Grace Founder');
  await page.getByLabel('Email').fill(`grace+${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/data$/);

  await stageFile(page, financialsCsv, 'Financials');
  await expect(page.getByLabel('Period column')).toHaveValue('month');
  await expect(page.getByLabel('Revenue column')).toHaveValue('revenue');
  await expect(page.getByLabel('Cash balance column')).toHaveValue('cash_balance');
  for (const cost of ['payroll', 'hosting', 'marketing']) {
    await expect(roleCheckbox(page, 'Expense columns', cost)).toBeChecked();
  }
  await importRows(page);
  await page.getByRole('link', { name: 'View runway & risk' }).click();

  await expect(page).toHaveURL(/\/risk\?dataset=/);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 150_000,
  });
  await expect(
    page.getByTestId('cash-fan-chart').locator('path.recharts-area-area').first(),
  ).toBeVisible();
  await expect(
    page.getByTestId('cash-out-chart').locator('.recharts-bar-rectangle').first(),
  ).toBeAttached();
  await expect(page.getByTestId('flows-chart')).toBeVisible();
  await expect(page.getByTestId('kpi-naive-runway')).toContainText(/\d+\.\d mo/);
  const runway = page.getByTestId('kpi-runway');
  await expect(runway).toContainText(/\d+\.\d mo|beyond horizon/);
  await expect(page.getByRole('table', { name: 'Risk backtest' })).toContainText('revenue');

  // A fundraise in the first month pushes the median runway out.
  await page.getByLabel('Fundraise ($)').fill('3000000');
  await expect(runway.locator('.whatif')).toBeVisible();
  const base = Number((await runway.locator('.kpi-value').innerText()).replace(/[^\d.]/g, ''));
  const whatIfText = await runway.locator('.whatif').innerText();
  const whatIf = whatIfText.includes('beyond')
    ? Infinity
    : Number(whatIfText.replace(/[^\d.]/g, ''));
  expect(whatIf).toBeGreaterThan(base);
  await page.screenshot({ path: testInfo.outputPath('risk.png'), fullPage: true });
});
