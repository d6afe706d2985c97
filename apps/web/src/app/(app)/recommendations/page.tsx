import { Suspense } from 'react';
import { RecommendationsView } from '~/components/recommendations-view';

export default function RecommendationsPage() {
  return (
    <div className="stack-lg">
      <h1>Recommendations</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <RecommendationsView />
      </Suspense>
    </div>
  );
}
