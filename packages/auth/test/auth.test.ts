import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAuth, type Auth } from '../src/auth';

let t: TestDatabase;
let auth: Auth;
const baseURL = 'http://localhost:3999';

beforeAll(async () => {
  t = await createTestDatabase();
  auth = createAuth({ pool: t.db.pool, baseURL, secret: 'test-secret-'.padEnd(48, 'x') });
});
afterAll(async () => {
  await t.drop();
});

function post(path: string, body: unknown, cookie?: string) {
  return auth.handler(
    new Request(`${baseURL}/api/auth${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: baseURL,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(body),
    }),
  );
}

it('signs up with an organization, hashes the password, and sets an httpOnly session cookie', async () => {
  const res = await post('/sign-up/email', {
    email: 'ada@example.com',
    password: 'correct horse',
    name: 'Ada',
  });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/better-auth\.session_token=/);
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);

  const user = await t.db.prisma.user.findUniqueOrThrow({
    where: { email: 'ada@example.com' },
    include: { accounts: true, members: { include: { organization: true } } },
  });
  expect(user.members).toHaveLength(1);
  expect(user.members[0]!.role).toBe('owner');
  expect(user.members[0]!.organization.name).toBe("Ada's company");
  const stored = user.accounts[0]!.password!;
  expect(stored).not.toContain('correct horse');
  expect(stored.length).toBeGreaterThan(40);

  const cookie = setCookie.split(';')[0]!;
  const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
  expect(session?.user.email).toBe('ada@example.com');
});

it('rejects a wrong password and accepts the right one', async () => {
  await post('/sign-up/email', {
    email: 'bob@example.com',
    password: 'right password',
    name: 'Bob',
  });
  const wrong = await post('/sign-in/email', {
    email: 'bob@example.com',
    password: 'wrong password',
  });
  expect(wrong.status).toBe(401);
  const right = await post('/sign-in/email', {
    email: 'bob@example.com',
    password: 'right password',
  });
  expect(right.status).toBe(200);
  // A signed-in session starts in the user's organization.
  const cookie = (right.headers.get('set-cookie') ?? '').split(';')[0]!;
  const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
  const member = await t.db.prisma.member.findFirstOrThrow({
    where: { user: { email: 'bob@example.com' } },
  });
  expect(session?.session.activeOrganizationId).toBe(member.organizationId);
});

async function signIn(email: string, password: string): Promise<string> {
  const res = await post('/sign-in/email', { email, password });
  expect(res.status, `sign in ${email}`).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function sessionOf(cookie: string) {
  return auth.api.getSession({ headers: new Headers({ cookie }) });
}

it('changes the password only with the current one, and can sign out the other sessions with it', async () => {
  await post('/sign-up/email', { email: 'cy@example.com', password: 'first password', name: 'Cy' });
  const laptop = await signIn('cy@example.com', 'first password');
  const phone = await signIn('cy@example.com', 'first password');

  const wrong = await post(
    '/change-password',
    { currentPassword: 'not my password', newPassword: 'second password' },
    laptop,
  );
  expect(wrong.status).toBe(400);
  // The web counts these against the sign-in failure limit (apps/web/src/server/rate-limit.ts).
  expect(((await wrong.json()) as { code: string }).code).toBe('INVALID_PASSWORD');
  await signIn('cy@example.com', 'first password');
  const tooShort = await post(
    '/change-password',
    { currentPassword: 'first password', newPassword: 'short' },
    laptop,
  );
  expect(tooShort.status).toBe(400);

  const changed = await post(
    '/change-password',
    {
      currentPassword: 'first password',
      newPassword: 'second password',
      revokeOtherSessions: true,
    },
    laptop,
  );
  expect(changed.status).toBe(200);
  // The changing browser gets a fresh session; every other one is signed out.
  const fresh = (changed.headers.get('set-cookie') ?? '').split(';')[0]!;
  expect((await sessionOf(fresh))?.user.email).toBe('cy@example.com');
  expect(await sessionOf(phone)).toBeNull();
  expect(await sessionOf(laptop)).toBeNull();
  expect(
    (await post('/sign-in/email', { email: 'cy@example.com', password: 'first password' })).status,
  ).toBe(401);
  await signIn('cy@example.com', 'second password');
});

it('signs out every other session and keeps the current one', async () => {
  await post('/sign-up/email', { email: 'di@example.com', password: 'di password', name: 'Di' });
  const here = await signIn('di@example.com', 'di password');
  const elsewhere = await signIn('di@example.com', 'di password');
  const other = await signIn('di@example.com', 'di password');
  const res = await post('/revoke-other-sessions', {}, here);
  expect(res.status).toBe(200);
  expect((await sessionOf(here))?.user.email).toBe('di@example.com');
  expect(await sessionOf(elsewhere)).toBeNull();
  expect(await sessionOf(other)).toBeNull();
  // Someone else's sessions are untouched.
  const ada = await signIn('ada@example.com', 'correct horse');
  await post('/revoke-other-sessions', {}, here);
  expect((await sessionOf(ada))?.user.email).toBe('ada@example.com');
});

it("disables the organization plugin's write endpoints (the tRPC API enforces the roles), keeps set-active", async () => {
  const cookie = await signIn('ada@example.com', 'correct horse');
  for (const path of [
    '/organization/update-member-role',
    '/organization/remove-member',
    '/organization/invite-member',
    '/organization/accept-invitation',
    '/organization/update',
    '/organization/create',
  ]) {
    expect((await post(path, {}, cookie)).status, path).toBe(404);
  }
  const member = await t.db.prisma.member.findFirstOrThrow({
    where: { user: { email: 'ada@example.com' } },
  });
  const res = await post(
    '/organization/set-active',
    { organizationId: member.organizationId },
    cookie,
  );
  expect(res.status).toBe(200);
});

it('starts a new session in the organization the user joined last (an invited co-founder lands in the team)', async () => {
  await post('/sign-up/email', { email: 'eve@example.com', password: 'eve password', name: 'Eve' });
  const ada = await t.db.prisma.member.findFirstOrThrow({
    where: { user: { email: 'ada@example.com' } },
  });
  const eve = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'eve@example.com' } });
  await t.db.prisma.member.create({
    data: {
      id: 'eve-joins-ada',
      organizationId: ada.organizationId,
      userId: eve.id,
      role: 'member',
      createdAt: new Date(Date.now() + 1000),
    },
  });
  const session = await sessionOf(await signIn('eve@example.com', 'eve password'));
  expect(session?.session.activeOrganizationId).toBe(ada.organizationId);
});
