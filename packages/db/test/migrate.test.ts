import { mkdtemp, cp, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../src/client';
import { migrationsDir } from '../src/env';
import { applyMigrations, readMigrations } from '../src/migrate';
import { createEmptyTestDatabase } from '../src/testing';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function emptyDb() {
  const d = await createEmptyTestDatabase();
  cleanups.push(d.drop);
  return d.url;
}

describe('applyMigrations', () => {
  it('applies every committed migration to an empty database and records it like Prisma', async () => {
    const url = await emptyDb();
    const files = await readMigrations();
    expect(files.length).toBeGreaterThan(0);

    const first = await applyMigrations(url);
    expect(first.applied).toEqual(files.map((f) => f.name));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const tables = await client.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    await client.end();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    expect(tables.rows.map((r) => r.tablename)).toEqual(
      expect.arrayContaining([
        'user',
        'session',
        'organization',
        'member',
        'datasets',
        'market_points',
        'training_jobs',
        'models',
        'forecast_points',
      ]),
    );

    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(files.map((f) => f.name));
  });

  it('refuses to run when an applied migration file was edited', async () => {
    const url = await emptyDb();
    await applyMigrations(url);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
    await cp(migrationsDir, dir, { recursive: true });
    const [firstName] = (await readMigrations(dir)).map((m) => m.name);
    await appendFile(path.join(dir, firstName!, 'migration.sql'), '\n-- edited\n');
    await expect(applyMigrations(url, { dir })).rejects.toThrow(/modified after it was applied/);
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const url = await emptyDb();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
    await cp(migrationsDir, dir, { recursive: true });
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(path.join(dir, '99990101000000_broken'));
    await writeFile(
      path.join(dir, '99990101000000_broken', 'migration.sql'),
      'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n',
    );
    await expect(applyMigrations(url, { dir })).rejects.toThrow(/99990101000000_broken failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const half = await client.query("SELECT to_regclass('half_done') AS t");
    const recorded = await client.query(
      `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`,
    );
    await client.end();
    expect(half.rows[0].t).toBeNull();
    expect(recorded.rows[0].n).toBe(0);
  });

  it('matches the Prisma schema: the generated client reads and writes every model', async () => {
    const url = await emptyDb();
    await applyMigrations(url);
    const db = createDb(url);
    cleanups.push(() => db.close());
    const p = db.prisma;
    const now = new Date();
    await p.user.create({ data: { id: 'u1', name: 'U', email: 'u@x.io', emailVerified: false } });
    await p.session.create({
      data: {
        id: 's1',
        token: 't',
        expiresAt: now,
        updatedAt: now,
        userId: 'u1',
        activeOrganizationId: 'o1',
      },
    });
    await p.account.create({
      data: {
        id: 'a1',
        accountId: 'u1',
        providerId: 'credential',
        userId: 'u1',
        password: 'h',
        updatedAt: now,
      },
    });
    await p.verification.create({
      data: { id: 'v1', identifier: 'i', value: 'v', expiresAt: now },
    });
    await p.organization.create({ data: { id: 'o1', name: 'O', slug: 'o', createdAt: now } });
    await p.member.create({
      data: { id: 'm1', organizationId: 'o1', userId: 'u1', role: 'owner', createdAt: now },
    });
    await p.invitation.create({
      data: {
        id: 'i1',
        organizationId: 'o1',
        email: 'b@x.io',
        status: 'pending',
        expiresAt: now,
        inviterId: 'u1',
      },
    });
    const ds = await p.dataset.create({
      data: {
        organizationId: 'o1',
        kind: 'market',
        name: 'd',
        columnMapping: {},
        createdById: 'u1',
      },
    });
    await p.marketPoint.create({
      data: {
        datasetId: ds.id,
        organizationId: 'o1',
        series: 's',
        date: new Date('2024-01-01'),
        value: 1,
      },
    });
    const job = await p.trainingJob.create({
      data: { organizationId: 'o1', datasetId: ds.id, task: 'forecast' },
    });
    const model = await p.model.create({
      data: {
        organizationId: 'o1',
        datasetId: ds.id,
        jobId: job.id,
        task: 'forecast',
        version: 1,
        chosen: 'neural',
        metrics: {},
        backend: 'cpu',
      },
    });
    await p.forecastPoint.create({
      data: {
        modelId: model.id,
        organizationId: 'o1',
        series: 's',
        date: new Date('2024-02-01'),
        p10: 1,
        p50: 2,
        p90: 3,
      },
    });
    const loaded = await p.dataset.findUniqueOrThrow({
      where: { id: ds.id },
      include: {
        points: true,
        jobs: { include: { model: { include: { forecastPoints: true } } } },
      },
    });
    expect(loaded.points).toHaveLength(1);
    expect(loaded.jobs[0]!.model!.forecastPoints[0]!.p50).toBe(2);
    expect(loaded.status).toBe('processing');
  });
});
