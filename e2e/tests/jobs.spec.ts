import path from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { examples, importRows, signUp, stageFile, waitForIdleTrainer } from './wizard';

const marketCsv = path.join(examples, 'market-sample.csv');

const points = async (curve: Locator) => Number(await curve.getAttribute('data-points'));

test('Models & Jobs: live training, cancel, retrain, history and pinning', async ({
  page,
}, testInfo) => {
  test.setTimeout(170_000);
  await signUp(page, 'Jo Founder', 'jobs');

  // Before any upload the page says what to do.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Models & Jobs' })
    .click();
  await expect(page).toHaveURL(/\/models$/);
  await expect(page.getByRole('heading', { name: 'No datasets yet' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Data page' })).toBeVisible();

  // Upload market data: its upload starts the first forecast run.
  await page.goto('/data');
  await stageFile(page, marketCsv);
  await importRows(page);
  await page.getByRole('link', { name: 'View forecast' }).click();
  await expect(page).toHaveURL(/\/trends\?dataset=/);
  const datasetId = new URL(page.url()).searchParams.get('dataset')!;
  // The results page links to the run's details.
  await page.getByTestId('job-status').getByRole('link', { name: 'Models & Jobs' }).click();
  await expect(page).toHaveURL(new RegExp(`/models\\?dataset=${datasetId}$`));

  const forecast = page.getByTestId('task-forecast');
  const panel = forecast.getByTestId('job-panel');
  const curve = panel.getByTestId('loss-curve');
  const versions = forecast.getByRole('table', { name: 'Model versions' });
  await expect(forecast.getByRole('heading', { name: 'Forecast' })).toBeVisible();

  // The upload's run finishes on this page, without a reload, and adds version 1.
  await expect(panel).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
  await expect(versions.locator('tbody tr')).toHaveCount(1);
  await expect(versions.locator('tr[data-version="1"]')).toContainText('in use');
  await expect(forecast.getByRole('table', { name: 'Leaderboard' })).toContainText(
    'naive baseline',
  );
  await expect(
    forecast.getByRole('table', { name: 'Leaderboard' }).locator('tr.chosen'),
  ).toHaveCount(1);
  expect(await points(curve)).toBeGreaterThan(0);
  await expect(
    panel.getByTestId('job-timeline').locator('li[data-event="succeeded"]'),
  ).toBeVisible();

  // Retrain, and watch it live: the loss curve gains epochs while the page polls.
  await panel.getByRole('button', { name: 'Retrain' }).click();
  await expect(panel).toHaveAttribute('data-status', /queued|running/);
  await expect(panel).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect.poll(() => points(curve), { timeout: 30_000, intervals: [250] }).toBeGreaterThan(0);
  const seen = await points(curve);
  const phase = await panel.getByTestId('job-phase').innerText();
  await expect
    .poll(() => points(curve), { timeout: 30_000, intervals: [250] })
    .toBeGreaterThan(seen);
  await expect(panel.getByTestId('job-phase')).toContainText(
    /epoch \d+ \/ \d+|backtesting|training/,
  );
  expect(await panel.getByRole('progressbar', { name: 'Training progress' }).count()).toBe(1);
  await page.screenshot({ path: testInfo.outputPath('models-mid-training.png'), fullPage: true });
  testInfo.annotations.push({ type: 'phase while running', description: phase });

  // Cancel it: the trainer stops at the next epoch boundary.
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel).toHaveAttribute('data-status', 'cancelled', { timeout: 30_000 });
  await expect(
    panel.getByTestId('job-timeline').locator('li[data-event="cancelled"]'),
  ).toBeVisible();
  await expect(versions.locator('tbody tr')).toHaveCount(1);

  // Retrain again and let it finish: version 2 appears and is the one in use.
  await panel.getByRole('button', { name: 'Retrain' }).click();
  await expect(panel).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  await expect(versions.locator('tbody tr')).toHaveCount(2);
  await expect(versions.locator('tr[data-version="2"]')).toContainText('in use');
  await expect(versions.locator('tr[data-version="2"] td').nth(3)).toHaveText(/\d\.\d{3}/);

  // Pin version 1: it is the one in use until unpinned.
  await versions.getByRole('button', { name: 'Pin version 1' }).click();
  await expect(versions.locator('tr[data-version="1"]')).toContainText('pinned');
  await expect(versions.locator('tr[data-version="1"]')).toContainText('in use');
  await expect(forecast.getByRole('heading', { name: /Leaderboard · version 1/ })).toBeVisible();
  await versions.getByRole('button', { name: 'Unpin version 1' }).click();
  await expect(versions.getByRole('button', { name: 'Pin version 1' })).toBeVisible();
  await expect(versions).not.toContainText('pinned');
  await expect(versions.locator('tr[data-version="2"]')).toContainText('in use');

  // Recent runs: three forecast runs; picking the cancelled one shows it above.
  const recent = page.getByRole('table', { name: 'Recent jobs' });
  await expect(recent.locator('tbody tr')).toHaveCount(3);
  await expect(recent.locator('tbody tr').first()).toHaveAttribute('data-status', 'succeeded');
  await expect(recent.locator('tbody tr[data-status="cancelled"]')).toHaveCount(1);
  await recent.locator('tbody tr[data-status="cancelled"]').getByRole('button').click();
  await expect(panel).toHaveAttribute('data-status', 'cancelled');
  await forecast.getByRole('button', { name: 'Show the latest run' }).click();
  await expect(panel).toHaveAttribute('data-status', 'succeeded');

  // Retraining schedule.
  const schedule = page.getByLabel('Retraining schedule');
  await expect(schedule).toHaveValue('');
  await schedule.selectOption('weekly');
  await expect(page.getByText('Saved')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Retraining schedule')).toHaveValue('weekly');
  await page.getByLabel('Retraining schedule').selectOption('');
  await expect(page.getByText('Saved')).toBeVisible();

  await waitForIdleTrainer(page);
});
