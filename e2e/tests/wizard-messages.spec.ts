import { expect, test } from '@playwright/test';
import { importRows, signUp, stageFile } from './wizard';

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
  await importRows(page);
  const stored = page.getByTestId('upload-stored');
  await expect(stored).toContainText('Imported 3 rows');
  await expect(stored).not.toContainText('Training has started');
  await expect(page.getByTestId('upload-stored-note')).toContainText(
    'Forecast needs at least 5 dated values per series to forecast and check itself; the file has 3 values.',
  );
});
