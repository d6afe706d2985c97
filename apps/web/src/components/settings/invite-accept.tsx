'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '~/lib/auth-client';
import { useTRPC } from '~/trpc/react';

const STATUS_TEXT: Record<string, string> = {
  expired: 'This invitation has expired. Ask whoever invited you for a new link.',
  accepted: 'This invitation has already been used.',
  canceled: 'This invitation was withdrawn.',
};

export function InviteAccept({ token, signedInAs }: { token: string; signedInAs: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const preview = useQuery(trpc.invitations.preview.queryOptions({ token }, { retry: false }));
  const [switchError, setSwitchError] = useState<string | null>(null);
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async (joined) => {
        // Act in the organization just joined (better-auth's active organization).
        const result = await authClient.organization.setActive({
          organizationId: joined.organizationId,
        });
        if (result.error) {
          setSwitchError(result.error.message ?? 'Joined; switch organization in Settings');
          return;
        }
        router.replace('/trends');
        router.refresh();
      },
    }),
  );

  if (preview.error) {
    return (
      <div className="stack">
        <h1>Invitation</h1>
        <p className="error" role="alert">
          {preview.error.data?.code === 'NOT_FOUND'
            ? 'This invitation link is not valid. Check that you copied all of it.'
            : preview.error.message}
        </p>
      </div>
    );
  }
  if (!preview.data) return <p className="muted">Loading…</p>;
  const inv = preview.data;
  const next = encodeURIComponent(`/invite/${token}`);
  const email = encodeURIComponent(inv.email);
  const wrongAccount = signedInAs !== null && signedInAs.toLowerCase() !== inv.email.toLowerCase();

  return (
    <div className="stack">
      <h1>Join {inv.organizationName}</h1>
      <p>
        {inv.invitedBy} invited <strong>{inv.email}</strong> to join{' '}
        <strong>{inv.organizationName}</strong> on Foresight as {inv.role === 'admin' ? 'an' : 'a'}{' '}
        <strong>{inv.role}</strong>.
      </p>
      {inv.status !== 'pending' ? (
        <p className="error" role="alert">
          {STATUS_TEXT[inv.status] ?? 'This invitation cannot be used.'}
        </p>
      ) : signedInAs === null ? (
        <>
          <p className="muted">Sign in with {inv.email}, or create an account with it, to join.</p>
          <div className="row">
            <Link href={`/sign-up?next=${next}&email=${email}`}>Create an account</Link>
            <Link href={`/sign-in?next=${next}&email=${email}`}>Sign in</Link>
          </div>
        </>
      ) : wrongAccount ? (
        <p className="error" role="alert">
          You are signed in as {signedInAs}; this invitation is for {inv.email}. Sign out and sign
          in with that address to accept it.
        </p>
      ) : (
        <>
          <p className="muted">
            Expires {new Date(inv.expiresAt).toLocaleString()}. You keep your other organizations.
          </p>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={accept.isPending}
              onClick={() => accept.mutate({ token })}
            >
              Join {inv.organizationName}
            </button>
          </div>
        </>
      )}
      {accept.error && (
        <p className="error" role="alert">
          {accept.error.message}
        </p>
      )}
      {switchError && <p className="error">{switchError}</p>}
    </div>
  );
}
