import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DbHandle } from './client';
import { NotFoundError } from './errors';
import type { Prisma } from './generated/prisma/client';
import { organizationSlug, ownOrganizationName } from './organizations';

// Members and invitations live in better-auth's organization tables (`member`, `invitation`);
// these functions keep to the plugin's conventions (roles owner | admin | member, invitation
// status pending | accepted | canceled, `expiresAt`) so its own read endpoints stay consistent.
// Invitations are by link: the link carries a random token that is returned once; the row's id is
// the token's SHA-256, so nothing stored or listed can be turned back into a working link.

export type MemberRole = 'owner' | 'admin' | 'member';
export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'admin', 'member'];

const RANK: Record<string, number> = { member: 1, admin: 2, owner: 3 };

/** Whether `role` is at least `minimum` (owner > admin > member); unknown roles rank lowest. */
export function roleAtLeast(role: string, minimum: MemberRole): boolean {
  return (RANK[role] ?? 0) >= RANK[minimum]!;
}

/** The caller's role does not allow this change (e.g. an admin removing an admin). */
export class PermissionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermissionError';
  }
}

/** An invitation link that cannot be used: expired, used, withdrawn, or for someone else. */
export class InvitationError extends Error {
  constructor(
    readonly reason: 'expired' | 'used' | 'canceled' | 'wrong-recipient' | 'already-member',
    message: string,
  ) {
    super(message);
    this.name = 'InvitationError';
  }
}

export interface MemberView {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
}

export interface InvitationView {
  id: string;
  email: string;
  role: string;
  status: string;
  expiresAt: Date;
  createdAt: Date;
  invitedBy: string;
}

export async function listMembers(db: DbHandle, organizationId: string): Promise<MemberView[]> {
  const rows = await db.prisma.member.findMany({
    where: { organizationId },
    orderBy: { createdAt: 'asc' },
    include: { user: { select: { name: true, email: true } } },
  });
  return rows.map((m) => ({
    id: m.id,
    userId: m.userId,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joinedAt: m.createdAt,
  }));
}

async function memberOf(db: DbHandle, organizationId: string, memberId: string) {
  const member = await db.prisma.member.findFirst({ where: { id: memberId, organizationId } });
  if (!member) throw new NotFoundError('Member');
  return member;
}

/**
 * The owner makes a member an admin or an admin a member. The owner's own role cannot change
 * here (an organization always has its owner).
 */
export async function updateMemberRole(
  db: DbHandle,
  opts: { organizationId: string; actorRole: string; memberId: string; role: 'admin' | 'member' },
): Promise<MemberView> {
  if (opts.actorRole !== 'owner') throw new PermissionError('Only the owner can change roles');
  const member = await memberOf(db, opts.organizationId, opts.memberId);
  if (member.role === 'owner') {
    throw new PermissionError("The owner's role cannot be changed");
  }
  await db.prisma.member.update({ where: { id: member.id }, data: { role: opts.role } });
  const [view] = (await listMembers(db, opts.organizationId)).filter((m) => m.id === member.id);
  return view!;
}

/**
 * Removes a member: admins may remove members; only the owner may remove an admin; nobody removes
 * the owner. The removed person's sessions in this organization stop working at their next call
 * (every call re-checks membership).
 */
export async function removeMember(
  db: DbHandle,
  opts: { organizationId: string; actorRole: string; memberId: string },
): Promise<{ id: string }> {
  const member = await memberOf(db, opts.organizationId, opts.memberId);
  if (member.role === 'owner') throw new PermissionError('The owner cannot be removed');
  if (member.role === 'admin' && opts.actorRole !== 'owner') {
    throw new PermissionError('Only the owner can remove an admin');
  }
  if (!roleAtLeast(opts.actorRole, 'admin')) {
    throw new PermissionError('Only owners and admins can remove members');
  }
  await db.prisma.member.delete({ where: { id: member.id } });
  return { id: member.id };
}

/**
 * Locks the organization's owner rows until the transaction ends, so a transfer and a leave at
 * the same moment cannot leave it without an owner.
 */
