import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { signUp } from './wizard';

type Kind = 'market' | 'financials' | 'events' | 'customers';

/**
 * Waits for the page's training run to finish; a failed run fails the test (with its message)
 * at once, or at the end with `soft`, so the other pages are still checked and screenshotted.
 */
async function trained(page: Page, { soft = false, timeout = 150_000 } = {}): Promise<boolean> {
  const status = page.getByTestId('job-status');
  await expect(status).toHaveAttribute('data-status', /succeeded|failed|cancelled/, { timeout });
  const outcome = await status.getAttribute('data-status');
  (soft ? expect.soft : expect)(outcome, await status.innerText()).toBe('succeeded');
  return outcome === 'succeeded';
}

const shot = (page: Page, testInfo: TestInfo, name: string) =>
  page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

test('sample data → every page shows data (screenshots saved as test artifacts)', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await signUp(page, 'Sam Sample', 'sample');

  // A new organization gets the prominent offer; ?sample=small loads the small startup.
  await page.goto('/data?sample=small');
  const card = page.getByRole('region', { name: 'Sample data' });
  await expect(card.getByRole('heading', { name: /Try with sample data/ })).toBeVisible();
  const button = card.getByRole('button', { name: 'Try with sample data' });
  await button.click();

  const progress = page.getByTestId('sample-data');
  await expect(progress.locator('li[data-kind]')).toHaveCount(4);
  await expect(progress).toHaveAttribute('data-state', /stored|failed/, { timeout: 90_000 });
  const failures = await progress.locator('.error').allInnerTexts();
  expect(failures, failures.join('\n')).toEqual([]);
  await expect(progress).toHaveAttribute('data-state', 'stored');
  await expect(progress.locator('li[data-status="stored"]')).toHaveCount(4);
  await expect(progress).toContainText('Training is under way');
  await shot(page, testInfo, 'data');

  // The dataset ids, from the links the card renders.
  const links = progress.getByRole('navigation', { name: 'Sample dashboards' });
  const datasetOf = async (kind: Kind) => {
    const id = await links.locator(`a[data-kind="${kind}"]`).first().getAttribute('data-dataset');
    expect(id, kind).toBeTruthy();
    return id!;
  };
  const ids = {
    market: await datasetOf('market'),
    financials: await datasetOf('financials'),
    events: await datasetOf('events'),
    customers: await datasetOf('customers'),
  };
  for (const page_ of ['trends', 'risk', 'churn', 'recommendations', 'behaviour', 'features'])
    await expect(links.locator(`a[href^="/${page_}?dataset="]`).first()).toBeVisible();
  await expect(links.getByRole('link', { name: 'Models & Jobs' })).toBeVisible();

  // User behaviour: computed from the events (no training needed).
  await page.goto(`/behaviour?dataset=${ids.events}`);
  const active = page.getByRole('region', { name: 'Active users' });
  await expect(active).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await expect(active.locator('svg .recharts-area-area').first()).toBeAttached();
  const retention = page.getByRole('region', { name: 'Retention cohorts' });
  await expect(retention).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const cohortRows = retention
    .getByRole('table', { name: 'Retention cohorts table' })
    .locator('tbody tr');
  await expect(cohortRows.first()).toBeVisible();
  expect(await cohortRows.count()).toBeGreaterThan(1);
  await shot(page, testInfo, 'behaviour');

  // Feature optimisation.
  await page.goto(`/features?dataset=${ids.events}`);
  const features = page.getByRole('region', { name: 'Features' });
  await expect(features).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(
    features.getByRole('table', { name: 'Features table' }).locator('tbody tr').first(),
  ).toBeVisible();
  await shot(page, testInfo, 'features');

  // Trends: the forecast chart appears once the forecast run succeeds.
  await page.goto(`/trends?dataset=${ids.market}`);
  await trained(page);
  await expect(page.getByTestId('forecast-chart').first()).toBeVisible();
  expect(await page.getByTestId('forecast-chart').count()).toBeGreaterThanOrEqual(1);
  await shot(page, testInfo, 'trends');

  // Runway & risk.
  await page.goto(`/risk?dataset=${ids.financials}`);
  if (await trained(page, { soft: true })) {
    await expect(page.getByTestId('kpi-runway')).toContainText(/\d+\.\d mo|beyond horizon/);
    await expect(
      page.getByTestId('cash-fan-chart').locator('path.recharts-area-area').first(),
    ).toBeVisible();
    // The sample company grows (revenue ~$40K → $103K a month over 24 months): its revenue and
    // expense forecasts rise, and the runway is a range wider than a month, not a point.
    const flows = page.getByTestId('flows-chart');
    const dollars = async (name: string) => Number(await flows.getAttribute(`data-${name}`));
    expect(await dollars('revenue-last')).toBeGreaterThan(1.1 * (await dollars('revenue-first')));
    expect(await dollars('expenses-last')).toBeGreaterThan(await dollars('expenses-first'));
    const range = page.getByTestId('runway-range');
    const month = async (name: string) => {
      const value = await range.getAttribute(`data-${name}`);
      return value === 'beyond' ? Infinity : Number(value);
    };
    expect((await month('p90')) - (await month('p10'))).toBeGreaterThan(1);
  }
  await shot(page, testInfo, 'risk');

  // Churn, from the event log and from the customer table.
  for (const kind of ['events', 'customers'] as const) {
    await page.goto(`/churn?dataset=${ids[kind]}`);
    await trained(page);
    await expect(
      page.getByRole('table', { name: 'At-risk table' }).locator('tbody tr').first(),
    ).toBeVisible();
    await shot(page, testInfo, `churn-${kind}`);
  }

  // Recommendations.
  await page.goto(`/recommendations?dataset=${ids.events}`);
  await trained(page);
  await expect(
    page.getByRole('table', { name: 'Recommendation leaderboard' }).locator('tbody tr').first(),
  ).toBeVisible();
  const example = page
    .getByRole('region', { name: 'Recommendations for a user' })
    .locator('button.link')
    .first();
  await example.click();
  await expect(page.getByTestId('user-recommendations').locator('li').first()).toBeVisible();
  await shot(page, testInfo, 'recommendations');

  // Models & Jobs: the forecast has a version in its history.
  await page.goto(`/models?dataset=${ids.market}`);
  const forecast = page.getByTestId('task-forecast');
  await expect(
    forecast.getByRole('table', { name: 'Model versions' }).locator('tbody tr').first(),
  ).toBeVisible({ timeout: 30_000 });
  await expect(forecast.getByRole('table', { name: 'Model versions' })).toContainText('in use');
  await shot(page, testInfo, 'models');
});
