import { expect, test } from '@playwright/test';
import { importRows, roleCheckbox, signUp, stageFile } from './wizard';

const csv = (lines: string[]) => ({
  name: 'short.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(lines.join('\n')),
});

test('the wizard says why a column fell back to text, and which task the data is too short for', async ({
  page,
}) => {
  await signUp(page, 'Sam Founder', 'sam');

  // One bad cell in a date column: the column reads as text and its row says why, with the cells.
  const dates = Array.from(
    { length: 30 },
    (_, i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${100 + i}`,
  );
  dates[4] = 'soon,104';
  await stageFile(page, { ...csv(['day,revenue', ...dates]), name: 'bad-cell.csv' }, 'Market data');
  const columns = page.getByRole('form', { name: 'Column mapping' });
  await expect(columns).toContainText(
    'read as text: 29 of 30 sampled values are dates but "soon" is not',
  );
  await expect(columns).toContainText('written like "2024-01-01"');
  await page.getByRole('button', { name: 'Choose another file' }).click();

  // Three months of data: stored, and the forecast is not started, with the minimum in words.
  await stageFile(
    page,
    csv(['date,revenue', '2024-01-01,10', '2024-02-01,12', '2024-03-01,13']),
    'Market data',
  );
  // Before importing, the wizard already says the file is too short to forecast from.
  const readiness = page.getByRole('region', { name: 'What this data is enough for' });
  await expect(readiness).toContainText(
    'Forecast needs at least 5 dated values per series to forecast and check itself; the file has 3 values.',
  );
  await expect(page.getByTestId('import-training-notice')).toContainText('Training will not start');
  await importRows(page);
  const stored = page.getByTestId('upload-stored');
  await expect(stored).toContainText('Imported 3 rows');
  await expect(stored).not.toContainText('Training has started');
  await expect(page.getByTestId('upload-stored-note')).toContainText(
    'Forecast needs at least 5 dated values per series to forecast and check itself; the file has 3 values.',
  );
});

test('before import the wizard says what the data is enough for, and quotes the cells a column could not read', async ({
  page,
}) => {
  await signUp(page, 'Robin Founder', 'robin');

  // Three bad cells in an amount column: it reads as text, and its row in the column list quotes
  // them and says how they need to be written.
  const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
  const rows = Array.from({ length: 30 }, (_, i) => `${day(i)},${1000 + i}`);
  rows[3] = `${day(3)},n/a`;
  rows[7] = `${day(7)},about 1k`;
  rows[11] = `${day(11)},TBD`;
  await stageFile(page, { ...csv(['day,revenue', ...rows]), name: 'bad-cells.csv' }, 'Market data');
  const revenue = page
    .getByRole('table', { name: 'Columns' })
    .getByRole('row')
    .filter({ has: page.locator('strong', { hasText: /^revenue$/ }) });
  await expect(revenue).toContainText(
    'read as text: 27 of 30 sampled values are numbers but "n/a", "about 1k", "TBD" are not',
  );
  await expect(revenue).toContainText('written like "1000"');
  // Used as a value column as it is, the import would refuse it: said before Import.
  const readiness = page.getByRole('region', { name: 'What this data is enough for' });
  await roleCheckbox(page, 'Value columns', 'revenue').check();
  await expect(readiness).toContainText(
    'Nothing would be stored: The value column "revenue" is typed as text',
  );
  await page.getByRole('button', { name: 'Choose another file' }).click();

  // Three months of financials: not enough for runway, said with the minimum before importing,
  // and importing is still allowed (the rows are stored; training will not start).
  const month = (m: number) => new Date(Date.UTC(2024, m, 1)).toISOString().slice(0, 10);
  await stageFile(
    page,
    csv([
      'month,revenue,costs,cash',
      ...[0, 1, 2].map((m) => `${month(m)},${1000 + m},5000,${90_000 - 4000 * m}`),
    ]),
    'Financials',
  );
  await expect(readiness).toContainText(
    'not enough data Runway and risk needs at least 6 months of revenue and expenses; the file has 3 months.',
  );
  await expect(page.getByTestId('import-training-notice')).toContainText(
    'Training will not start: the data is not enough for any task yet',
  );
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeEnabled();
});
