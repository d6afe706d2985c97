import { z } from 'zod';
import { ZTimestamp } from './common';

/** owner (one per organization) > admin (manages keys, members, invitations) > member (reads). */
export const ZMemberRole = z.enum(['owner', 'admin', 'member']);
/** The roles that can be given; the owner hands ownership over with `members.transferOwnership`. */
export const ZAssignableRole = z.enum(['admin', 'member']);

export const ZMember = z.object({
  /** The membership's id (what `members.updateRole`/`members.remove` take). */
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  joinedAt: ZTimestamp,
});

export const ZRemovedMember = z.object({ id: z.string() });

/** The organization the caller acts in after leaving one (`newOrganization`: made for them). */
export const ZLeftOrganization = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  newOrganization: z.boolean(),
});

/** A pending invitation; its link is never listed (only returned by `invitations.create`). */
export const ZInvitation = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.string(),
  expiresAt: ZTimestamp,
  createdAt: ZTimestamp,
  /** E-mail of the member who invited. */
  invitedBy: z.string(),
});

/** A new invitation: `token` goes in the link (`/invite/<token>`), returned this once only. */
export const ZCreatedInvitation = z.object({
  token: z.string(),
  invitation: ZInvitation,
  /** Whether the link was e-mailed (SMTP configured and the send succeeded). */
  emailed: z.boolean(),
  /** Why it was not e-mailed, when it was not. */
  mailNote: z.string().nullable(),
});

export const ZCanceledInvitation = z.object({ id: z.string() });

/** What a link is for, shown to the invitee before they sign in. */
export const ZInvitationPreview = z.object({
  organizationName: z.string(),
  email: z.string(),
  role: z.string(),
  invitedBy: z.string(),
  expiresAt: ZTimestamp,
  /** pending | expired | accepted | canceled */
  status: z.string(),
});

/** The organization joined; the web makes it the session's active one. */
export const ZAcceptedInvitation = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  role: z.string(),
});
