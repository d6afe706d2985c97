'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ShownOnceSecret } from '~/components/shown-once-secret';
import { useTRPC } from '~/trpc/react';
import { timeAgo } from './time-ago';

const STATUS_WORDS = { pending: 'sending', delivered: 'delivered', failed: 'gave up' } as const;
const statusWord = (s: string) => STATUS_WORDS[s as keyof typeof STATUS_WORDS] ?? s;

/** Webhook endpoints (owners and admins): add with a secret shown once, delete, recent deliveries. */
export function WebhooksPanel({ canManage }: { canManage: boolean }) {
  return (
    <section className="card stack" aria-label="Webhooks">
      <h2>Webhooks</h2>
      <p className="muted">
        Every notification is POSTed as JSON to each endpoint, signed with the endpoint&apos;s
        secret (HMAC-SHA256 in the <code>Foresight-Signature</code> header) and retried with backoff
        when the endpoint fails. The body has a Slack-compatible <code>text</code>, so a Slack
        incoming-webhook URL works as is. See <code>docs/webhooks.md</code> for the body and how to
        check the signature.
      </p>
      {canManage ? (
        <Endpoints />
      ) : (
        <p className="muted small">Only owners and admins see and manage webhook endpoints.</p>
      )}
    </section>
  );
}

function Endpoints() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const endpoints = useQuery(trpc.webhooks.list.queryOptions());
  const deliveries = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ limit: 20 }),
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === 'pending') ? 5_000 : 60_000),
  });
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() }),
    ]);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: async (result) => {
        setCreated({ url: result.endpoint.url, secret: result.secret });
        setUrl('');
        setDescription('');
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.webhooks.remove.mutationOptions({ onSuccess: refresh }));
  const urlOf = new Map((endpoints.data ?? []).map((e) => [e.id, e.url]));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ url, description });
  }

  return (
    <>
      {created && (
        <ShownOnceSecret
          testId="new-webhook-secret"
          heading={<>Copy the signing secret for {created.url} now — it will not be shown again:</>}
          secret={created.secret}
          onDone={() => setCreated(null)}
        />
      )}
      <form className="row" onSubmit={onSubmit} aria-label="Add webhook endpoint">
        <label style={{ flex: 2 }}>
          URL
          <input
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://hooks.example.com/foresight"
            required
            maxLength={2000}
          />
        </label>
        <label style={{ flex: 1 }}>
          Description
          <input
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="e.g. #founders channel"
            maxLength={200}
          />
        </label>
        <button type="submit" className="primary align-end" disabled={create.isPending}>
          Add endpoint
        </button>
      </form>
      {create.error && <p className="error">{create.error.message}</p>}
      {remove.error && <p className="error">{remove.error.message}</p>}
      {endpoints.data && endpoints.data.length > 0 ? (
        <div className="table-scroll">
          <table aria-label="Webhook endpoints">
            <thead>
              <tr>
                <th>URL</th>
                <th>Secret</th>
                <th>Added</th>
                <th>Last delivery</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {endpoints.data.map((e) => (
                <tr key={e.id}>
                  <td>
                    <span className="mono">{e.url}</span>
                    {e.description && <div className="muted small">{e.description}</div>}
                  </td>
                  <td>
                    <code>{e.secretPrefix}…</code>
                  </td>
                  <td>{new Date(e.createdAt).toLocaleDateString()}</td>
                  <td>
                    {e.lastDelivery ? (
                      <>
                        {statusWord(e.lastDelivery.status)}
                        {e.lastDelivery.statusCode !== null &&
                          ` (HTTP ${e.lastDelivery.statusCode})`}
                        <div className="muted small">{timeAgo(e.lastDelivery.at)}</div>
                      </>
                    ) : (
                      <span className="muted">none yet</span>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Delete ${e.url}`}
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(`Stop sending notifications to ${e.url}?`))
                          remove.mutate({ id: e.id });
                      }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        endpoints.data && <p className="muted">No endpoints yet.</p>
      )}
      {deliveries.data && deliveries.data.length > 0 && (
        <>
          <h3>Recent deliveries</h3>
          <div className="table-scroll">
            <table aria-label="Webhook deliveries">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Notification</th>
                  <th>Endpoint</th>
                  <th>Status</th>
                  <th className="num">Tries</th>
                  <th>Last answer</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data.map((d) => (
                  <tr key={d.id}>
                    <td className="nowrap">{timeAgo(d.createdAt)}</td>
                    <td>{d.notificationTitle}</td>
                    <td className="mono small">{urlOf.get(d.endpointId) ?? '(deleted)'}</td>
                    <td>
                      <span
                        className={`badge ${d.status === 'delivered' ? 'badge-ready' : d.status === 'failed' ? 'badge-failed' : ''}`}
                      >
                        {statusWord(d.status)}
                      </span>
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td className="small">
                      {d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : ''}
                      {d.lastError && <div className="muted">{d.lastError}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
