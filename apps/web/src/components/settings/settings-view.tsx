'use client';

import { useQuery } from '@tanstack/react-query';
import { ApiKeysPanel } from '~/components/api-keys-panel';
import { useTRPC } from '~/trpc/react';
import { AccountPanel } from './account-panel';
import { MembersPanel } from './members-panel';
import { OrganizationPanel } from './organization-panel';

/**
 * Settings: the organization (name, which one you act in), its members and invitations, API keys,
 * and your account (password, other sessions). What you can change follows your role; the API
 * enforces the same rules per procedure.
 */
export function SettingsView() {
  const trpc = useTRPC();
  const current = useQuery(trpc.org.current.queryOptions());
  if (current.error) return <p className="error">{current.error.message}</p>;
  if (!current.data) return <p className="muted">Loading…</p>;
  const role = current.data.role;
  const canManage = role === 'owner' || role === 'admin';
  return (
    <div className="stack-lg">
      <h1>Settings</h1>
      <OrganizationPanel org={current.data} canManage={canManage} />
      <MembersPanel
        role={role}
        me={current.data.caller.userId}
        organizationName={current.data.name}
      />
      <ApiKeysPanel canManage={canManage} />
      <AccountPanel />
    </div>
  );
}
