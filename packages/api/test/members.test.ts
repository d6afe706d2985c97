import { authenticateApiKey, fireAlert } from '@foresight/db';
import { describe, expect, it } from 'vitest';
import type { InvitationMailer } from '../src/trpc';
import {
  callerFor,
  importCsv,
  marketRoles,
  sampleCsv,
  signedInCaller,
  testContext,
  useTestApi,
  type Caller,
} from './helpers';

const api = useTestApi();

const forbidden = { code: 'FORBIDDEN' };

/** A person with their own sign-up organization, acting in `organizationId` once they joined it. */
async function person(label: string) {
  const seeded = await signedInCaller(api.t, api.queue, label);
  // The session carries the account's e-mail, as better-auth's does.
  const { email } = await api.t.db.prisma.user.findUniqueOrThrow({ where: { id: seeded.userId } });
  const session = {
    userId: seeded.userId,
    email,
    name: label,
    activeOrganizationId: seeded.organizationId,
  };
  const in_ = (organizationId: string): Caller =>
    callerFor(
      testContext(api.t, api.queue, {
        session: { ...session, activeOrganizationId: organizationId },
      }),
    );
  const own = { ...seeded, caller: in_(seeded.organizationId) };
  return { ...own, email, in: in_ };
}

/** `label` is invited to the owner's organization with `role` and accepts. */
async function joined(
  owner: { caller: Caller; organizationId: string },
  label: string,
  role: 'admin' | 'member',
) {
  const p = await person(label);
  const { token } = await owner.caller.invitations.create({ email: p.email, role });
  const accepted = await p.caller.invitations.accept({ token });
  expect(accepted).toMatchObject({ organizationId: owner.organizationId, role });
  const members = await owner.caller.members.all();
  const memberId = members.find((m) => m.userId === p.userId)!.id;
  return { ...p, memberId, caller: p.in(owner.organizationId) };
}

