'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '~/trpc/react';
import { BellIcon } from './alert-bell';
import { timeAgo } from './time-ago';
import './alerts.css';

/** How often the bell looks for new notifications while the app is open. */
const POLL_MS = 20_000;

/** The bell in the top bar: the unread count, and a panel of the latest notifications. */
export function NotificationsBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const list = useQuery({
    ...trpc.notifications.list.queryOptions({ limit: 20 }),
    refetchInterval: POLL_MS,
  });
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() }),
    }),
  );

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onDown = (e: MouseEvent) => {
      if (wrapper.current && !wrapper.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  return (
    <div className="notifications" ref={wrapper}>
      <button
        type="button"
        className="bell-button"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="unread-badge" data-testid="unread-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Notifications">
          <div className="row between">
            <h3>Notifications</h3>
            {unread > 0 && (
              <button
                type="button"
                className="link"
                onClick={() => markRead.mutate({ all: true })}
                disabled={markRead.isPending}
              >
                Mark all read
              </button>
            )}
          </div>
          {list.isError && <p className="error small">{list.error.message}</p>}
          {items.length === 0 ? (
            <p className="muted small">
              Nothing yet. Create an alert with “Alert me” beside a number on Trends, Risk, Churn or
              Behaviour; when it fires it shows up here.
            </p>
          ) : (
            <ul className="notification-list" aria-label="Notification list">
              {items.map((n) => (
                <li key={n.id} className={n.readAt ? undefined : 'unread'}>
                  <strong>{n.title}</strong>
                  <p>{n.body}</p>
                  <div className="row between small">
                    <time
                      className="muted"
                      dateTime={n.createdAt}
                      title={new Date(n.createdAt).toLocaleString()}
                    >
                      {timeAgo(n.createdAt)}
                    </time>
                    <span className="row">
                      {n.link && (
                        <Link
                          href={n.link}
                          onClick={() => {
                            if (!n.readAt) markRead.mutate({ ids: [n.id] });
                            setOpen(false);
                          }}
                        >
                          Open
                        </Link>
                      )}
                      {!n.readAt && (
                        <button
                          type="button"
                          className="link"
                          onClick={() => markRead.mutate({ ids: [n.id] })}
                        >
                          Mark read
                        </button>
                      )}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <Link href="/alerts" onClick={() => setOpen(false)} className="small">
            All alerts and their history
          </Link>
        </div>
      )}
    </div>
  );
}
