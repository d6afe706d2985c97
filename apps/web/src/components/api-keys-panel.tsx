'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '~/trpc/react';
import { ShownOnceSecret } from './shown-once-secret';

/** `canManage`: owners and admins create and revoke keys; members see the list only. */
export function ApiKeysPanel({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.all.queryOptions());
  const [name, setName] = useState('');
  const [write, setWrite] = useState(false);
  const [expiresInDays, setExpiresInDays] = useState('');
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.all.queryKey() });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (result) => {
        setCreated({ name: result.apiKey.name, key: result.key });
        setName('');
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.mutate({
      name,
      scopes: write ? ['read', 'write'] : ['read'],
      expiresInDays: expiresInDays ? Number(expiresInDays) : null,
    });
  }

  return (
    <section className="card stack" aria-label="API keys">
      <h2>API keys</h2>
      <p className="muted">
        Your other services call the same API as this dashboard with{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>. A key acts for this organization;{' '}
        <em>read</em> keys can only read, <em>write</em> keys can also upload data and start
        training. Keys are stored hashed: you see a key once.
      </p>
      {created && (
        <ShownOnceSecret
          testId="new-api-key"
          heading={<>Copy the key for “{created.name}” now — it will not be shown again:</>}
          secret={created.key}
          onDone={() => setCreated(null)}
        />
      )}
      {!canManage && (
        <p className="muted small">Only owners and admins can create or revoke keys.</p>
      )}
      {canManage && (
        <form className="row" onSubmit={onSubmit} aria-label="Create API key">
          <label>
            Name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. billing-service"
              required
              maxLength={80}
            />
          </label>
          <label>
            Expires in (days)
            <input
              inputMode="numeric"
              value={expiresInDays}
              onChange={(e) => setExpiresInDays(e.target.value)}
              placeholder="never"
            />
          </label>
          <label className="inline align-end">
            <input
              type="checkbox"
              style={{ width: 'auto' }}
              checked={write}
              onChange={(e) => setWrite(e.target.checked)}
            />
            Allow writes
          </label>
          <button type="submit" className="primary align-end" disabled={create.isPending}>
            Create key
          </button>
        </form>
      )}
      {create.error && <p className="error">{create.error.message}</p>}
      {keys.data && keys.data.length > 0 ? (
        <table aria-label="API keys table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Scopes</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.scopes.join(', ')}</td>
                <td>
                  {new Date(k.createdAt).toLocaleDateString()}
                  {k.createdBy && <div className="muted small">{k.createdBy}</div>}
                </td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>{k.expiresAt ? new Date(k.expiresAt).toLocaleDateString() : 'never'}</td>
                <td>
                  {k.revokedAt ? (
                    <span className="badge badge-failed">revoked</span>
                  ) : !canManage ? null : (
                    <button
                      type="button"
                      onClick={() => revoke.mutate({ id: k.id })}
                      disabled={revoke.isPending}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No keys yet.</p>
      )}
    </section>
  );
}
