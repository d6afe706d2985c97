'use client';

import type { RouterOutputs } from '@foresight/api';
import { ALERT_KIND_LABEL } from '@foresight/api/alert-text';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';
import { timeAgo } from './time-ago';
import { useCanManageAlerts } from './use-can-manage';
import { WebhooksPanel } from './webhooks-panel';
import './alerts.css';

type Rule = RouterOutputs['alerts']['list'][number];
type FiredAlert = RouterOutputs['alerts']['history'][number];

/** Where a rule's number is shown (and its "Alert me" bell sits). */
function pageOf(rule: Rule): string {
  const dataset = `?dataset=${encodeURIComponent(rule.datasetId)}`;
  switch (rule.rule.kind) {
    case 'runway':
      return `/risk${dataset}`;
    case 'churn_growth':
      return `/churn${dataset}`;
    case 'forecast_breach':
      return `/trends${dataset}`;
    case 'metric_anomaly':
    case 'threshold':
      return rule.rule.subject.source === 'behaviour'
        ? `/behaviour${dataset}`
        : `/trends${dataset}`;
  }
}

/** The rules, what fired, and (for admins) the webhook endpoints notifications are sent to. */
export function AlertsView() {
  const canManage = useCanManageAlerts();
  return (
    <div className="stack-lg">
      <RulesSection canManage={canManage} />
      <HistorySection />
      <WebhooksPanel canManage={canManage} />
    </div>
  );
}

