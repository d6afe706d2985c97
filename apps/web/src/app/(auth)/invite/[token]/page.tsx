import { headers } from 'next/headers';
import { InviteAccept } from '~/components/settings/invite-accept';
import { sessionFromHeaders } from '~/server/session';
import { TRPCReactProvider } from '~/trpc/react';

/** An invitation link: what it is for, then sign in (or up) and join. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await sessionFromHeaders(await headers());
  return (
    <TRPCReactProvider>
      <InviteAccept token={token} signedInAs={session?.email ?? null} />
    </TRPCReactProvider>
  );
}
