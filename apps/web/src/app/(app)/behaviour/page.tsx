import { Suspense } from 'react';
import { BehaviourView } from '~/components/analytics/behaviour-view';

export default function BehaviourPage() {
  return (
    <div className="stack-lg">
      <div>
        <h1>User behaviour</h1>
        <p className="muted">
          Who is active, who comes back, and what they do, from your event log.
        </p>
      </div>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <BehaviourView />
      </Suspense>
    </div>
  );
}
