import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  examples,
  importRows,
  roleCheckbox,
  signUp,
  stageFile,
  waitForIdleTrainer,
} from './wizard';

test('the upload wizard imports each kind, lets the mapping be corrected, and lists row-level problems', async ({
  page,
}, testInfo) => {
  // Imports start training; the end of the test waits for it to finish (see below).
  test.setTimeout(360_000);
  await signUp(page, 'Iris Founder', 'iris');

  // A file the server cannot read is refused with its reason, right after the upload.
  await page.getByLabel('CSV file').setInputFiles({
    name: 'utf16.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('\ufeffdate,revenue\n2024-01-01,1\n', 'utf16le'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'UTF-16' })).toBeVisible();

  // Market: the kind and the roles are detected by the server.
  await stageFile(page, path.join(examples, 'market-sample.csv'));
  await expect(page.getByRole('radio', { name: /^Market data/ })).toBeChecked();
  await expect(page.getByLabel('Date column')).toHaveValue('date');
  await expect(page.getByLabel('Series column')).toHaveValue('region');
  await expect(roleCheckbox(page, 'Value columns', 'revenue')).toBeChecked();
  await expect(page.getByRole('table', { name: 'File preview' })).toContainText('north');
  await expect(page.getByLabel('Dataset name')).toHaveValue('market-sample');
  await page.screenshot({ path: testInfo.outputPath('mapping.png'), fullPage: true });
  await importRows(page);
  await expect(page.getByTestId('upload-stored')).toContainText('Imported 1,096 rows');
  await expect(page.getByRole('link', { name: 'View forecast' })).toHaveAttribute(
    'href',
    /\/trends\?dataset=/,
  );
  await page.getByRole('button', { name: 'Upload another file' }).click();

  // Financials.
  await stageFile(page, path.join(examples, 'financials-sample.csv'), 'Financials');
  await expect(page.getByLabel('Period column')).toHaveValue('month');
  await expect(page.getByLabel('Cash balance column')).toHaveValue('cash_balance');
  await importRows(page);
  await expect(page.getByRole('link', { name: 'View runway & risk' })).toBeVisible();
  await page.getByRole('button', { name: 'Upload another file' }).click();

  // Events.
  await stageFile(page, path.join(examples, 'events-sample.csv'), 'User events');
  await expect(page.getByLabel('User id column')).toHaveValue('user_id');
  await expect(page.getByLabel('Timestamp column')).toHaveValue('timestamp');
  await importRows(page);
  await expect(page.getByRole('link', { name: 'View churn & behaviour' })).toBeVisible();
  await page.getByRole('button', { name: 'Upload another file' }).click();

  // Customers, with a corrected mapping: no churn label (store only), seats as decimals, and
  // another name.
  await stageFile(page, path.join(examples, 'customers-sample.csv'), 'Customers');
  await expect(page.getByLabel('Customer id column')).toHaveValue('customer_id');
  await expect(page.getByLabel('Churned? (yes/no) column')).toHaveValue('churned');
  await page.getByLabel('Churned? (yes/no) column').selectOption('');
  await page.getByLabel('Type of column seats').selectOption('decimal');
  await expect(page.getByLabel('Decimal separator of column seats')).toHaveValue('.');
  await page.getByLabel('Dataset name').fill('Customers (corrected)');
  await importRows(page);

  // The dataset's page: facts, column summaries and the first stored rows.
  await page.getByRole('link', { name: 'View dataset' }).click();
  await expect(page).toHaveURL(/\/data\/[^/?]+$/);
  await expect(page.getByRole('heading', { name: 'Customers (corrected)' })).toBeVisible();
  const facts = page.getByRole('definition').filter({ hasText: 'customer_id' });
  await expect(facts.first()).toBeVisible();
  const seats = page.getByRole('article', { name: 'Column seats' });
  await expect(seats).toContainText('decimal');
  await expect(seats.getByRole('img', { name: 'Distribution of seats' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Column plan' })).toContainText('Distinct');
  const stored = page.getByRole('table', { name: 'Stored rows preview' });
  await expect(stored).toContainText('C1000');
  await expect(stored.locator('tbody tr')).toHaveCount(20);
  await expect(page.getByRole('link', { name: 'View churn predictions' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('dataset.png'), fullPage: true });

  // The Data page lists all four, with their columns.
  await page.getByRole('link', { name: 'All datasets' }).click();
  const table = page.getByRole('table', { name: 'Datasets' });
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(table).toContainText('seats · decimal');

  // A broken file: row-level problems with their row numbers, downloadable.
  const lines = [
    'date,revenue',
    '2024-01-01,10',
    '2024-01-02,11',
    '2024-01-03,not-a-number',
    '2024-01-04,13',
    '2024-02-30,14',
    ...Array.from({ length: 15 }, (_, i) => `2024-01-${String(i + 5).padStart(2, '0')},${20 + i}`),
  ];
  // This one is dropped on the drop zone rather than picked.
  await page.getByRole('radio', { name: /^Market data/ }).check();
  await page.getByTestId('drop-zone').evaluate((zone, text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'broken-market.csv', { type: 'text/csv' }));
    zone.dispatchEvent(
      new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
  }, lines.join('\n'));
  await expect(page.getByRole('form', { name: 'Column mapping' })).toBeVisible();
  await page.getByLabel('Date column').selectOption('date');
  await page.getByLabel('Type of column date').selectOption('date');
  await page.getByLabel('Date format of column date').selectOption('iso');
  await page.getByLabel('Type of column revenue').selectOption('decimal');
  await roleCheckbox(page, 'Value columns', 'revenue').check();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const rejected = page.getByRole('alert').filter({ hasText: 'Import rejected' });
  await expect(rejected).toContainText('Nothing was stored', { timeout: 60_000 });
  const problems = page.getByRole('table', { name: 'Problems' });
  const notANumber = problems.locator('tr', { hasText: 'not-a-number' });
  await expect(notANumber).toContainText('revenue');
  await expect(notANumber.locator('td').first()).toHaveText(/^\d+$/);
  const badDate = problems.locator('tr', { hasText: '2024-02-30' });
  await expect(badDate).toContainText('date');
  await expect(badDate.locator('td').first()).toHaveText(/^\d+$/);
  const rowOf = async (l: typeof badDate) => Number(await l.locator('td').first().innerText());
  expect((await rowOf(badDate)) - (await rowOf(notANumber))).toBe(2);
  await expect(rejected).toContainText(`row ${await rowOf(notANumber)}, column "revenue"`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download problems as CSV' }).click();
  expect((await download).suggestedFilename()).toBe('broken-market-problems.csv');
  await page.screenshot({ path: testInfo.outputPath('problems.png'), fullPage: true });

  // Back to the mapping: skip the bad rows, without uploading again.
  await page.getByRole('button', { name: 'Back to the mapping' }).click();
  await page.getByRole('radio', { name: 'Skip bad rows and report them' }).check();
  await importRows(page);
  await expect(page.getByTestId('upload-stored')).toContainText('Imported 18 rows');
  await expect(page.getByTestId('upload-stored')).toContainText('2 bad rows were skipped');

  // Delete it from the table, after confirming.
  const brokenRow = table.locator('tr', { hasText: 'broken-market' });
  await expect(table.locator('tbody tr')).toHaveCount(5);
  await brokenRow.getByRole('button', { name: 'Delete' }).click();
  await brokenRow.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(4);

  // Replace a dataset's rows from its page: the wizard is preset to that dataset.
  await table.getByRole('link', { name: 'financials-sample' }).click();
  await expect(page.getByRole('heading', { name: 'financials-sample' })).toBeVisible();
  await page.getByRole('button', { name: 'Replace data' }).click();
  const replace = page.getByRole('region', { name: 'Replace data' });
  await stageFile(page, path.join(examples, 'financials-sample.csv'));
  await expect(replace.getByRole('radio')).toHaveCount(2); // only the bad-rows choice, no kinds
  await expect(page.getByLabel('Period column')).toHaveValue('month');
  const importButton = page.getByRole('button', { name: 'Import', exact: true });
  await expect(importButton).toBeDisabled();
  await page.getByRole('checkbox', { name: /Yes, replace all 36 rows/ }).check();
  await importRows(page);
  await expect(page.getByTestId('upload-stored')).toContainText('Imported 36 rows');
  await expect(page.getByTestId('upload-stored')).toContainText('(replaced)');

  // Let the training these imports started finish before the next spec needs the trainer.
  await waitForIdleTrainer(page);
});
