import { Suspense } from 'react';
import { FeaturesView } from '~/components/analytics/features-view';

export default function FeaturesPage() {
  return (
    <div className="stack-lg">
      <div>
        <h1>Feature optimisation</h1>
        <p className="muted">
          Which features go with users who stay, and where users drop out on the way to the ones
          that matter.
        </p>
      </div>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <FeaturesView />
      </Suspense>
    </div>
  );
}
