// Test fixtures: a fresh, migrated database per test file on a real PostgreSQL server.
// The server is TEST_DATABASE_URL or DATABASE_URL (CI: the machine's PostgreSQL); with neither,
// vitest's global setup (./testing-global-setup) starts an embedded one and sets TEST_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle } from './client';
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
