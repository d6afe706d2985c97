import { expect, test } from '@playwright/test';
import { signUp } from './wizard';

test('a co-founder joins by invitation link with a role; members cannot manage keys; password change and sign out others; ownership handed over, then the owner leaves', async ({
  page,
  browser,
}) => {
  // The owner names the organization and invites a co-founder as a member.
  await signUp(page, 'Ada Owner', 'owner');
  await page.getByRole('link', { name: 'Settings' }).click();
  // The API-keys spec finds the key's name field by the label "Name": it stays the only one.
  await expect(page.getByLabel('Name')).toHaveCount(1);
  const orgName = `Acme Labs ${Date.now()}`;
  await page.getByRole('textbox', { name: 'Organization' }).fill(orgName);
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByText('Saved')).toBeVisible();
  const cofounder = `cofounder+${Date.now()}@example.com`;
  const invite = page.getByRole('form', { name: 'Invite someone' });
  await invite.getByLabel('E-mail').fill(cofounder);
  await invite.getByRole('button', { name: 'Create invitation link' }).click();
  const link = (await page.getByTestId('new-invitation').locator('code').innerText()).trim();
  expect(link).toMatch(/\/invite\/fsi_[\w-]+$/);
  await expect(page.getByTestId('new-invitation')).toContainText('E-mail is not configured');
  await expect(page.getByRole('table', { name: 'Pending invitations' })).toContainText(cofounder);

  // The co-founder opens the link in their own browser, creates an account and joins.
  const other = await browser.newContext();
  const co = await other.newPage();
  await co.goto(link);
  await expect(co.getByRole('heading', { name: `Join ${orgName}` })).toBeVisible();
  await co.getByRole('link', { name: 'Create an account' }).click();
  await expect(co.getByLabel('Email')).toHaveValue(cofounder);
  await co.getByLabel('Your name').fill('Grace Cofounder');
  await co.getByLabel('Password').fill('a long enough password');
  await co.getByRole('button', { name: 'Create account' }).click();
  await co.getByRole('button', { name: `Join ${orgName}` }).click();
  await expect(co).toHaveURL(/\/trends$/);

  // As a member they see the team and the keys, and manage neither.
  await co.getByRole('link', { name: 'Settings' }).click();
  await expect(co.getByRole('region', { name: 'Organization' })).toContainText(orgName);
  await expect(co.getByRole('table', { name: 'Members table' })).toContainText('Ada Owner');
  await expect(co.getByText('Only owners and admins can create or revoke keys.')).toBeVisible();
  await expect(co.getByRole('button', { name: 'Create key' })).toHaveCount(0);
  const refused = await co.request.post('/api/trpc/apiKeys.create', {
    data: { name: 'sneaky', scopes: ['read'] },
  });
  expect(refused.status()).toBe(403);

  // The link worked once.
  await co.goto(link);
  await expect(co.getByText('This invitation has already been used.')).toBeVisible();

  // The owner makes them an admin: now they can create keys.
  await page.reload();
  await page.getByLabel(`Role of ${cofounder}`).selectOption('admin');
  await co.goto('/settings');
  await expect(co.getByRole('button', { name: 'Create key' })).toBeVisible();

  // Password change needs the current password; signing out other sessions keeps this one.
  await co.getByLabel('Current password').fill('not the password');
  await co.getByLabel('New password', { exact: true }).fill('another long password');
  await co.getByLabel('Repeat new password').fill('another long password');
  await co.getByRole('button', { name: 'Change password' }).click();
  await expect(co.getByRole('alert')).toBeVisible();
  await co.getByLabel('Current password').fill('a long enough password');
  await co.getByRole('button', { name: 'Change password' }).click();
  await expect(co.getByText('Password changed')).toBeVisible();
  await co.getByRole('button', { name: 'Sign out other sessions' }).click();
  await expect(co.getByText('Signed out everywhere else')).toBeVisible();
  await co.reload();
  await expect(co.getByRole('heading', { name: 'Settings' })).toBeVisible();

  // The owner hands ownership to the co-founder and leaves: the one who left acts in a new
  // organization of their own; the team no longer lists them.
  page.on('dialog', (dialog) => void dialog.accept());
  const coRow = page.getByRole('row', { name: cofounder });
  await coRow.getByRole('button', { name: 'Make owner' }).click();
  await expect(page.getByRole('region', { name: 'Organization' })).toContainText(
    'You are an admin',
  );
  await page.getByRole('button', { name: 'Leave organization' }).click();
  await expect(page.getByRole('textbox', { name: 'Organization' })).toHaveValue(
    "Ada Owner's company",
  );
  await co.reload();
  await expect(co.getByRole('region', { name: 'Organization' })).toContainText(
    'You are the owner.',
  );
  await expect(co.getByRole('table', { name: 'Members table' })).not.toContainText('Ada Owner');
  await other.close();
});
