import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { examples, importRows, signUp, stageFile } from './wizard';

test('events → behaviour dashboards, feature optimisation, funnel and never-used churn filter', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await signUp(page, 'Ada Analyst', 'ada');

  await stageFile(page, path.join(examples, 'events-sample.csv'), 'User events');
  await expect(page.getByLabel('User id column')).toHaveValue('user_id');
  await expect(page.getByLabel('Timestamp column')).toHaveValue('timestamp');
  await importRows(page);

  // Behaviour: every chart gets data once the aggregates are built (computing… until then).
  await page.goto('/behaviour');
  await expect(page.getByRole('heading', { level: 1, name: 'User behaviour' })).toBeVisible();
  const active = page.getByRole('region', { name: 'Active users' });
  await expect(active).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await expect(active.locator('svg .recharts-area-area').first()).toBeAttached();
  await expect(active.getByRole('heading')).toContainText('WAU');

  const retention = page.getByRole('region', { name: 'Retention cohorts' });
  await expect(retention).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const cohortRows = retention
    .getByRole('table', { name: 'Retention cohorts table' })
    .locator('tbody tr');
  await expect(cohortRows.first()).toBeVisible();
  expect(await cohortRows.count()).toBeGreaterThan(1);
  await expect(cohortRows.first().locator('td.cell').first()).toHaveText('100%');

  // The cohort table scrolls inside its card: the page itself never scrolls sideways.
  const pageWidth = () =>
    page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
    }));
  const wide = await pageWidth();
  expect(wide.document).toBeLessThanOrEqual(wide.viewport);

  // Totals under an event filter count that event only (truth from the file itself).
  const purchases = readFileSync(path.join(examples, 'events-sample.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[2] === 'purchase');
  const purchaseUsers = new Set(purchases.map((cells) => cells[0])).size;
  const totals = page.locator('.analytics-kpis[aria-label="Totals"]');
  const allEvents = await page.getByTestId('total-events').textContent();
  await page.getByRole('combobox', { name: 'Event', exact: true }).selectOption('purchase');
  await expect(page.getByTestId('total-events')).toHaveText(
    purchases.length.toLocaleString('en-US'),
  );
  await expect(page.getByTestId('total-users')).toHaveText(purchaseUsers.toLocaleString('en-US'));
  await expect(totals).toContainText('“purchase” only');
  await page.getByRole('combobox', { name: 'Event', exact: true }).selectOption('');
  await expect(page.getByTestId('total-events')).toHaveText(allEvents ?? '');

  const volume = page.getByRole('region', { name: 'Event volume' });
  await expect(volume.locator('.recharts-bar-rectangle').first()).toBeAttached();
  const perUser = page.getByRole('region', { name: 'Events per user' });
  await expect(perUser.locator('.recharts-bar-rectangle').first()).toBeAttached();
  await expect(
    page.getByRole('region', { name: 'Stickiness' }).locator('.recharts-line-curve'),
  ).toBeAttached();

  // Grain: monthly active users, then monthly cohorts.
  const weeklyRows = await cohortRows.count();
  await page
    .getByRole('group', { name: 'Grain', exact: true })
    .getByRole('button', { name: 'Monthly' })
    .click();
  await expect(active.getByRole('heading')).toContainText('MAU');
  await expect(active.locator('svg .recharts-area-area').first()).toBeAttached();
  await retention
    .getByRole('group', { name: 'Cohort grain' })
    .getByRole('button', { name: 'Monthly' })
    .click();
  await expect(retention.getByRole('columnheader', { name: 'Month 1', exact: true })).toBeVisible();
  expect(await cohortRows.count()).toBeLessThan(weeklyRows);

  // Download the active-users numbers.
  const download = page.waitForEvent('download');
  await active.getByRole('button', { name: /Download CSV/ }).click();
  expect((await download).suggestedFilename()).toMatch(/^active-users-month-.*\.csv$/);
  await page.screenshot({ path: testInfo.outputPath('behaviour.png'), fullPage: true });

  // Feature optimisation: ranked features with intervals, and a 2-step funnel.
  await page.goto('/features');
  await expect(page.getByRole('heading', { level: 1, name: 'Feature optimisation' })).toBeVisible();
  const features = page.getByRole('region', { name: 'Features' });
  await expect(features).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const featureRows = features.getByRole('table', { name: 'Features table' }).locator('tbody tr');
  await expect(featureRows.first()).toBeVisible();
  await expect(featureRows.first().locator('svg.forest')).toBeVisible();
  await expect(features).toContainText('association, not causation');

  const funnel = page.getByRole('region', { name: 'Funnel' });
  const step1 = funnel.getByLabel('Step 1 event');
  const names = (await step1.locator('option').allTextContents()).filter((n) => !n.endsWith('…'));
  expect(names.length).toBeGreaterThanOrEqual(2);
  await step1.selectOption(names[0]!);
  await funnel.getByLabel('Step 2 event').selectOption(names[1]!);
  await expect(funnel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const conversion = funnel.getByRole('table', { name: 'Funnel conversion' }).locator('tbody tr');
  await expect(conversion).toHaveCount(2);
  await expect(conversion.nth(0)).toContainText('100.0%');
  await expect(conversion.nth(1).locator('td').nth(2)).toHaveText(/\d+(\.\d)?%/);
  await expect(funnel.locator('.recharts-bar-rectangle').first()).toBeAttached();
  // Add a third step, then remove it again.
  await funnel.getByRole('button', { name: '+ Add step' }).click();
  await expect(funnel.getByLabel('Step 3 event')).toBeVisible();
  await funnel.getByRole('button', { name: 'Remove step 3' }).click();
  await expect(conversion).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('features.png'), fullPage: true });

  // From a feature to the at-risk users who never used it.
  const firstFeature = (await featureRows.first().locator('td').nth(1).textContent())!.trim();
  await featureRows.first().getByRole('link', { name: 'At-risk users who never used it' }).click();
  await expect(page).toHaveURL(/\/churn\?dataset=[^&]+&neverUsed=/);
  const banner = page.getByTestId('never-used-banner');
  await expect(banner).toContainText(`Showing at-risk users who never used ${firstFeature}`);
  // Once the churn model is trained, the list holds only users who never did that event.
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 150_000,
  });
  const atRisk = page.getByRole('region', { name: 'At-risk customers' });
  await expect(
    atRisk
      .getByRole('table', { name: 'At-risk table' })
      .locator('tbody tr')
      .first()
      .or(atRisk.getByText(`No at-risk users who never used ${firstFeature}.`)),
  ).toBeVisible();
  const filteredTotal = await atRisk.getByText(/\d+ scored/).textContent();
  await banner.getByRole('link', { name: 'clear' }).click();
  await expect(page).toHaveURL(/\/churn\?dataset=[^&]+$/);
  await expect(page.getByTestId('never-used-banner')).toHaveCount(0);
  // Without the filter the list is longer (some at-risk users did use it).
  const total = (t: string | null) =>
    Number(/([\d,]+) scored/.exec(t ?? '')?.[1]?.replace(/,/g, ''));
  await expect
    .poll(async () => total(await atRisk.getByText(/\d+ scored/).textContent()))
    .toBeGreaterThan(total(filteredTotal));
});
