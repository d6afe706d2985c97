import type { ReactNode } from 'react';
import { AppNav } from '~/components/app-nav';
import { requireSession } from '~/server/session';
import { TRPCReactProvider } from '~/trpc/react';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  return (
    <TRPCReactProvider>
      <div className="app-shell">
        <AppNav email={session.email} />
        <main className="content">{children}</main>
      </div>
    </TRPCReactProvider>
  );
}
