import type { EventsEngines } from '@foresight/events';
import {
  InvitationError,
  membershipRole,
  listMemberships,
  NotFoundError,
  PermissionError,
  roleAtLeast,
  type MemberRole,
  NotEventsDatasetError,
  type ApiKeyCaller,
  type DbHandle,
} from '@foresight/db';
import { UploadError } from '@foresight/ingest';
import { initTRPC, TRPCError } from '@trpc/server';
import type { UploadFiles } from '@foresight/imports';
import { RowsRejectedError } from './services/rows-upload';
import { NotEnoughDataError } from '@foresight/queue';
import { ZodError } from 'zod';

import type { JobSender } from '@foresight/queue';
export type { JobSender } from '@foresight/queue';

export interface SessionInfo {
  userId: string;
  email: string;
  name: string;
  activeOrganizationId: string | null;
}

export interface ApiContext {
  db: DbHandle;
  /** Where events datasets' rows live (PostgreSQL, or ClickHouse when configured). */
  events: EventsEngines;
  queue: JobSender;
  /** Where uploaded files are kept, and how large they may be. */
  files: UploadFiles;
  /** Runs work that outlives the request (an import); errors are the task's to record. */
  background: (task: () => Promise<void>) => void;
  session: SessionInfo | null;
  /** Set when the request carried a valid `Authorization: Bearer <key>`. */
  apiKey?: ApiKeyCaller | null;
  /** The request carried a bearer key that is unknown, revoked or expired. */
  invalidApiKey?: boolean;
  /** E-mails invitation links when SMTP is configured; absent: links are only shown. */
  mailer?: InvitationMailer | null;
  /**
   * The app secret the web and the trainer share (BETTER_AUTH_SECRET): webhook signing secrets
   * are stored encrypted under a key derived from it. Absent: webhooks cannot be created.
   */
  appSecret?: string;
  /** FORESIGHT_ALLOW_LOCAL_WEBHOOKS=1: webhook URLs may be http:// to localhost. */
  allowLocalWebhooks?: boolean;
}

/** Sends an invitation link by e-mail (the web app's SMTP setting). */
export interface InvitationMailer {
  sendInvitation(message: {
    to: string;
    token: string;
    organizationName: string;
    inviterName: string;
    role: string;
    expiresAt: Date;
  }): Promise<void>;
}

/** Who is calling: a signed-in member, or a service with an organization API key. */
export interface Actor {
  kind: 'user' | 'apiKey';
  /** null for API keys (nothing a key creates is attributed to a person). */
  userId: string | null;
  email: string | null;
  name: string;
}

// No transformer: requests and answers are plain JSON, so any HTTP client can call the API and
// output schemas turn dates into ISO strings.
const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      // Bad input reads "to: `from` must be on or before `to`", not zod's JSON dump of its issues.
      message: error.cause instanceof ZodError ? issuesMessage(error.cause) : shape.message,
      data: {
        ...shape.data,
        // Never send stack traces to clients.
        stack: undefined,
        zodError: error.cause instanceof ZodError ? error.cause.flatten() : null,
        uploadError: error.cause instanceof UploadError ? error.cause.location : null,
        rowsRejected:
          error.cause instanceof RowsRejectedError
            ? {
                uploadId: error.cause.uploadId,
                problems: error.cause.problems,
                problemCount: error.cause.problemCount,
              }
            : null,
      },
    };
  },
});

function issuesMessage(error: ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Turns the plain functions' typed errors into tRPC errors a caller can act on. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof NotFoundError) {
      throw new TRPCError({ code: 'NOT_FOUND', message: cause.message, cause });
    }
    if (cause instanceof NotEnoughDataError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
    if (cause instanceof NotEventsDatasetError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
    if (cause instanceof UploadError || cause instanceof RowsRejectedError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
    if (cause instanceof PermissionError) {
      throw new TRPCError({ code: 'FORBIDDEN', message: cause.message, cause });
    }
    if (cause instanceof InvitationError) {
      const code = cause.reason === 'wrong-recipient' ? 'FORBIDDEN' : 'BAD_REQUEST';
      throw new TRPCError({ code, message: cause.message, cause });
    }
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** A bad bearer key is refused at once, whatever the procedure. */
const rejectBadKeys = t.middleware(({ ctx, next }) => {
  if (ctx.invalidApiKey) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'The API key is invalid, revoked or expired',
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(errorMapping).use(rejectBadKeys);

/**
 * Scoped to one organization: a bearer API key's, or for a signed-in user the session's active
 * one they are a member of (else their first). Every data procedure builds on this, passing
 * `ctx.org.id` down. API keys with only the `read` scope cannot run mutations.
 */
export const orgProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  if (ctx.apiKey) {
    if (type === 'mutation' && !ctx.apiKey.scopes.includes('write')) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'This API key has the "read" scope only; create a key with "write" to change data',
      });
    }
    const actor: Actor = { kind: 'apiKey', userId: null, email: null, name: 'API key' };
    return next({ ctx: { ...ctx, actor, org: { id: ctx.apiKey.organizationId, role: 'api' } } });
  }
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  let organizationId = ctx.session.activeOrganizationId;
  let role = organizationId
    ? await membershipRole(ctx.db, ctx.session.userId, organizationId)
    : null;
  if (!role) {
    const [first] = await listMemberships(ctx.db, ctx.session.userId);
    organizationId = first?.organizationId ?? null;
    role = first?.role ?? null;
  }
  if (!organizationId || !role) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'You are not a member of any organization' });
  }
  const { session } = ctx;
  const actor: Actor = {
    kind: 'user',
    userId: session.userId,
    email: session.email,
    name: session.name,
  };
  return next({ ctx: { ...ctx, actor, org: { id: organizationId, role } } });
});

/** A signed-in member (not an API key): account and key management. */
export const memberProcedure = orgProcedure.use(({ ctx, next }) => {
  if (ctx.actor.kind !== 'user' || !ctx.actor.userId) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'Only a signed-in member can do this, not an API key',
    });
  }
  return next({ ctx: { ...ctx, actor: { ...ctx.actor, userId: ctx.actor.userId } } });
});

/**
 * A signed-in member whose role in the organization is at least `minimum`
 * (owner > admin > member). Reads stay on `memberProcedure`/`orgProcedure`; every procedure that
 * manages keys, members or invitations is built with this, so the check is per procedure.
 */
export function roleProcedure(minimum: MemberRole) {
  return memberProcedure.use(({ ctx, next }) => {
    if (!roleAtLeast(ctx.org.role, minimum)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: {
          owner: 'Only the owner can do this',
          admin: 'Only owners and admins can do this',
          member: 'Only members of the organization can do this',
        }[minimum],
      });
    }
    return next();
  });
}

/** A signed-in owner or admin of the organization. */
export const adminProcedure = roleProcedure('admin');

/** The organization's owner. */
export const ownerProcedure = roleProcedure('owner');

/**
 * A signed-in person, whatever their organization (accepting an invitation); API keys are
 * refused.
 */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.apiKey) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'Only a signed-in person can do this, not an API key',
    });
  }
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** The context an `orgProcedure` sees: the caller and the organization everything is scoped to. */
export type OrgContext = ApiContext & { actor: Actor; org: { id: string; role: string } };