async function lockOwners(tx: Prisma.TransactionClient, organizationId: string): Promise<number> {
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM member WHERE "organizationId" = ${organizationId} AND role = 'owner' FOR UPDATE`;
  return owners.length;
}

/**
 * The owner makes another member the owner and becomes an admin, in one transaction. Only the
 * owner may; the member must be of this organization.
 */
export async function transferOwnership(
  db: DbHandle,
  opts: { organizationId: string; actorUserId: string; actorRole: string; memberId: string },
): Promise<MemberView> {
  if (opts.actorRole !== 'owner') {
    throw new PermissionError('Only the owner can make someone else the owner');
  }
  await db.prisma.$transaction(async (tx) => {
    await lockOwners(tx, opts.organizationId);
    const target = await tx.member.findFirst({
      where: { id: opts.memberId, organizationId: opts.organizationId },
    });
    if (!target) throw new NotFoundError('Member');
    // Checked again under the lock: the caller may have handed ownership over a moment ago.
    const actor = await tx.member.findFirst({
      where: { organizationId: opts.organizationId, userId: opts.actorUserId },
    });
    if (actor?.role !== 'owner') {
      throw new PermissionError('Only the owner can make someone else the owner');
    }
    if (target.id === actor.id) throw new PermissionError('You are already the owner');
    await tx.member.update({ where: { id: target.id }, data: { role: 'owner' } });
    await tx.member.update({ where: { id: actor.id }, data: { role: 'admin' } });
  });
  const [view] = (await listMembers(db, opts.organizationId)).filter((m) => m.id === opts.memberId);
  return view!;
}

/**
 * The caller leaves the organization. Its last owner cannot: they make another member the owner
 * first (there is no deleting an organization). The caller's sessions acting in it move to the
 * organization they joined most recently (as a new session would); with none left they get a new
 * organization of their own, as at sign-up, so there is always one to act in.
 */
export async function leaveOrganization(
  db: DbHandle,
  opts: { organizationId: string; userId: string },
): Promise<{ organizationId: string; organizationName: string; newOrganization: boolean }> {
  return db.prisma.$transaction(async (tx) => {
    const owners = await lockOwners(tx, opts.organizationId);
    const member = await tx.member.findFirst({
      where: { organizationId: opts.organizationId, userId: opts.userId },
    });
    if (!member) throw new NotFoundError('Member');
    if (member.role === 'owner' && owners <= 1) {
      throw new PermissionError(
        "You are this organization's only owner: make another member the owner first (Make owner, in the members list), then leave",
      );
    }
    await tx.member.delete({ where: { id: member.id } });
    const next = await tx.member.findFirst({
      where: { userId: opts.userId },
      orderBy: { createdAt: 'desc' },
      include: { organization: { select: { id: true, name: true } } },
    });
    let organization = next?.organization ?? null;
    if (!organization) {
      const user = await tx.user.findUniqueOrThrow({ where: { id: opts.userId } });
      const now = new Date();
      const name = ownOrganizationName(user);
      organization = await tx.organization.create({
        data: { id: randomUUID(), name, slug: organizationSlug(name), createdAt: now },
        select: { id: true, name: true },
      });
      await tx.member.create({
        data: {
          id: randomUUID(),
          organizationId: organization.id,
          userId: opts.userId,
          role: 'owner',
          createdAt: now,
        },
      });
    }
    await tx.session.updateMany({
      where: { userId: opts.userId, activeOrganizationId: opts.organizationId },
      data: { activeOrganizationId: organization.id },
    });
    return {
      organizationId: organization.id,
      organizationName: organization.name,
      newOrganization: next === null,
    };
  });
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const invitationInclude = { inviter: { select: { email: true } } } as const;

function invitationView(row: {
  id: string;
  email: string;
  role: string | null;
  status: string;
  expiresAt: Date;
  createdAt: Date;
  inviter: { email: string };
}): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role ?? 'member',
    status: row.status,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    invitedBy: row.inviter.email,
  };
}

/**
 * Creates an invitation and returns its token once. Admins invite members; only the owner may
 * invite an admin. A newer invitation for the same address replaces a pending one.
 */
export async function createInvitation(
  db: DbHandle,
  opts: {
    organizationId: string;
    inviterId: string;
    actorRole: string;
    email: string;
    role: 'admin' | 'member';
    expiresAt: Date;
  },
): Promise<{ token: string; invitation: InvitationView }> {
  if (!roleAtLeast(opts.actorRole, 'admin')) {
    throw new PermissionError('Only owners and admins can invite');
  }
  if (opts.role === 'admin' && opts.actorRole !== 'owner') {
    throw new PermissionError('Only the owner can invite an admin');
  }
  const email = opts.email.trim().toLowerCase();
  const existing = await db.prisma.member.findFirst({
    where: {
      organizationId: opts.organizationId,
      user: { email: { equals: email, mode: 'insensitive' } },
    },
    select: { id: true },
  });
  if (existing) {
    throw new InvitationError('already-member', `${email} is already a member`);
  }
  const token = `fsi_${randomBytes(32).toString('base64url')}`;
  const invitation = await db.prisma.$transaction(async (tx) => {
    await tx.invitation.updateMany({
      where: { organizationId: opts.organizationId, email, status: 'pending' },
      data: { status: 'canceled' },
    });
    return tx.invitation.create({
      data: {
        id: hashToken(token),
        organizationId: opts.organizationId,
        inviterId: opts.inviterId,
        email,
        role: opts.role,
        status: 'pending',
        expiresAt: opts.expiresAt,
      },
      include: invitationInclude,
    });
  });
  return { token, invitation: invitationView(invitation) };
}

/** The organization's pending invitations (expired ones included, marked by `expiresAt`). */
export async function listInvitations(
  db: DbHandle,
  organizationId: string,
): Promise<InvitationView[]> {
  const rows = await db.prisma.invitation.findMany({
    where: { organizationId, status: 'pending' },
    orderBy: { createdAt: 'desc' },
    include: invitationInclude,
  });
  return rows.map(invitationView);
}

/** Withdraws a pending invitation: its link stops working. */
export async function cancelInvitation(
  db: DbHandle,
  organizationId: string,
  id: string,
): Promise<{ id: string }> {
  const { count } = await db.prisma.invitation.updateMany({
    where: { id, organizationId, status: 'pending' },
    data: { status: 'canceled' },
  });
  if (count === 0) throw new NotFoundError('Invitation');
  return { id };
}

export interface InvitationPreview {
  organizationName: string;
  email: string;
  role: string;
  invitedBy: string;
  expiresAt: Date;
  /** pending | expired | accepted | canceled */
  status: string;
}

/** What an invitation link is for, shown before the invitee signs in (the token is the secret). */
export async function previewInvitation(db: DbHandle, token: string): Promise<InvitationPreview> {
  const row = await db.prisma.invitation.findUnique({
    where: { id: hashToken(token) },
    include: { organization: { select: { name: true } }, inviter: { select: { name: true } } },
  });
  if (!row) throw new NotFoundError('Invitation');
  const expired = row.status === 'pending' && row.expiresAt.getTime() <= Date.now();
  return {
    organizationName: row.organization.name,
    email: row.email,
    role: row.role ?? 'member',
    invitedBy: row.inviter.name,
    expiresAt: row.expiresAt,
    status: expired ? 'expired' : row.status,
  };
}

/**
 * Accepts an invitation for the signed-in user: it must be pending, unexpired and addressed to
 * the user's e-mail. Joins the inviting organization with the invited role and marks the
 * invitation accepted, in one transaction (a link works once, even when clicked twice at once).
 */
export async function acceptInvitation(
  db: DbHandle,
  opts: { token: string; userId: string; email: string },
): Promise<{ organizationId: string; organizationName: string; role: string }> {
  const id = hashToken(opts.token);
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.invitation.findUnique({
      where: { id },
      include: { organization: { select: { name: true } } },
    });
    if (!row) throw new NotFoundError('Invitation');
    if (row.status === 'accepted') {
      throw new InvitationError('used', 'This invitation has already been used');
    }
    if (row.status !== 'pending') {
      throw new InvitationError('canceled', 'This invitation was withdrawn');
    }
    if (row.expiresAt.getTime() <= Date.now()) {
      throw new InvitationError('expired', 'This invitation has expired; ask for a new one');
    }
    if (row.email.toLowerCase() !== opts.email.toLowerCase()) {
      throw new InvitationError(
        'wrong-recipient',
        `This invitation is for ${row.email}; sign in with that address to accept it`,
      );
    }
    const claimed = await tx.invitation.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'accepted' },
    });
    if (claimed.count !== 1) {
      throw new InvitationError('used', 'This invitation has already been used');
    }
    const already = await tx.member.findFirst({
      where: { organizationId: row.organizationId, userId: opts.userId },
      select: { id: true },
    });
    if (already) {
      throw new InvitationError('already-member', 'You are already a member of this organization');
    }
    const role = row.role ?? 'member';
    await tx.member.create({
      data: {
        id: randomUUID(),
        organizationId: row.organizationId,
        userId: opts.userId,
        role,
        createdAt: new Date(),
      },
    });
    return {
      organizationId: row.organizationId,
      organizationName: row.organization.name,
      role,
    };
  });
}
