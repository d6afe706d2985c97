import { Suspense } from 'react';
import { ChurnView } from '~/components/churn-view';

export default function ChurnPage() {
  return (
    <div className="stack-lg">
      <h1>Churn</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <ChurnView />
      </Suspense>
    </div>
  );
}
