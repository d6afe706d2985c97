import { Suspense } from 'react';
import { RiskView } from '~/components/risk-view';

export default function RiskPage() {
  return (
    <div className="stack-lg">
      <h1>Runway &amp; risk</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <RiskView />
      </Suspense>
    </div>
  );
}
