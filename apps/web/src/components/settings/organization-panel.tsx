'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '~/lib/auth-client';
import { useTRPC } from '~/trpc/react';

const ROLE_TEXT: Record<string, string> = {
  owner: 'You are the owner.',
  admin: 'You are an admin: you manage members, invitations and API keys.',
  member: 'You are a member: you see everything; owners and admins manage the team and keys.',
};

export function OrganizationPanel({
  org,
  canManage,
}: {
  org: { id: string; name: string; role: string };
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState(org.name);
  const [saved, setSaved] = useState(false);
  const rename = useMutation(
    trpc.org.rename.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.org.current.queryKey() });
      },
    }),
  );
  const organizations = authClient.useListOrganizations();
  const [switchError, setSwitchError] = useState<string | null>(null);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    rename.mutate({ name });
  }

  async function switchTo(organizationId: string) {
    setSwitchError(null);
    const result = await authClient.organization.setActive({ organizationId });
    if (result.error) {
      setSwitchError(result.error.message ?? 'Could not switch organization');
      return;
    }
    await queryClient.invalidateQueries();
    router.refresh();
  }

  const others = organizations.data ?? [];
  return (
    <section className="card stack" aria-label="Organization">
      <h2>Organization</h2>
      <p className="muted">{ROLE_TEXT[org.role] ?? ''}</p>
      {canManage ? (
        <form className="row" onSubmit={onSubmit} aria-label="Organization title">
          <label>
            Organization
            <input
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setSaved(false);
              }}
              required
              maxLength={120}
            />
          </label>
          <button
            type="submit"
            className="primary align-end"
            disabled={rename.isPending || name.trim() === org.name}
          >
            Rename
          </button>
          {saved && (
            <span role="status" className="muted align-end">
              Saved
            </span>
          )}
        </form>
      ) : (
        <p>
          <strong>{org.name}</strong>
        </p>
      )}
      {rename.error && <p className="error">{rename.error.message}</p>}
      {others.length > 1 && (
        <label>
          You belong to {others.length} organizations; acting in
          <select value={org.id} onChange={(e) => void switchTo(e.target.value)}>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {switchError && <p className="error">{switchError}</p>}
    </section>
  );
}