describe('roles', () => {
  it('members read but cannot manage keys, members or invitations; admins can; only the owner changes roles or removes admins', async () => {
    const owner = await signedInCaller(api.t, api.queue, 'founder');
    const member = await joined(owner, 'cofounder-m', 'member');
    const admin = await joined(owner, 'cofounder-a', 'admin');
    const otherAdmin = await joined(owner, 'cofounder-b', 'admin');
    const ownerMemberId = (await owner.caller.members.all()).find((m) => m.role === 'owner')!.id;

    // Reads stay open to every member.
    expect((await member.caller.members.all()).map((m) => m.role).sort()).toEqual([
      'admin',
      'admin',
      'member',
      'owner',
    ]);
    await expect(member.caller.apiKeys.all()).resolves.toEqual([]);
    await expect(member.caller.invitations.all()).resolves.toEqual([]);
    expect((await member.caller.org.current()).role).toBe('member');

    // A member gets FORBIDDEN from every managing procedure.
    const { apiKey } = await admin.caller.apiKeys.create({ name: 'svc', scopes: ['read'] });
    for (const [label, call] of [
      ['apiKeys.create', () => member.caller.apiKeys.create({ name: 'x', scopes: ['read'] })],
      ['apiKeys.revoke', () => member.caller.apiKeys.revoke({ id: apiKey.id })],
      [
        'members.updateRole',
        () => member.caller.members.updateRole({ memberId: member.memberId, role: 'admin' }),
      ],
      ['members.remove', () => member.caller.members.remove({ memberId: admin.memberId })],
      ['invitations.create', () => member.caller.invitations.create({ email: 'x@example.com' })],
      ['invitations.cancel', () => member.caller.invitations.cancel({ id: 'whatever' })],
      ['org.rename', () => member.caller.org.rename({ name: 'Mine now' })],
    ] as const) {
      await expect(call(), label).rejects.toMatchObject(forbidden);
    }

    // Admins manage keys and invite members, but cannot change roles, invite or remove admins.
    await admin.caller.apiKeys.revoke({ id: apiKey.id });
    const invited = await admin.caller.invitations.create({ email: 'new@example.com' });
    await admin.caller.invitations.cancel({ id: invited.invitation.id });
    await expect(
      admin.caller.invitations.create({ email: 'boss@example.com', role: 'admin' }),
    ).rejects.toMatchObject(forbidden);
    await expect(
      admin.caller.members.updateRole({ memberId: member.memberId, role: 'admin' }),
    ).rejects.toMatchObject(forbidden);
    await expect(
      admin.caller.members.remove({ memberId: otherAdmin.memberId }),
    ).rejects.toMatchObject(forbidden);
    await expect(admin.caller.members.remove({ memberId: ownerMemberId })).rejects.toMatchObject(
      forbidden,
    );
    await admin.caller.org.rename({ name: 'Founders Ltd' });
    expect((await member.caller.org.current()).name).toBe('Founders Ltd');

    // The owner changes roles and removes admins; the owner's own role is fixed.
    await expect(
      owner.caller.members.updateRole({ memberId: ownerMemberId, role: 'member' }),
    ).rejects.toMatchObject(forbidden);
    await owner.caller.members.updateRole({ memberId: member.memberId, role: 'admin' });
    expect((await member.caller.org.current()).role).toBe('admin');
    await member.caller.apiKeys.create({ name: 'now allowed', scopes: ['read'] });
    await owner.caller.members.updateRole({ memberId: member.memberId, role: 'member' });
    await expect(
      member.caller.apiKeys.create({ name: 'x', scopes: ['read'] }),
    ).rejects.toMatchObject(forbidden);
    await owner.caller.members.remove({ memberId: otherAdmin.memberId });

    // An admin removes a member; the removed person is out at their next call.
    await admin.caller.members.remove({ memberId: member.memberId });
    const after = await member.caller.org.current();
    expect(after.id).not.toBe(owner.organizationId);
    expect(after.id).toBe(member.organizationId);
    expect((await owner.caller.members.all()).map((m) => m.userId).sort()).toEqual(
      [owner.userId, admin.userId].sort(),
    );
  });

  it('members read alert rules, history and notifications but cannot manage rules or webhook endpoints; admins can', async () => {
    const owner = await signedInCaller(api.t, api.queue, 'alerting');
    const member = await joined(owner, 'alerting-m', 'member');
    const admin = await joined(owner, 'alerting-a', 'admin');
    const { datasetId } = await importCsv(owner.caller, sampleCsv, {
      kind: 'market',
      roles: marketRoles,
    });
    const spec = {
      kind: 'threshold',
      subject: { source: 'market', series: 'north' },
      params: { value: 1500, direction: 'above' },
    } as const;

    // Admins manage rules and endpoints.
    const rule = await admin.caller.alerts.create({ datasetId, rule: spec });
    const { endpoint } = await admin.caller.webhooks.create({ url: 'https://hooks.example.com/a' });
    await fireAlert(
      api.t.db,
      { id: rule.id, organizationId: owner.organizationId },
      { periodKey: '2023-02-01', summary: 'north is 1,600', values: { value: 1600 } },
      { title: 'north rose above 1,500', body: 'north is 1,600', link: '/trends' },
    );

    // Members read rules, history and notifications, and mark notifications read.
    expect((await member.caller.alerts.list()).map((r) => r.id)).toEqual([rule.id]);
    expect((await member.caller.alerts.history()).map((e) => e.ruleId)).toEqual([rule.id]);
    expect(await member.caller.notifications.list()).toMatchObject({ unread: 1 });
    expect(await member.caller.notifications.markRead({ all: true })).toEqual({ marked: 1 });

    // …and get FORBIDDEN from everything that manages rules or endpoints.
    for (const [label, call] of [
      ['alerts.create', () => member.caller.alerts.create({ datasetId, rule: spec })],
      ['alerts.update', () => member.caller.alerts.update({ id: rule.id, enabled: false })],
      ['alerts.remove', () => member.caller.alerts.remove({ id: rule.id })],
      ['alerts.evaluateNow', () => member.caller.alerts.evaluateNow()],
      ['webhooks.list', () => member.caller.webhooks.list()],
      [
        'webhooks.create',
        () => member.caller.webhooks.create({ url: 'https://hooks.example.com/m' }),
      ],
      ['webhooks.remove', () => member.caller.webhooks.remove({ id: endpoint.id })],
      ['webhooks.deliveries', () => member.caller.webhooks.deliveries()],
    ] as const) {
      await expect(call(), label).rejects.toMatchObject(forbidden);
    }
    expect((await admin.caller.alerts.list())[0]!.enabled).toBe(true);
    expect((await admin.caller.webhooks.list()).map((e) => e.id)).toEqual([endpoint.id]);

    // API keys read alerts and notifications but manage nothing.
    const { key } = await admin.caller.apiKeys.create({ name: 'svc', scopes: ['read', 'write'] });
    const viaKey = callerFor(
      testContext(api.t, api.queue, {
        session: null,
        apiKey: await authenticateApiKey(api.t.db, key),
      }),
    );
    expect((await viaKey.alerts.list()).length).toBe(1);
    expect((await viaKey.notifications.list()).items.length).toBe(1);
    await expect(viaKey.alerts.create({ datasetId, rule: spec })).rejects.toMatchObject(forbidden);
    await expect(viaKey.webhooks.list()).rejects.toMatchObject(forbidden);

    await admin.caller.alerts.update({ id: rule.id, enabled: false });
    await admin.caller.webhooks.remove({ id: endpoint.id });
    await owner.caller.alerts.remove({ id: rule.id });
    expect(await member.caller.alerts.list()).toEqual([]);
  });

  it('API keys cannot read or manage members and invitations', async () => {
    const owner = await signedInCaller(api.t, api.queue, 'keyed');
    const { key } = await owner.caller.apiKeys.create({ name: 'svc', scopes: ['read', 'write'] });
    const viaKey = callerFor(
      testContext(api.t, api.queue, {
        session: null,
        apiKey: await authenticateApiKey(api.t.db, key),
      }),
    );
    await expect(viaKey.members.all()).rejects.toMatchObject(forbidden);
    await expect(viaKey.invitations.all()).rejects.toMatchObject(forbidden);
    await expect(viaKey.invitations.create({ email: 'x@example.com' })).rejects.toMatchObject(
      forbidden,
    );
    await expect(viaKey.invitations.accept({ token: 'fsi_x' })).rejects.toMatchObject(forbidden);
    await expect(viaKey.apiKeys.create({ name: 'x', scopes: ['read'] })).rejects.toMatchObject(
      forbidden,
    );
  });
});

