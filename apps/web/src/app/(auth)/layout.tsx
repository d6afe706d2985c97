import type { ReactNode } from 'react';

// Rendered per request so every page gets the CSP nonce (see src/proxy.ts).
export const dynamic = 'force-dynamic';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="auth-shell">
      <div className="auth-card">
        <div className="brand brand-lg">
          <span className="brand-mark" aria-hidden>
            ◭
          </span>{' '}
          Foresight
        </div>
        {children}
      </div>
    </main>
  );
}
