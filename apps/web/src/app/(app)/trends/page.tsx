import { Suspense } from 'react';
import { TrendsView } from '~/components/trends-view';

export default function TrendsPage() {
  return (
    <div className="stack-lg">
      <h1>Market trends</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <TrendsView />
      </Suspense>
    </div>
  );
}