describe('ownership and leaving', () => {
  it('only the owner hands ownership over, to a member of the organization, and becomes an admin', async () => {
    const owner = await signedInCaller(api.t, api.queue, 'handover');
    const member = await joined(owner, 'handover-m', 'member');
    const admin = await joined(owner, 'handover-a', 'admin');
    const other = await signedInCaller(api.t, api.queue, 'handover-other');
    const ownerMemberId = (await owner.caller.members.all()).find((m) => m.role === 'owner')!.id;

    for (const caller of [member.caller, admin.caller]) {
      await expect(
        caller.members.transferOwnership({ memberId: member.memberId }),
      ).rejects.toMatchObject(forbidden);
    }
    await expect(
      owner.caller.members.transferOwnership({ memberId: ownerMemberId }),
    ).rejects.toMatchObject({ ...forbidden, message: 'You are already the owner' });
    // Another organization's owner cannot hand theirs to one of these members.
    await expect(
      other.caller.members.transferOwnership({ memberId: member.memberId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const handedTo = await owner.caller.members.transferOwnership({ memberId: member.memberId });
    expect(handedTo).toMatchObject({ id: member.memberId, role: 'owner' });
    const roles = Object.fromEntries(
      (await owner.caller.members.all()).map((m) => [m.userId, m.role]),
    );
    expect(roles).toEqual({
      [owner.userId]: 'admin',
      [member.userId]: 'owner',
      [admin.userId]: 'admin',
    });
    // The new owner changes roles; the previous one no longer can, nor hand it back.
    await member.caller.members.updateRole({ memberId: admin.memberId, role: 'member' });
    await expect(
      owner.caller.members.transferOwnership({ memberId: ownerMemberId }),
    ).rejects.toMatchObject(forbidden);
    expect((await owner.caller.org.current()).role).toBe('admin');
  });

  it('the only owner cannot leave; anyone else leaves, and acts in their latest other organization or a new one', async () => {
    const owner = await signedInCaller(api.t, api.queue, 'leaving');
    const member = await joined(owner, 'leaving-m', 'member');
    const members = () =>
      api.t.db.prisma.member.count({ where: { organizationId: owner.organizationId } });

    await expect(owner.caller.members.leave()).rejects.toMatchObject({
      ...forbidden,
      message: expect.stringMatching(/only owner: make another member the owner first/),
    });
    expect(await members()).toBe(2);

    // The member's browser session acting in the organization moves to their own one.
    const session = await api.t.db.prisma.session.create({
      data: {
        id: `s_${member.userId}`,
        token: `t_${member.userId}`,
        expiresAt: new Date(Date.now() + 86_400_000),
        updatedAt: new Date(),
        userId: member.userId,
        activeOrganizationId: owner.organizationId,
      },
    });
    expect(await member.caller.members.leave()).toEqual({
      organizationId: member.organizationId,
      organizationName: 'leaving-m Inc',
      newOrganization: false,
    });
    expect(
      (await api.t.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } }))
        .activeOrganizationId,
    ).toBe(member.organizationId);
    expect((await member.caller.org.current()).id).toBe(member.organizationId);
    expect((await owner.caller.members.all()).map((m) => m.userId)).toEqual([owner.userId]);

    // Handed over, the previous owner leaves their only organization and gets a new one.
    const next = await joined(owner, 'leaving-next', 'member');
    await owner.caller.members.transferOwnership({ memberId: next.memberId });
    const left = await owner.caller.members.leave();
    expect(left).toMatchObject({ organizationName: "leaving's company", newOrganization: true });
    expect(await owner.caller.org.current()).toMatchObject({
      id: left.organizationId,
      role: 'owner',
    });
    expect((await next.caller.members.all()).map((m) => [m.userId, m.role])).toEqual([
      [next.userId, 'owner'],
    ]);
  });
});