function RulesSection({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery({
    ...trpc.alerts.list.queryOptions(),
    // Opening the page shows what the trainer saw last, even seconds after the previous visit.
    refetchOnMount: 'always',
    // A new rule is evaluated by the trainer within seconds: look again until every rule has a state.
    refetchInterval: (q) =>
      q.state.data?.some((r) => r.enabled && !r.lastEvaluatedAt) ? 3_000 : 60_000,
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.alerts.history.queryKey() }),
    ]);
  const update = useMutation(trpc.alerts.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alerts.remove.mutationOptions({ onSuccess: refresh }));
  const evaluate = useMutation(trpc.alerts.evaluateNow.mutationOptions());

  return (
    <section className="card stack" aria-label="Alert rules">
      <div className="row between">
        <h2>Rules</h2>
        {canManage && (rules.data?.length ?? 0) > 0 && (
          <button
            type="button"
            onClick={() => evaluate.mutate({})}
            disabled={evaluate.isPending}
            title="Checks every rule now instead of at the next upload, retrain or hourly check"
          >
            Check now
          </button>
        )}
      </div>
      <p className="muted">
        Foresight checks each rule after every upload and retrain of its dataset, and every hour.
        When one fires you get a notification (the bell at the top), a webhook call to each endpoint
        below, and an e-mail to the admins when the rule asks for it and e-mail is set up. Each rule
        fires once per period.
      </p>
      {evaluate.isSuccess && (
        <p className="muted small" role="status">
          Checking… the states below update in a few seconds.
        </p>
      )}
      {[update.error, remove.error, evaluate.error].map(
        (e) =>
          e && (
            <p key={e.message} className="error">
              {e.message}
            </p>
          ),
      )}
      {rules.isPending ? (
        <p className="muted">Loading…</p>
      ) : rules.isError ? (
        <p className="error">{rules.error.message}</p>
      ) : rules.data.length === 0 ? (
        <p className="muted" data-testid="no-rules">
          No alerts yet.{' '}
          {canManage
            ? 'Create one with “Alert me” beside a number on the Trends, Risk, Churn or Behaviour page.'
            : 'Owners and admins create them from the Trends, Risk, Churn and Behaviour pages.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Alert rules table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Watches</th>
                <th>Now</th>
                <th>Last fired</th>
                <th>On</th>
                {canManage && <th />}
              </tr>
            </thead>
            <tbody>
              {rules.data.map((r) => (
                <tr key={r.id} data-testid="alert-rule">
                  <td>
                    {r.name}
                    <div className="muted small">
                      {ALERT_KIND_LABEL[r.rule.kind]}
                      {r.email && ' · e-mail'}
                    </div>
                  </td>
                  <td>
                    When {r.description}
                    <div className="muted small">
                      on <Link href={pageOf(r)}>{r.datasetName}</Link>
                    </div>
                  </td>
                  <td data-testid="alert-state">
                    {!r.enabled ? (
                      <span className="muted">Off</span>
                    ) : r.lastState ? (
                      r.lastState.text
                    ) : (
                      <span className="muted">Not checked yet</span>
                    )}
                    {r.lastEvaluatedAt && (
                      <div className="muted small">checked {timeAgo(r.lastEvaluatedAt)}</div>
                    )}
                  </td>
                  <td className="nowrap">
                    {r.lastFiredAt ? (
                      <>
                        {timeAgo(r.lastFiredAt)}
                        <div className="muted small">
                          {r.firedCount} {r.firedCount === 1 ? 'time' : 'times'} in all
                        </div>
                      </>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      style={{ width: 'auto' }}
                      aria-label={`${r.name}: on`}
                      checked={r.enabled}
                      disabled={!canManage || update.isPending}
                      title={canManage ? undefined : 'Only owners and admins switch rules'}
                      onChange={(e) => update.mutate({ id: r.id, enabled: e.target.checked })}
                    />
                  </td>
                  {canManage && (
                    <td>
                      <button
                        type="button"
                        aria-label={`Delete ${r.name}`}
                        disabled={remove.isPending}
                        onClick={() => {
                          if (window.confirm(`Delete “${r.name}” and its history?`))
                            remove.mutate({ id: r.id });
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const asPercent = (v: number) => `${numberFormat.format(Math.round(v * 1000) / 10)}%`;

/**
 * The numbers an alert fired on, in words (the evaluator's keys, `@foresight/alerts` evaluate/);
 * ids, versions and other keys are left out.
 */
const VALUE_WORDS: Record<string, [label: string, format: (v: number) => string]> = {
  value: ['value', numberFormat.format],
  previous: ['previous value', numberFormat.format],
  expected: ['expected', numberFormat.format],
  lower: ['usual range from', numberFormat.format],
  upper: ['usual range to', numberFormat.format],
  line: ['your line', numberFormat.format],
  actual: ['actual', numberFormat.format],
  p10: ['forecast low (p10)', numberFormat.format],
  p50: ['forecast median', numberFormat.format],
  p90: ['forecast high (p90)', numberFormat.format],
  outsideInARow: ['periods outside in a row', numberFormat.format],
  probability: ['chance', asPercent],
  runwayP50: ['median runway (months)', numberFormat.format],
  atRisk: ['customers at risk', numberFormat.format],
  previousAtRisk: ['at risk before', numberFormat.format],
  growthPercent: ['growth', (v) => `${numberFormat.format(Math.round(v * 10) / 10)}%`],
};

function FiredNumbers({ values }: { values: FiredAlert['values'] }) {
  const shown = Object.entries(values).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number' && entry[0] in VALUE_WORDS,
  );
  if (shown.length === 0) return null;
  return (
    <ul className="alert-values muted small" aria-label="The numbers">
      {shown.map(([key, value]) => {
        const [label, format] = VALUE_WORDS[key]!;
        return (
          <li key={key}>
            {label}: <span className="mono">{format(value)}</span>
          </li>
        );
      })}
    </ul>
  );
}

function HistorySection() {
  const trpc = useTRPC();
  const [ruleId, setRuleId] = useState('');
  const rules = useQuery(trpc.alerts.list.queryOptions());
  const history = useQuery({
    ...trpc.alerts.history.queryOptions(ruleId ? { ruleId, limit: 100 } : { limit: 100 }),
    refetchOnMount: 'always',
    refetchInterval: 60_000,
  });

  return (
    <section className="card stack" aria-label="Fired alerts">
      <div className="row between">
        <h2>Fired alerts</h2>
        {(rules.data?.length ?? 0) > 1 && (
          <label className="inline">
            Rule{' '}
            <select value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
              <option value="">All rules</option>
              {rules.data!.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {history.isError && <p className="error">{history.error.message}</p>}
      {history.data && history.data.length === 0 && (
        <p className="muted">Nothing has fired{ruleId ? ' for this rule' : ''} yet.</p>
      )}
      {history.data && history.data.length > 0 && (
        <div className="table-scroll">
          <table aria-label="Fired alerts table">
            <thead>
              <tr>
                <th>When</th>
                <th>Rule</th>
                <th>What happened</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap" title={new Date(e.firedAt).toLocaleString()}>
                    {timeAgo(e.firedAt)}
                  </td>
                  <td>{e.ruleName}</td>
                  <td>
                    {e.summary}
                    <FiredNumbers values={e.values} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
