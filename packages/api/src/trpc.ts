import { membershipRole, listMemberships, NotFoundError, type DbHandle } from '@foresight/db';
import { UploadError } from '@foresight/ingest';
import type { JobName, JobPayload } from '@foresight/queue';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';

export interface JobSender {
  send<N extends JobName>(name: N, payload: JobPayload<N>): Promise<string>;
}

export interface SessionInfo {
  userId: string;
  email: string;
  name: string;
  activeOrganizationId: string | null;
}

export interface ApiContext {
  db: DbHandle;
  queue: JobSender;
  session: SessionInfo | null;
}

const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        // Never send stack traces to clients.
        stack: undefined,
        zodError: error.cause instanceof ZodError ? error.cause.flatten() : null,
        uploadError: error.cause instanceof UploadError ? error.cause.location : null,
      },
    };
  },
});

/** Turns the plain functions' typed errors into tRPC errors a caller can act on. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof NotFoundError) {
      throw new TRPCError({ code: 'NOT_FOUND', message: cause.message, cause });
    }
    if (cause instanceof UploadError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(errorMapping);

/** Signed in: narrows the session to non-null. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/**
 * Signed in and scoped to one organization the caller is a member of (the session's active one,
 * else their first). Every data procedure builds on this, passing `ctx.org.id` down.
 */
export const orgProcedure = protectedProcedure.use(async ({ ctx, next }) => {
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
  return next({ ctx: { ...ctx, org: { id: organizationId, role } } });
});