describe('invitations', () => {
  it("are links shown once: stored as a hash, accepted once, with the invited role, into the inviter's organization", async () => {
    const owner = await signedInCaller(api.t, api.queue, 'inviter');
    const invitee = await person('invitee');
    const created = await owner.caller.invitations.create({
      email: invitee.email.toUpperCase(),
      role: 'admin',
    });
    expect(created.token).toMatch(/^fsi_[\w-]{43}$/);
    expect(created).toMatchObject({
      emailed: false,
      invitation: { email: invitee.email, role: 'admin', status: 'pending' },
    });
    expect(created.mailNote).toMatch(/not configured/);
    // Nothing listed or stored is the link.
    expect(JSON.stringify(await owner.caller.invitations.all())).not.toContain(created.token);
    const stored = await api.t.db.prisma.invitation.findMany({
      where: { organizationId: owner.organizationId },
    });
    expect(JSON.stringify(stored)).not.toContain(created.token);

    // Anyone with the link sees what it is for; the invitee accepts while acting in their own
    // organization and joins the inviter's.
    const anonymous = callerFor(testContext(api.t, api.queue, { session: null }));
    expect(await anonymous.invitations.preview({ token: created.token })).toMatchObject({
      organizationName: 'inviter Inc',
      role: 'admin',
      email: invitee.email,
      status: 'pending',
    });
    await expect(anonymous.invitations.accept({ token: created.token })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const accepted = await invitee.caller.invitations.accept({ token: created.token });
    expect(accepted).toEqual({
      organizationId: owner.organizationId,
      organizationName: 'inviter Inc',
      role: 'admin',
    });
    expect((await invitee.in(owner.organizationId).org.current()).role).toBe('admin');
    // Their own organization is untouched.
    expect((await invitee.caller.org.current()).id).toBe(invitee.organizationId);
    expect((await anonymous.invitations.preview({ token: created.token })).status).toBe('accepted');
    expect(await owner.caller.invitations.all()).toEqual([]);

    // Reused: refused, and nothing changes.
    await expect(invitee.caller.invitations.accept({ token: created.token })).rejects.toMatchObject(
      {
        code: 'BAD_REQUEST',
        message: 'This invitation has already been used',
      },
    );
    const again = await person('invitee-again');
    await expect(again.caller.invitations.accept({ token: created.token })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(
      await api.t.db.prisma.member.count({ where: { organizationId: owner.organizationId } }),
    ).toBe(2);
  });

  it("refuse an expired, withdrawn, unknown or someone else's link, and a link of another organization stays theirs", async () => {
    const owner = await signedInCaller(api.t, api.queue, 'org-a');
    const other = await signedInCaller(api.t, api.queue, 'org-b');
    const invitee = await person('late');

    const expired = await owner.caller.invitations.create({
      email: invitee.email,
      expiresInDays: 1,
    });
    await api.t.db.prisma.invitation.update({
      where: { id: expired.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(invitee.caller.invitations.accept({ token: expired.token })).rejects.toMatchObject(
      {
        code: 'BAD_REQUEST',
        message: 'This invitation has expired; ask for a new one',
      },
    );
    expect((await invitee.caller.invitations.preview({ token: expired.token })).status).toBe(
      'expired',
    );

    const withdrawn = await owner.caller.invitations.create({ email: invitee.email });
    // A newer invitation to the same address replaced the expired one.
    expect((await owner.caller.invitations.all()).map((i) => i.id)).toEqual([
      withdrawn.invitation.id,
    ]);
    // Another organization's admin cannot see or withdraw it.
    await expect(
      other.caller.invitations.cancel({ id: withdrawn.invitation.id }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await other.caller.invitations.all()).toEqual([]);
    await owner.caller.invitations.cancel({ id: withdrawn.invitation.id });
    await expect(
      invitee.caller.invitations.accept({ token: withdrawn.token }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This invitation was withdrawn',
    });

    // Someone else's link: the signed-in e-mail must be the invited one.
    const forSomeoneElse = await owner.caller.invitations.create({ email: 'someone@example.com' });
    await expect(
      invitee.caller.invitations.accept({ token: forSomeoneElse.token }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'This invitation is for someone@example.com; sign in with that address to accept it',
    });
    // The id of an invitation is not its link.
    await expect(
      invitee.caller.invitations.accept({ token: forSomeoneElse.invitation.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(invitee.caller.invitations.accept({ token: 'fsi_made-up' })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    );

    // Organization B's invitation joins B, whichever organization the invitee acts in.
    const fromB = await other.caller.invitations.create({ email: invitee.email });
    const accepted = await invitee
      .in(owner.organizationId)
      .invitations.accept({ token: fromB.token });
    expect(accepted.organizationId).toBe(other.organizationId);
    expect(
      await api.t.db.prisma.member.count({
        where: { organizationId: owner.organizationId, userId: invitee.userId },
      }),
    ).toBe(0);
    // Existing members are not invited twice.
    await expect(other.caller.invitations.create({ email: invitee.email })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('are e-mailed when a mailer is configured, and still returned when sending fails', async () => {
    const sent: Parameters<InvitationMailer['sendInvitation']>[0][] = [];
    const owner = await signedInCaller(api.t, api.queue, 'mailing');
    const withMailer = (mailer: InvitationMailer) =>
      callerFor(
        testContext(api.t, api.queue, {
          session: {
            userId: owner.userId,
            email: 'mailing@example.com',
            name: 'Mia',
            activeOrganizationId: owner.organizationId,
          },
          mailer,
        }),
      );
    const ok = await withMailer({
      sendInvitation: async (m) => void sent.push(m),
    }).invitations.create({ email: 'cf@example.com' });
    expect(ok).toMatchObject({ emailed: true, mailNote: null });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: 'cf@example.com',
      token: ok.token,
      organizationName: 'mailing Inc',
      inviterName: 'Mia',
      role: 'member',
    });
    const failing = await withMailer({
      sendInvitation: async () => {
        throw new Error('connection refused');
      },
    }).invitations.create({ email: 'cf2@example.com' });
    expect(failing).toMatchObject({ emailed: false });
    expect(failing.mailNote).toMatch(/could not be sent/);
    expect(failing.token).toMatch(/^fsi_/);
  });
});
