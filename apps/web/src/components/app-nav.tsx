'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { NotificationsBell } from '~/components/alerts/notifications-bell';
import { authClient } from '~/lib/auth-client';
import { useTRPC } from '~/trpc/react';

const links = [
  { href: '/trends', label: 'Trends' },
  { href: '/risk', label: 'Risk' },
  { href: '/churn', label: 'Churn' },
  { href: '/recommendations', label: 'Recommendations' },
  { href: '/behaviour', label: 'Behaviour' },
  { href: '/features', label: 'Features' },
  { href: '/data', label: 'Data' },
  { href: '/models', label: 'Models & Jobs' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/settings', label: 'Settings' },
];

export function AppNav({ email }: { email: string }) {
  const pathname = usePathname();
  const router = useRouter();
  const trpc = useTRPC();
  const org = useQuery(trpc.org.current.queryOptions());

  async function signOut() {
    await authClient.signOut();
    router.replace('/sign-in');
    router.refresh();
  }

  return (
    <header className="topbar">
      <Link href="/trends" className="brand">
        <span className="brand-mark" aria-hidden>
          ◭
        </span>{' '}
        Foresight
      </Link>
      <nav aria-label="Main">
        {links.map((l) => (
          <Link
            key={l.href}
            href={l.href}
            className={pathname.startsWith(l.href) ? 'active' : undefined}
          >
            {l.label}
          </Link>
        ))}
      </nav>
      <div className="topbar-right">
        <NotificationsBell />
        <span className="muted" title={email}>
          {org.data?.name ?? ''}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
