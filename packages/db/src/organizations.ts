import { randomBytes } from 'node:crypto';
import type { DbHandle } from './client';

export interface Membership {
  organizationId: string;
  organizationName: string;
  role: string;
}

export async function listMemberships(db: DbHandle, userId: string): Promise<Membership[]> {
  const members = await db.prisma.member.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    include: { organization: { select: { name: true } } },
  });
  return members.map((m) => ({
    organizationId: m.organizationId,
    organizationName: m.organization.name,
    role: m.role,
  }));
}

/** The caller's role in an organization, or null when not a member (the scoping check). */
export async function membershipRole(
  db: DbHandle,
  userId: string,
  organizationId: string,
): Promise<string | null> {
  const member = await db.prisma.member.findFirst({
    where: { userId, organizationId },
    select: { role: true },
  });
  return member?.role ?? null;
}

/** The organization's id, name and slug. */
export async function getOrganization(
  db: DbHandle,
  organizationId: string,
): Promise<{ id: string; name: string; slug: string }> {
  return db.prisma.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { id: true, name: true, slug: true },
  });
}

/** Renames the organization; returns its id and new name. */
export async function renameOrganization(
  db: DbHandle,
  organizationId: string,
  name: string,
): Promise<{ id: string; name: string }> {
  return db.prisma.organization.update({
    where: { id: organizationId },
    data: { name },
    select: { id: true, name: true },
  });
}

/**
 * The organization a person gets of their own, at sign-up and when they leave their last one:
 * "Ada's company".
 */
export function ownOrganizationName(user: { name: string; email: string }): string {
  return `${user.name || user.email.split('@')[0]}'s company`;
}

/** A unique-enough URL slug for an organization name: "adas-company-3f9a1c". */
export function organizationSlug(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'org'}-${randomBytes(3).toString('hex')}`;
}
