import { randomUUID } from 'node:crypto';
import { organizationSlug, ownOrganizationName } from '@foresight/db';
import { betterAuth } from 'better-auth';
import { organization } from 'better-auth/plugins';
import type pg from 'pg';

export interface AuthConfig {
  pool: pg.Pool;
  /** The origin browsers use, e.g. http://localhost:3000 (must match or sign-up gets INVALID_ORIGIN). */
  baseURL: string;
  secret: string;
  /** Send session cookies with `Secure` (production over HTTPS). */
  secureCookies?: boolean;
}

/** Organization plugin endpoints that write members, invitations or organizations. */
export const ORGANIZATION_WRITES_OUTSIDE_TRPC = [
  '/organization/create',
  '/organization/update',
  '/organization/delete',
  '/organization/invite-member',
  '/organization/accept-invitation',
  '/organization/reject-invitation',
  '/organization/cancel-invitation',
  '/organization/update-member-role',
  '/organization/remove-member',
  '/organization/leave',
  '/organization/create-role',
  '/organization/update-role',
  '/organization/delete-role',
  '/organization/create-team',
  '/organization/update-team',
  '/organization/remove-team',
  '/organization/add-team-member',
  '/organization/remove-team-member',
];

/**
 * Email + password auth with server sessions (httpOnly cookies) and organizations.
 * Signing up creates the user's organization with them as owner; every new session starts in
 * the organization the user joined last (an invited co-founder lands in the team they joined, not
 * in the empty one sign-up made), so the app always has an organization to scope by; Settings
 * switches between them with the plugin's `set-active`.
 *
 * Members, roles and invitations are managed through the tRPC API (`members.*`,
 * `invitations.*`), which enforces the app's rules per procedure (only the owner changes roles or
 * removes admins; invitations are single-use links). The plugin's own endpoints that would change
 * them are disabled so they cannot be used to go around those rules; its reads and `set-active`
 * stay on. Password change and "sign out other sessions" are better-auth's own endpoints.
 */
export function createAuth(config: AuthConfig) {
  const { pool } = config;
  return betterAuth({
    appName: 'Foresight',
    database: pool,
    baseURL: config.baseURL,
    secret: config.secret,
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // Sign-in/sign-up limits are enforced by the web app in PostgreSQL (shared by every replica),
    // not by better-auth's per-process memory store.
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: config.secureCookies ?? false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    plugins: [organization({ creatorRole: 'owner' })],
    disabledPaths: ORGANIZATION_WRITES_OUTSIDE_TRPC,
    databaseHooks: {
      user: {
        create: {
          after: async (user) => {
            const now = new Date();
            const organizationId = randomUUID();
            const name = ownOrganizationName(user);
            const client = await pool.connect();
            try {
              await client.query('BEGIN');
              await client.query(
                'INSERT INTO organization (id, name, slug, "createdAt") VALUES ($1, $2, $3, $4)',
                [organizationId, name, organizationSlug(name), now],
              );
              await client.query(
                'INSERT INTO member (id, "organizationId", "userId", role, "createdAt") VALUES ($1, $2, $3, $4, $5)',
                [randomUUID(), organizationId, user.id, 'owner', now],
              );
              await client.query('COMMIT');
            } catch (error) {
              await client.query('ROLLBACK');
              throw error;
            } finally {
              client.release();
            }
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const { rows } = await pool.query<{ organizationId: string }>(
              'SELECT "organizationId" FROM member WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT 1',
              [session.userId],
            );
            return { data: { ...session, activeOrganizationId: rows[0]?.organizationId ?? null } };
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
export type AuthSession = NonNullable<Awaited<ReturnType<Auth['api']['getSession']>>>;
