import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIResponse } from '@playwright/test';
import { importRows, stageFile } from './wizard';

const here = path.dirname(fileURLToPath(import.meta.url));

test('an API key created in Settings reads the organization over HTTP, and gets 401 once revoked', async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Ada Service');
  await page.getByLabel('Email').fill(`svc+${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/data$/);
  await stageFile(page, path.resolve(here, '../../examples/market-sample.csv'));
  await importRows(page);
  await page.getByRole('link', { name: 'View forecast' }).click();
  await expect(page).toHaveURL(/\/trends\?dataset=/);

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name').fill('warehouse-sync');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-api-key').locator('code').innerText()).trim();
  expect(key).toMatch(/^fsk_/);
  await expect(page.getByRole('table', { name: 'API keys table' })).toContainText('warehouse-sync');

  // A separate client with no cookies: only the bearer key.
  const service = await playwright.request.newContext({
    baseURL: baseURL!,
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
  const ok = await service.get('/api/trpc/datasets.all');
  expect(ok.status()).toBe(200);
  expect(ok.headers()['cache-control']).toBe('no-store');
  const body = await ok.json();
  expect(JSON.stringify(body)).toContain('market-sample');
  // A read-only key cannot start training.
  const datasetId = body.result.data[0].id as string;
  const forbidden = await service.post('/api/trpc/forecasts.train', {
    data: { datasetId },
  });
  expect(forbidden.status()).toBe(403);
  expect((await forbidden.json()).error.data.code).toBe('FORBIDDEN');
  // Bad input names the field and the reason, in a sentence rather than a JSON dump.
  const reversed = await service.get('/api/trpc/forecasts.latest', {
    params: { input: JSON.stringify({ datasetId, from: '2026-02-01', to: '2026-01-01' }) },
  });
  expect(reversed.status()).toBe(400);
  expect((await reversed.json()).error.message).toBe('to: `from` must be on or before `to`');

  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('table', { name: 'API keys table' })).toContainText('revoked');
  const refused = await service.get('/api/trpc/datasets.all');
  expect(refused.status()).toBe(401);
  await service.dispose();
});

test('sign-in lockout after 10 failures, per-key rate limit and cross-site writes answer with the right codes', async ({
  playwright,
  baseURL,
  page,
}) => {
  const email = `locked+${Date.now()}@example.com`;
  const http = await playwright.request.newContext({
    baseURL: baseURL!,
    extraHTTPHeaders: { origin: baseURL! },
  });
  expect(
    (
      await http.post('/api/auth/sign-up/email', {
        data: { email, password: 'the right password', name: 'L' },
      })
    ).status(),
  ).toBe(200);
  for (let i = 0; i < 10; i++) {
    const wrong = await http.post('/api/auth/sign-in/email', {
      data: { email, password: `wrong ${i}` },
    });
    expect(wrong.status()).toBe(401);
  }
  const locked = await http.post('/api/auth/sign-in/email', {
    data: { email, password: 'the right password' },
  });
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()['retry-after'])).toBeGreaterThan(0);
  await http.dispose();

  // A key over its per-minute limit (60 in this test server) gets 429 with Retry-After.
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Rate Limited');
  await page.getByLabel('Email').fill(`rl+${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/data$/);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name').fill('chatty');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-api-key').locator('code').innerText()).trim();
  const service = await playwright.request.newContext({
    baseURL: baseURL!,
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
  // Windows are fixed minutes: if the burst crosses a minute boundary the count restarts, so
  // send until refused (at most two windows' worth) rather than exactly 61.
  let served = 0;
  let refused: APIResponse | null = null;
  while (!refused && served <= 120) {
    const r = await service.get('/api/trpc/jobs.all');
    if (r.status() === 429) refused = r;
    else {
      expect(r.status()).toBe(200);
      served++;
    }
  }
  expect(refused, 'no 429 after two windows of requests').not.toBeNull();
  expect(served).toBeGreaterThanOrEqual(60);
  expect(Number(refused!.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await refused!.json()).error.data.code).toBe('TOO_MANY_REQUESTS');
  await service.dispose();

  // A signed-in browser's cookie cannot be used from another site to change data.
  const crossSite = await page.request.post('/api/trpc/org.rename', {
    headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    data: { name: 'pwned' },
  });
  expect(crossSite.status()).toBe(403);
});

test('the example client uploads, trains and prints a forecast with only a write API key', async ({
  page,
  baseURL,
  playwright,
}) => {
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Client Example');
  await page.getByLabel('Email').fill(`client+${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/data$/);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name').fill('example-client');
  await page.getByLabel('Allow writes').check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-api-key').locator('code').innerText()).trim();

  const repo = path.resolve(here, '../..');
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'packages/client/examples/upload-train-forecast.ts'],
    {
      cwd: repo,
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, FORESIGHT_URL: baseURL!, FORESIGHT_API_KEY: key },
    },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/uploaded 1096 rows as dataset/);
  expect(run.stdout).toMatch(/model: \w+ \(backtest MASE \d\.\d{3} vs seasonal naive \d\.\d{3}\)/);
  expect(run.stdout).toMatch(/north \d{4}-\d{2}-\d{2}: [\d.]+ \(80% interval/);

  // Rows as JSON, in tRPC's plain HTTP format (the README's curl example): a bad value is
  // refused naming the row and column, good rows are stored.
  const service = await playwright.request.newContext({
    baseURL: baseURL!,
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
  const rows = Array.from({ length: 24 }, (_, i) => ({
    date: new Date(Date.UTC(2024, i, 1)).toISOString().slice(0, 10),
    plan: 'pro',
    mrr: 1000 + 40 * i,
  }));
  const target = { mode: 'new', name: 'MRR pushed by a service' };
  const refused = await service.post('/api/trpc/uploads.fromRows', {
    data: {
      kind: 'market',
      target,
      rows: rows.map((r, i) => (i === 5 ? { ...r, mrr: 'n/a' } : r)),
      roles: { date: 'date', series: 'plan', values: ['mrr'] },
      columns: [{ name: 'mrr', type: 'decimal' }],
    },
  });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.message).toMatch(
    /^Nothing was stored: rows\[5\], column "mrr": /,
  );
  const stored = await service.post('/api/trpc/uploads.fromRows', {
    data: { kind: 'market', target, rows },
  });
  expect(stored.status()).toBe(200);
  expect((await stored.json()).result.data).toMatchObject({ rowsStored: 24, rowsSkipped: 0 });
  await service.dispose();

  // The datasets the service uploaded show up in the dashboard.
  await page.getByRole('link', { name: 'Data' }).click();
  const datasets = page.getByRole('table', { name: 'Datasets' });
  await expect(datasets).toContainText('Uploaded by the example client');
  await expect(datasets).toContainText('MRR pushed by a service');
});
