// Test fixtures: a fresh, migrated database per test file on a real PostgreSQL server.
// The server is TEST_DATABASE_URL or DATABASE_URL (CI: the machine's PostgreSQL); with neither,
// vitest's global setup (./testing-global-setup) starts an embedded one and sets TEST_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle } from './client';
import type { EventRow } from './events';
import { applyMigrations } from './migrate';

export interface TestDatabase {
  url: string;
  db: DbHandle;
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'No test database server: set TEST_DATABASE_URL or DATABASE_URL, or use the db global setup',
    );
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createEmptyTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = testServerUrl();
  const name = `foresight_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyTestDatabase();
  await applyMigrations(empty.url);
  const db = createDb(empty.url, { max: 5 });
  return {
    url: empty.url,
    db,
    async drop() {
      await db.close();
      await empty.drop();
    },
  };
}

/** Creates a user with an organization where they are owner, straight in the database. */
export async function seedOrganization(
  db: DbHandle,
  label: string,
): Promise<{ userId: string; organizationId: string }> {
  const suffix = randomBytes(4).toString('hex');
  const userId = `user_${label}_${suffix}`;
  const organizationId = `org_${label}_${suffix}`;
  const now = new Date();
  await db.prisma.user.create({
    data: {
      id: userId,
      name: label,
      email: `${label}-${suffix}@example.com`,
      emailVerified: false,
    },
  });
  await db.prisma.organization.create({
    data: { id: organizationId, name: `${label} Inc`, slug: `${label}-${suffix}`, createdAt: now },
  });
  await db.prisma.member.create({
    data: { id: `mem_${suffix}`, organizationId, userId, role: 'owner', createdAt: now },
  });
  return { userId, organizationId };
}

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 3, 9); // a Wednesday

/**
 * A small seeded log: 40 users starting over 60 days, each active on a few later days (the
 * behaviour analytics tests of both events engines).
 */
export function sampleBehaviourLog(): EventRow[] {
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const rows: EventRow[] = [];
  for (let u = 0; u < 40; u++) {
    const first = START + Math.floor(rand() * 60) * DAY;
    const loyal = rand() < 0.4;
    const invites = rand() < 0.5;
    const sessions = loyal ? 6 + Math.floor(rand() * 6) : 1 + Math.floor(rand() * 3);
    for (let s = 0; s < sessions; s++) {
      const day = first + (s === 0 ? 0 : Math.floor(rand() * (loyal ? 80 : 20))) * DAY;
      const at = day + Math.floor(rand() * 12) * 3_600_000;
      rows.push({
        userId: `u${u}`,
        occurredAt: new Date(at).toISOString(),
        eventName: 'open',
        itemId: null,
        value: null,
      });
      if (rand() < 0.5)
        rows.push({
          userId: `u${u}`,
          occurredAt: new Date(at + 60_000).toISOString(),
          eventName: 'share',
          itemId: null,
          value: 5,
        });
      if (invites && s === 0)
        rows.push({
          userId: `u${u}`,
          occurredAt: new Date(at + 120_000).toISOString(),
          eventName: 'invite',
          itemId: null,
          value: null,
        });
      if (rand() < 0.2)
        rows.push({
          userId: `u${u}`,
          occurredAt: new Date(at + 180_000).toISOString(),
          eventName: 'export',
          itemId: null,
          value: 12.5,
        });
    }
  }
  return rows;
}
