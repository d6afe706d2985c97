import { afterAll, beforeAll, expect, it } from 'vitest';
import { hitRateLimit, peekRateLimit } from '../src/rate-limits';
import { createTestDatabase, type TestDatabase } from '../src/testing';

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
