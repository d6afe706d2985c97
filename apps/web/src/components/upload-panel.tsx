'use client';

import { useState } from 'react';
import { UploadCustomersForm } from '~/components/upload-customers-form';
import { UploadEventsForm } from '~/components/upload-events-form';
import { UploadFinancialsForm } from '~/components/upload-financials-form';
import { UploadMarketForm } from '~/components/upload-market-form';

const KINDS = [
  { id: 'market', label: 'Market data', hint: 'a metric over time → trend forecast' },
  { id: 'financials', label: 'Financials', hint: 'monthly revenue, costs, cash → runway & risk' },
  { id: 'events', label: 'User events', hint: 'who did what when → churn & recommendations' },
  { id: 'customers', label: 'Customers', hint: 'one row per customer → churn drivers' },
] as const;

const FORMS = {
  market: UploadMarketForm,
  financials: UploadFinancialsForm,
  events: UploadEventsForm,
  customers: UploadCustomersForm,
};

export function UploadPanel() {
  const [kind, setKind] = useState<(typeof KINDS)[number]['id']>('market');
  return (
    <div className="stack">
      <div className="segmented" role="tablist" aria-label="What are you uploading?">
        {KINDS.map((k) => (
          <button
            key={k.id}
            type="button"
            role="tab"
            aria-selected={kind === k.id}
            className={kind === k.id ? 'active' : undefined}
            onClick={() => setKind(k.id)}
          >
            {k.label}
            <span className="muted small"> · {k.hint}</span>
          </button>
        ))}
      </div>
      {(() => {
        const Form = FORMS[kind];
        return <Form />;
      })()}
    </div>
  );
}
