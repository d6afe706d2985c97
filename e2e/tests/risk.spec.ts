import path from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { examples, importRows, roleCheckbox, signUp, stageFile } from './wizard';

const financialsCsv = path.join(examples, 'financials-sample.csv');

/** A forecast value the flows chart exposes on its data-* attributes (whole dollars). */
async function dollars(chart: Locator, name: string): Promise<number> {
  const value = await chart.getAttribute(`data-${name}`);
  expect(value, name).toMatch(/^-?\d+$/);
  return Number(value);
}

/** A runway quantile from a data-* attribute: months, or Infinity past the simulated horizon. */
async function months(element: Locator, name: string): Promise<number> {
  const value = await element.getAttribute(`data-${name}`);
  expect(value, name).toMatch(/^(beyond|\d+(\.\d+)?)$/);
  return value === 'beyond' ? Infinity : Number(value);
}

test('financials upload → rising forecasts, runway range, forecast quality → what-if moves the runway, an invalid one is refused (by the page or the server)', async ({
  page,
}, testInfo) => {
  await signUp(page, 'Grace Founder', 'grace');

  await stageFile(page, financialsCsv, 'Financials');
  await expect(page.getByLabel('Period column')).toHaveValue('month');
  await expect(page.getByLabel('Revenue column')).toHaveValue('revenue');
  await expect(page.getByLabel('Cash balance column')).toHaveValue('cash_balance');
  for (const cost of ['payroll', 'hosting', 'marketing']) {
    await expect(roleCheckbox(page, 'Expense columns', cost)).toBeChecked();
  }
  await importRows(page);
  await page.getByRole('link', { name: 'View runway & risk' }).click();

  await expect(page).toHaveURL(/\/risk\?dataset=/);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 150_000,
  });
  await expect(
    page.getByTestId('cash-fan-chart').locator('path.recharts-area-area').first(),
  ).toBeVisible();
  await expect(
    page.getByTestId('cash-out-chart').locator('.recharts-bar-rectangle').first(),
  ).toBeAttached();
  await expect(page.getByTestId('kpi-naive-runway')).toContainText(/\d+\.\d mo/);

  // The sample company grows: revenue and expenses both rose for three years, so do their forecasts,
  // drawn with their calibrated 80% bands, in $ per month.
  const flows = page.getByTestId('flows-chart');
  await expect(flows).toBeVisible();
  await expect(flows).toContainText('$ per month');
  expect(await dollars(flows, 'revenue-last')).toBeGreaterThan(
    await dollars(flows, 'revenue-first'),
  );
  expect(await dollars(flows, 'expenses-last')).toBeGreaterThan(
    await dollars(flows, 'expenses-first'),
  );
  await expect(flows).toHaveAttribute('data-bands', 'calibrated');
  await expect(flows.locator('path.recharts-area-area').first()).toBeVisible();

  // The runway is a range, not a point: the 80% range is wider than a month (or its long end
  // outlasts the simulation, "more than N months").
  const runway = page.getByTestId('kpi-runway');
  const range = page.getByTestId('runway-range');
  await expect(range).toContainText(/80% range .*\d+\.\d months/);
  const p10 = await months(range, 'p10');
  const p90 = await months(range, 'p90');
  expect(p10).toBeLessThan(Infinity);
  expect(p90 - p10).toBeGreaterThan(1);
  await expect(range).toContainText(p10.toFixed(1));
  await expect(range).toContainText(
    p90 === Infinity
      ? `more than ${await range.getAttribute('data-horizon')} months`
      : p90.toFixed(1),
  );

  // Forecast quality in words, with human model names only.
  const quality = page.getByRole('region', { name: 'Forecast quality' });
  await expect(quality.getByTestId('forecast-quality-revenue')).toContainText(
    /Revenue forecast error \d+(\.\d)?% a month on the last .*than assuming no growth|about the same as assuming no growth/,
  );
  await expect(quality.getByTestId('forecast-quality-expenses')).toContainText(
    /Expense forecast error \d+(\.\d)?% a month/,
  );
  await expect(quality).toContainText(/held the actual value \d+% of the time in the backtest/);
  await expect(quality.getByTestId('expense-lines-note')).toContainText(
    'forecast line by line (payroll, hosting, marketing)',
  );
  await expect(quality).not.toContainText(/seasonal_naive|log_linear|\bets\b/);
  await expect(quality.getByRole('table', { name: 'Risk backtest' })).toContainText('Revenue');

  // A fundraise in the first month pushes the median runway out.
  const result = page.getByTestId('what-if-result');
  const base = await months(runway.locator('.kpi-value'), 'p50');
  await page.getByLabel('Fundraise ($)').fill('3000000');
  await expect(result).toHaveAttribute('data-state', 'applied');
  const whatIf = page.getByTestId('runway-whatif');
  await expect(whatIf).toBeVisible();
  expect(await months(whatIf, 'p50')).toBeGreaterThan(base);

  // An invalid growth change: the reason is next to the field, and the scenario is not applied
  // (the fundraise's numbers are gone, not left on screen as if current).
  const growth = page.getByLabel('Revenue growth change (points / month)');
  await growth.fill('abc');
  await expect(page.getByTestId('what-if-error-growthPoints')).toHaveText(
    'Enter a number, e.g. 2 or -1.5',
  );
  await expect(growth).toHaveAttribute('aria-invalid', 'true');
  await expect(result).toHaveAttribute('data-state', 'invalid');
  await expect(result).toContainText('Fix the highlighted field to see this scenario');
  await expect(whatIf).toHaveCount(0);
  await expect(page.getByTestId('kpi-cashout').locator('.whatif')).toHaveCount(0);

  await growth.fill('-150');
  await expect(page.getByTestId('what-if-error-growthPoints')).toContainText(
    'between -50 and +100 points a month',
  );
  await expect(result).toHaveAttribute('data-state', 'invalid');
  await expect(whatIf).toHaveCount(0);

  // Fixed: the scenario applies again.
  await growth.fill('');
  await expect(page.getByTestId('what-if-error-growthPoints')).toHaveCount(0);
  await expect(result).toHaveAttribute('data-state', 'applied');
  await expect(whatIf).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('risk.png'), fullPage: true });

  // A scenario the fields accept but the server refuses (400): the reason reaches the page, next
  // to the field it names, and the previous scenario is not kept on screen. The server's answer
  // is passed through with its what-if part replaced by the refusal tRPC sends for bad input.
  const refusal = 'The growth change must be between -50 and +100 points a month';
  await page.route(/\/api\/trpc\/[^?]*risk\.whatIf/, async (route) => {
    const response = await route.fetch();
    const paths = new URL(route.request().url()).pathname.split('/').pop()!.split(',');
    const answers = (await response.json()) as unknown[];
    const body = paths.map((p, i) =>
      p === 'risk.whatIf'
        ? {
            error: {
              message: `scenario.growthRateChange: ${refusal}`,
              code: -32600,
              data: { code: 'BAD_REQUEST', httpStatus: 400, path: p },
            },
          }
        : answers[i],
    );
    await route.fulfill({
      status: paths.length === 1 ? 400 : 207,
      contentType: 'application/json',
      body: JSON.stringify(body),
    });
  });
  await growth.fill('3');
  await expect(page.getByTestId('what-if-error-growthPoints')).toHaveText(refusal);
  await expect(result).toHaveAttribute('data-state', 'invalid');
  await expect(whatIf).toHaveCount(0);
  await page.unroute(/\/api\/trpc\/[^?]*risk\.whatIf/);
  await growth.fill('');
  await expect(page.getByTestId('what-if-error-growthPoints')).toHaveCount(0);
  await expect(result).toHaveAttribute('data-state', 'applied');

  // Planning three years ahead from the three years seen is answered, not refused: the
  // assessment re-runs over 36 months and the forecasts keep following the trend.
  await page.getByTestId('plan-months').selectOption('36');
  await page.getByRole('button', { name: 'Re-run assessment' }).click();
  await expect(range).toHaveAttribute('data-horizon', '36', { timeout: 150_000 });
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded');
  expect(await dollars(flows, 'revenue-last')).toBeGreaterThan(
    await dollars(flows, 'revenue-first'),
  );
  await expect(page.getByText('simulated paths over 36 months')).toBeVisible();
});
