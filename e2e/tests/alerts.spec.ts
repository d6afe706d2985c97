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

const marketCsv = path.join(examples, 'market-sample.csv');

/**
 * A week after the sample's last day (2025-07-01): south as usual, north as usual until a jump to
 * 9,000 on the last day, above the 5,000 line the rule watches.
 */
const breachCsv = [
  'date,region,revenue',
  ...Array.from({ length: 7 }, (_, i) => {
    const date = `2025-07-0${i + 2}`;
    return [`${date},north,${i === 6 ? 9000 : 2240 + 10 * i}`, `${date},south,${1296 + i}`];
  }).flat(),
].join('\n');

test('a rule made from the Trends page fires when an appended file breaches it: the bell shows the notification', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  await signUp(page, 'Alan Founder', 'alan');

  // A market file, its forecast trained.
  await stageFile(page, marketCsv);
  await importRows(page);
  await page.getByRole('link', { name: 'View forecast' }).click();
  await expect(page).toHaveURL(/\/trends\?dataset=/);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 150_000,
  });

  // "Alert me" beside north: a threshold at 5,000, described in words before it is created.
  await page.getByRole('button', { name: 'Alert me about north' }).click();
  const form = page.getByRole('dialog', { name: 'New alert on north' });
  await expect(form.getByTestId('alert-sentence')).toContainText(
    'Tell me when north leaves its usual range',
  );
  await form.getByRole('radio', { name: 'Crosses a value' }).check();
  await form.getByLabel('When it').selectOption('above');
  await form.getByRole('textbox', { name: 'Value', exact: true }).fill('5,000');
  await expect(form.getByTestId('alert-sentence')).toHaveText(
    'Tell me when north rises above 5,000',
  );
  await form.getByRole('button', { name: 'Create alert' }).click();
  await expect(form.getByRole('status')).toHaveText('Alert created: “north rises above 5,000”.');
  await form.getByRole('link', { name: 'See all alerts' }).click();

  // Listed on the Alerts page, on its dataset; nothing has fired yet.
  await expect(page).toHaveURL(/\/alerts$/);
  const rule = page.getByTestId('alert-rule');
  await expect(rule).toHaveCount(1);
  await expect(rule).toContainText('When north rises above 5,000');
  await expect(rule).toContainText('market-sample');
  await expect(page.getByText('Nothing has fired yet.')).toBeVisible();
  await expect(page.getByTestId('unread-count')).toHaveCount(0);
  // The trainer evaluates it at once: the page shows what it sees (the sample's last day).
  await expect(rule.getByTestId('alert-state')).toContainText('2025-07-01', { timeout: 60_000 });

  // Append a week whose last north point jumps over the line.
  await waitForIdleTrainer(page);
  await page.getByRole('link', { name: 'Data' }).click();
  await stageFile(
    page,
    { name: 'next-week.csv', mimeType: 'text/csv', buffer: Buffer.from(breachCsv) },
    'Market data',
  );
  await page.getByLabel('Series column').selectOption('region');
  await roleCheckbox(page, 'Value columns', 'revenue').check();
  await page.getByLabel('Import into').selectOption('append');
  await importRows(page);

  // The evaluation after the import fires the rule once: the bell counts it, the panel shows it.
  await expect(page.getByTestId('unread-count')).toHaveText('1', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  const item = panel.getByRole('listitem').first();
  await expect(item).toContainText(/north/i);
  await expect(item).toContainText(/9,?000/);
  await page.screenshot({ path: testInfo.outputPath('notification.png'), fullPage: true });
  await panel.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByTestId('unread-count')).toHaveCount(0);

  // The history keeps the numbers; the rule fired once.
  await page.getByRole('link', { name: 'Alerts', exact: true }).click();
  const fired = page.getByRole('table', { name: 'Fired alerts table' });
  await expect(fired.locator('tbody tr')).toHaveCount(1);
  await expect(fired).toContainText(/9,?000/);
  await expect(rule).toContainText('1 time in all');
  await expect(rule.getByTestId('alert-state')).toContainText('2025-07-08');
  await page.screenshot({ path: testInfo.outputPath('alerts-page.png'), fullPage: true });
});
