import { Suspense } from 'react';
import { ModelsView } from '~/components/models/models-view';

export const metadata = { title: 'Models & Jobs · Foresight' };

export default function ModelsPage() {
  return (
    <div className="stack-lg">
      <div className="models-stack">
        <h1>Models &amp; Jobs</h1>
        <p className="muted">
          Watch training runs live, compare the candidate models, and choose which version your
          pages use.
        </p>
      </div>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <ModelsView />
      </Suspense>
    </div>
  );
}
