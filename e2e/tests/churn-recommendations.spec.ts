import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { importRows, stageFile } from './wizard';

const here = path.dirname(fileURLToPath(import.meta.url));
const examples = path.resolve(here, '../../examples');

test('customers → churn scores with drivers; events → event-mode churn and recommendations', async ({
  page,
}, testInfo) => {
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Linus Founder');
  await page.getByLabel('Email').fill(`linus+${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/data$/);

  // Labelled customers → churn model.
  await stageFile(page, path.join(examples, 'customers-sample.csv'), 'Customers');
  await expect(page.getByLabel('Customer id column')).toHaveValue('customer_id');
  await expect(page.getByLabel('Churned? (yes/no) column')).toHaveValue('churned');
  await importRows(page);
  await page.getByRole('link', { name: 'View churn predictions' }).click();
  await expect(page).toHaveURL(/\/churn\?dataset=/);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 150_000,
  });
  const atRisk = page.getByRole('table', { name: 'At-risk table' });
  await expect(atRisk.locator('tbody tr')).toHaveCount(25);
  await expect(atRisk.locator('tbody tr').first().locator('.chip').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Churn leaderboard' })).toContainText(
    'Logistic regression',
  );
  await expect(
    page.getByTestId('importance-chart').locator('.recharts-bar-rectangle').first(),
  ).toBeAttached();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^churn-scores-.*\.csv$/);
  await page.screenshot({ path: testInfo.outputPath('churn.png'), fullPage: true });

  // An event log → churn in event mode and recommendations.
  await page.getByRole('link', { name: 'Data' }).click();
  await stageFile(page, path.join(examples, 'events-sample.csv'), 'User events');
  await expect(page.getByLabel('User id column')).toHaveValue('user_id');
  await expect(page.getByLabel('Timestamp column')).toHaveValue('timestamp');
  await expect(page.getByLabel('Item column')).toHaveValue('feature');
  await importRows(page);
  await page.getByRole('link', { name: 'View churn & behaviour' }).click();
  await expect(page).toHaveURL(/\/churn\?dataset=/);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 150_000,
  });
  await expect(page.getByText(/no activity within 30 days/)).toBeVisible();

  await page.getByRole('link', { name: 'Recommendations' }).click();
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 150_000,
  });
  const leaderboard = page.getByRole('table', { name: 'Recommendation leaderboard' });
  for (const name of ['Most popular', 'Item-kNN', 'Neural matrix factorisation'])
    await expect(leaderboard).toContainText(name);
  await page
    .getByRole('region', { name: 'Recommendations for a user' })
    .getByRole('button', { name: 'U0000' })
    .click();
  const recs = page.getByTestId('user-recommendations').locator('li');
  await expect(recs.first()).toBeVisible();
  expect(await recs.count()).toBeLessThanOrEqual(10);
  await page.getByTestId('user-recommendations').locator('li button').first().click();
  await expect(page.getByTestId('similar-items').locator('li').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('recommendations.png'), fullPage: true });
});
