import { afterAll, beforeAll, expect, it } from 'vitest';
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from '../src/api-keys';
import { hitRateLimit, peekRateLimit } from '../src/rate-limits';
import { createTestDatabase, seedOrganization, type TestDatabase } from '../src/testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

it('counts hits per key in fixed windows and refuses past the limit', async () => {
  const states = [];
  for (let i = 0; i < 4; i++) states.push(await hitRateLimit(t.db, 'k1', 60, 3));
  expect(states.map((s) => [s.count, s.allowed])).toEqual([
    [1, true],
    [2, true],
    [3, true],
    [4, false],
  ]);
  expect(states[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(states[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
  expect((await hitRateLimit(t.db, 'k2', 60, 3)).count).toBe(1);
});

it('peeks without counting', async () => {
  await hitRateLimit(t.db, 'p', 900, 2);
  expect(await peekRateLimit(t.db, 'p', 900, 2)).toMatchObject({ count: 1, allowed: true });
  await hitRateLimit(t.db, 'p', 900, 2);
  expect(await peekRateLimit(t.db, 'p', 900, 2)).toMatchObject({ count: 2, allowed: false });
  expect((await peekRateLimit(t.db, 'p', 900, 2)).count).toBe(2);
});

it("counts an API key's requests as the key is checked, and never for a bad key", async () => {
  const org = await seedOrganization(t.db, 'rate-keys');
  const { key, apiKey } = await createApiKey(t.db, {
    organizationId: org.organizationId,
    userId: org.userId,
    name: 'svc',
    scopes: ['read'],
    expiresAt: null,
  });
  const limit = { windowSeconds: 60, limit: 2 };
  const checks = [];
  for (let i = 0; i < 3; i++) checks.push(await authenticateApiKey(t.db, key, limit));
  expect(checks.map((c) => [c?.organizationId, c?.rate?.count, c?.rate?.allowed])).toEqual([
    [org.organizationId, 1, true],
    [org.organizationId, 2, true],
    [org.organizationId, 3, false],
  ]);
  expect(checks[2]!.rate!.retryAfterSeconds).toBeLessThanOrEqual(60);
  // Without a limit nothing is counted.
  expect((await authenticateApiKey(t.db, key))?.rate).toBeNull();
  expect((await peekRateLimit(t.db, `api-key:${apiKey.id}`, 60, 2)).count).toBe(3);
  // Used just now; revoked keys and unknown keys are refused and count nothing.
  expect((await listApiKeys(t.db, org.organizationId))[0]!.lastUsedAt).not.toBeNull();
  expect(await authenticateApiKey(t.db, `${key}x`, limit)).toBeNull();
  await revokeApiKey(t.db, org.organizationId, apiKey.id);
  expect(await authenticateApiKey(t.db, key, limit)).toBeNull();
  expect((await peekRateLimit(t.db, `api-key:${apiKey.id}`, 60, 2)).count).toBe(3);
});
