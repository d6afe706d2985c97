import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { importRows, roleCheckbox, stageFile } from './wizard';

const here = path.dirname(fileURLToPath(import.meta.url));
const sampleCsv = path.resolve(here, '../../examples/market-sample.csv');

test('sign up → upload → forecast chart → sign out → protected page redirects', async ({
  page,
}, testInfo) => {
  // The nonce CSP must not block anything the app itself runs.
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });

  // Protected pages send visitors to sign-in.
  await page.goto('/trends');
  await expect(page).toHaveURL(/\/sign-in$/);

  // Sign up.
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Your name').fill('Ada Founder');
  await page.getByLabel('Email').fill(`ada+${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/data$/);
  await expect(page.getByText("Ada Founder's company")).toBeVisible();
  await expect(page.getByText('No data yet')).toBeVisible();

  // A broken file is rejected with the row and column, and nothing is stored.
  await stageFile(
    page,
    {
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          'date,revenue',
          ...Array.from(
            { length: 20 },
            (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},${100 + i}`,
          ),
          '2024-01-21,lots',
        ].join('\n'),
      ),
    },
    'Market data',
  );
  await page.getByLabel('Type of column revenue').selectOption('decimal');
  await roleCheckbox(page, 'Value columns', 'revenue').check();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const rejected = page.getByRole('alert').filter({ hasText: 'Import rejected' });
  await expect(rejected).toContainText('Nothing was stored', { timeout: 60_000 });
  await expect(rejected).toContainText('row 22, column "revenue": "lots" is not a number');
  const lots = page.getByRole('table', { name: 'Problems' }).locator('tr', { hasText: 'lots' });
  await expect(lots.locator('td')).toHaveText(['22', 'revenue', 'lots', 'is not a number']);
  await expect(page.getByText('No data yet')).toBeVisible();
  await page.getByRole('button', { name: 'Upload another file' }).click();

  // Upload the sample: the server detects the columns and proposes the mapping.
  await stageFile(page, sampleCsv);
  await expect(page.getByRole('radio', { name: /^Market data/ })).toBeChecked();
  await expect(page.getByLabel('Date column')).toHaveValue('date');
  await expect(roleCheckbox(page, 'Value columns', 'revenue')).toBeChecked();
  await expect(page.getByLabel('Series column')).toHaveValue('region');
  await importRows(page);
  await page.getByRole('link', { name: 'View forecast' }).click();

  // The trainer picks up the job; the page follows it to the chart.
  await expect(page).toHaveURL(/\/trends\?dataset=/);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 150_000,
  });
  const charts = page.getByTestId('forecast-chart');
  await expect(charts).toHaveCount(2);
  await expect(charts.first().locator('svg path.recharts-area-area')).toBeVisible();
  await expect(charts.first().locator('svg path.recharts-line-curve').first()).toBeVisible();
  await expect(page.getByTestId('kpi-naive')).toContainText(/\d\.\d{3}/);
  const leaderboard = page.getByRole('table', { name: 'Leaderboard' });
  for (const candidate of ['Seasonal naive', 'Exponential smoothing (ETS)', 'Neural network']) {
    await expect(leaderboard).toContainText(candidate);
  }
  await expect(page.getByTestId('calibration')).toContainText('target 80%');
  await page.screenshot({ path: testInfo.outputPath('trends.png'), fullPage: true });

  // The dataset is listed on the Data page.
  await page.getByRole('link', { name: 'Data' }).click();
  await expect(page.getByRole('table', { name: 'Datasets' })).toContainText('market-sample');
  await expect(page.getByRole('table', { name: 'Datasets' })).toContainText('1,096');

  expect(cspViolations).toEqual([]);
  const headers = (await page.request.get('/sign-in')).headers();
  expect(headers['content-security-policy']).toMatch(
    /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
  );
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');

  // Sign out; protected pages redirect again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/data');
  await expect(page).toHaveURL(/\/sign-in$/);
});
