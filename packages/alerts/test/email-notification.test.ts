import { randomBytes } from 'node:crypto';
import {
  createAlertRule,
  createMarketDataset,
  createNotification,
  fireAlert,
  type DbHandle,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { fakeSmtpServer, messageBody, type FakeSmtpServer } from '@foresight/mail/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailNotification, type EmailDeps } from '../src';

let t: TestDatabase;
let smtp: FakeSmtpServer;
let org: { organizationId: string; userId: string };
let ownerEmail: string;

/** Adds a user with this role to the organization; returns the e-mail. */
async function addMember(db: DbHandle, organizationId: string, role: string): Promise<string> {
  const suffix = randomBytes(4).toString('hex');
  const email = `${role}-${suffix}@example.com`;
  await db.prisma.user.create({
    data: { id: `user_${suffix}`, name: role, email, emailVerified: true },
  });
  await db.prisma.member.create({
    data: {
      id: `mem_${suffix}`,
      organizationId,
      userId: `user_${suffix}`,
      role,
      createdAt: new Date(),
    },
  });
  return email;
}

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await fakeSmtpServer();
  org = await seedOrganization(t.db, 'mail');
  ownerEmail = (await t.db.prisma.user.findUniqueOrThrow({ where: { id: org.userId } })).email;
});
afterAll(async () => {
  await smtp.close();
  await t.drop();
});

function deps(smtpUrl: string | null, log?: (line: string) => void): EmailDeps {
  return {
    db: t.db,
    mail: { smtpUrl, from: 'Foresight <alerts@foresight.example.com>' },
    baseUrl: 'https://foresight.example.com',
    log,
  };
}

let period = 0;
async function digestNotification(): Promise<string> {
  const created = await createNotification(t.db, org.organizationId, {
    kind: 'digest',
    periodKey: `2026-W${++period}`,
    title: 'Weekly digest for mail Inc',
    body: 'KEY NUMBERS\n\nMRR: 12,000 USD, up 5.0%.',
    link: '/',
    data: {},
  });
  return created!.notificationId;
}

describe('emailNotification', () => {
  it('does nothing when SMTP is not configured, and says so once', async () => {
    const lines: string[] = [];
    const id = await digestNotification();
    for (let i = 0; i < 2; i += 1) {
      await expect(
        emailNotification(
          deps(null, (l) => lines.push(l)),
          { notificationId: id },
        ),
      ).resolves.toEqual({ status: 'skipped', reason: 'SMTP is not configured' });
    }
    expect(lines).toEqual([
      '[alerts] e-mail is not configured (SMTP_URL unset): alerts and digests go to the app and webhooks only',
    ]);
    expect(smtp.messages).toHaveLength(0);
  });

  it("e-mails owners and admins (not members) in one message, with the app's link", async () => {
    const adminEmail = await addMember(t.db, org.organizationId, 'admin');
    await addMember(t.db, org.organizationId, 'member');
    const other = await seedOrganization(t.db, 'elsewhere');
    await addMember(t.db, other.organizationId, 'admin');

    const id = await digestNotification();
    const outcome = await emailNotification(deps(smtp.url), { notificationId: id });
    expect(outcome).toEqual({ status: 'sent', to: [ownerEmail, adminEmail] });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.received.filter((l) => l.startsWith('RCPT'))).toEqual([
      `RCPT TO:<${ownerEmail}>`,
      `RCPT TO:<${adminEmail}>`,
    ]);
    const data = smtp.data();
    expect(data).toMatch(/^From: Foresight <alerts@foresight.example.com>$/m);
    expect(data).toMatch(/^Subject: \[mail Inc\] Weekly digest for mail Inc$/m);
    const text = messageBody(data);
    expect(text).toContain('KEY NUMBERS\r\n\r\nMRR: 12,000 USD, up 5.0%.');
    expect(text).toContain('Open in Foresight: https://foresight.example.com/');
    expect(text).toContain('You get this as an owner or admin of mail Inc on Foresight.');
  });

  it("follows the alert rule's e-mail switch", async () => {
    const { id: datasetId } = await createMarketDataset(t.db, {
      organizationId: org.organizationId,
      userId: org.userId,
      name: 'Sales',
      sourceFileName: null,
      mapping: { date: 'date', value: 'value', series: null },
      rows: [{ series: 'value', date: '2026-11-30', value: 1 }],
    });
    const fire = async (email: boolean) => {
      const rule = await createAlertRule(t.db, org.organizationId, org.userId, {
        kind: 'threshold',
        name: email ? 'Sales above 0 (mailed)' : 'Sales above 0 (quiet)',
        datasetId,
        subject: {},
        params: {},
        email,
      });
      const fired = await fireAlert(
        t.db,
        rule,
        { periodKey: '2026-11-30', summary: 'Sales is 1, above 0', values: { value: 1 } },
        {
          title: `${rule.name} fired`,
          body: 'Sales is 1, above 0.',
          link: `/trends?dataset=${datasetId}`,
        },
      );
      return fired!.notificationId;
    };
    const sentBefore = smtp.messages.length;
    await expect(
      emailNotification(deps(smtp.url), { notificationId: await fire(false) }),
    ).resolves.toEqual({ status: 'skipped', reason: "the alert's rule has e-mail turned off" });
    expect(smtp.messages).toHaveLength(sentBefore);

    await expect(
      emailNotification(deps(smtp.url), { notificationId: await fire(true) }),
    ).resolves.toMatchObject({ status: 'sent' });
    const text = messageBody(smtp.data());
    expect(text).toContain(
      `Open in Foresight: https://foresight.example.com/trends?dataset=${datasetId}`,
    );
    expect(text).toContain('turn off e-mail on its rule');
  });

  it('fails (so the queue retries) when the server refuses, and skips a deleted notification', async () => {
    const refusing = await fakeSmtpServer('RCPT');
    try {
      await expect(
        emailNotification(deps(refusing.url), { notificationId: await digestNotification() }),
      ).rejects.toThrow('SMTP RCPT TO refused: 550 no such user');
    } finally {
      await refusing.close();
    }
    await expect(
      emailNotification(deps(smtp.url), { notificationId: '00000000-0000-4000-8000-000000000000' }),
    ).resolves.toEqual({ status: 'skipped', reason: 'the notification was deleted' });
  });
});
