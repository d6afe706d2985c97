import 'server-only';
import type { SessionInfo } from '@foresight/api';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from './services';

export async function sessionFromHeaders(h: Headers): Promise<SessionInfo | null> {
  const session = await auth().api.getSession({ headers: h });
  if (!session) return null;
  return {
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    activeOrganizationId:
      (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null,
  };
}

/** For protected pages: the session, or a redirect to sign-in. */
export async function requireSession(): Promise<SessionInfo> {
  const session = await sessionFromHeaders(await headers());
  if (!session) redirect('/sign-in');
  return session;
}
