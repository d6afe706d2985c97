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
