import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
export const examples = path.resolve(here, '../../examples');

type Kind = 'Market data' | 'Financials' | 'User events' | 'Customers';
type FileInput = string | { name: string; mimeType: string; buffer: Buffer };

export async function signUp(page: Page, name: string, emailPrefix: string): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(`${emailPrefix}+${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/data$/);
}

/** Picks the kind (when given), uploads the file and waits for the mapping step. */
export async function stageFile(page: Page, file: FileInput, kind?: Kind): Promise<void> {
  if (kind) await page.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
  await page.getByLabel('CSV file').setInputFiles(file);
  await expect(page.getByRole('form', { name: 'Column mapping' })).toBeVisible({
    timeout: 60_000,
  });
}

/** Clicks Import and waits until the rows are stored. */
export async function importRows(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('upload-stored')).toBeVisible({ timeout: 120_000 });
}

/** The checkbox of a column in a multi-column role ("Value columns", "Expense columns"). */
export const roleCheckbox = (page: Page, role: string, column: string) =>
  page.getByRole('group', { name: role }).getByRole('checkbox', { name: column, exact: true });

/**
 * Waits until none of this organization's training jobs is queued or running, so the jobs a
 * spec started do not slow down the trainer for the specs after it.
 */
export async function waitForIdleTrainer(page: Page, timeout = 170_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await page.request.get('/api/trpc/jobs.all');
        const body = (await res.json()) as {
          result: { data: { items: { status: string }[] } };
        };
        return body.result.data.items.filter((j) => j.status === 'queued' || j.status === 'running')
          .length;
      },
      { timeout, intervals: [2_000] },
    )
    .toBe(0);
}
