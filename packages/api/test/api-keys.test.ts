import { authenticateApiKey } from '@foresight/db';
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  confirmedColumns,
  importCsv,
  marketRoles,
  sampleCsv,
  signedInCaller,
  testContext,
  uploadFile,
} from './helpers';

let t: TestDatabase;
let queue: QueueClient;
beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
});
afterAll(async () => {
  await queue.stop();
  await t.drop();
});

const market = { kind: 'market', roles: marketRoles } as const;

async function keyCaller(key: string) {
  const apiKey = await authenticateApiKey(t.db, key);
  return callerFor(testContext(t, queue, { session: null, apiKey, invalidApiKey: !apiKey }));
}

describe('API keys', () => {
  it('are shown once, stored hashed, act for their organization, and stop working when revoked', async () => {
    const owner = await signedInCaller(t, queue, 'keys');
    const { datasetId } = await importCsv(owner.caller, sampleCsv, market);
    const { key, apiKey } = await owner.caller.apiKeys.create({
      name: 'billing',
      scopes: ['read'],
    });
    expect(key).toMatch(/^fsk_[\w-]{43}$/);
    const stored = await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.hash).not.toContain(key);
    expect(JSON.stringify(await owner.caller.apiKeys.all())).not.toContain(key);

    const service = await keyCaller(key);
    expect((await service.datasets.all()).map((d) => d.id)).toEqual([datasetId]);
    expect((await service.org.current()).caller).toMatchObject({ kind: 'apiKey', userId: null });
    const [listedKey] = await owner.caller.apiKeys.all();
    // Timestamps are ISO strings on the wire.
    expect(listedKey!.lastUsedAt).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
    expect(listedKey!).toMatchObject({
      createdAt: apiKey.createdAt,
      expiresAt: null,
      revokedAt: null,
    });

    await owner.caller.apiKeys.revoke({ id: apiKey.id });
    const revoked = await keyCaller(key);
    await expect(revoked.datasets.all()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect((await keyCaller('fsk_not-a-real-key')).datasets.all()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('expire', async () => {
    const owner = await signedInCaller(t, queue, 'expiry');
    const { key, apiKey } = await owner.caller.apiKeys.create({
      name: 'short',
      scopes: ['read'],
      expiresInDays: 1,
    });
    expect(await authenticateApiKey(t.db, key)).not.toBeNull();
    await t.db.prisma.apiKey.update({
      where: { id: apiKey.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await authenticateApiKey(t.db, key)).toBeNull();
  });

  it('enforce scopes: a read key cannot upload or train, a write key can', async () => {
    const owner = await signedInCaller(t, queue, 'scopes');
    const { datasetId } = await importCsv(owner.caller, sampleCsv, market);
    const reader = await keyCaller(
      (await owner.caller.apiKeys.create({ name: 'r', scopes: ['read'] })).key,
    );
    await expect(reader.forecasts.train({ datasetId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      reader.uploads.create({ fileName: 'upload.csv', sizeBytes: sampleCsv.length }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Nor import a file someone else of the organization has sent.
    const staged = await uploadFile(owner.caller, sampleCsv);
    await expect(
      reader.uploads.ingest({
        uploadId: staged.id,
        kind: 'market',
        target: { mode: 'new', name: 'Read-only' },
        roles: marketRoles,
        columns: confirmedColumns(staged),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await reader.uploads.byId({ id: staged.id })).status).toBe('staged');
    expect((await reader.forecasts.latest({ datasetId })).latestJob?.status).toBe('queued');

    const writer = await keyCaller(
      (await owner.caller.apiKeys.create({ name: 'w', scopes: ['read', 'write'] })).key,
    );
    const job = await writer.forecasts.train({ datasetId });
    expect(job.status).toBe('queued');
    const upload = await importCsv(writer, sampleCsv, {
      ...market,
      target: { mode: 'new', name: 'From a service' },
    });
    expect(upload.result.rowsStored).toBe(60);
    const created = await owner.caller.datasets.byId({ id: upload.datasetId });
    expect(created).toMatchObject({ name: 'From a service', createdBy: null });
  });

  it('are managed only by signed-in owners and admins, never with a key', async () => {
    const owner = await signedInCaller(t, queue, 'admins');
    const { key } = await owner.caller.apiKeys.create({ name: 'w', scopes: ['read', 'write'] });
    const service = await keyCaller(key);
    await expect(service.apiKeys.all()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      service.apiKeys.create({ name: 'escalate', scopes: ['write'] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.db.prisma.member.updateMany({
      where: { organizationId: owner.organizationId },
      data: { role: 'member' },
    });
    await expect(
      owner.caller.apiKeys.create({ name: 'x', scopes: ['read'] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(owner.caller.org.rename({ name: 'Mine now' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
