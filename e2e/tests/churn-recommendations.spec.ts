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
  // Each at-risk customer's drivers are sentences with their value and the typical one.
  const firstDriver = atRisk.locator('tbody tr').first().getByTestId('churn-drivers').locator('li');
  await expect(firstDriver.first()).toBeVisible();
  await expect(firstDriver.first()).toContainText(/typical|most customers/);
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
  for (const name of ['Most popular', 'Item-kNN']) await expect(leaderboard).toContainText(name);
  // Models by their human names, never by identifiers.
  await expect(leaderboard).not.toContainText(/item_knn|rp3beta|\bials\b|\bease\b/);
  await page
    .getByRole('region', { name: 'Recommendations for a user' })
    .getByRole('button', { name: 'U0000' })
    .click();
  const recs = page.getByTestId('user-recommendations').locator('li');
  await expect(recs.first()).toBeVisible();
  expect(await recs.count()).toBeLessThanOrEqual(10);
  // Ranked, without raw scores; the user's recent items (with when) beside them.
  await expect(recs.first().getByLabel('rank 1')).toBeVisible();
  await expect(page.getByTestId('user-recommendations')).not.toContainText(/\d\.\d{3}/);
  const history = page.getByTestId('user-history').locator('li');
  await expect(history.first()).toContainText(/\d{4}, \d{2}:\d{2} UTC/);
  expect(await history.count()).toBeLessThanOrEqual(10);
  // A user with no history is told so and gets the popular items.
  await page
    .getByRole('region', { name: 'Recommendations for a user' })
    .getByLabel('User id')
    .fill('nobody-here');
  await page
    .getByRole('region', { name: 'Recommendations for a user' })
    .getByRole('button', { name: 'Look up' })
    .click();
  await expect(page.getByTestId('cold-start-note')).toContainText('has no history yet');
  await expect(page.getByTestId('user-recommendations').locator('li').first()).toBeVisible();
  await page
    .getByRole('region', { name: 'Recommendations for a user' })
    .getByRole('button', { name: 'U0000' })
    .click();
  await expect(page.getByTestId('cold-start-note')).toHaveCount(0);
  await page.getByTestId('user-recommendations').locator('li button').first().click();
  await expect(page.getByTestId('similar-items').locator('li').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('recommendations.png'), fullPage: true });
});
