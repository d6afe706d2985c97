'use client';

import { CHURN_CANDIDATE_NAMES, churnCandidateName } from '@foresight/ml-core/model-names';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { AlertBell } from '~/components/alerts/alert-bell';
import { churnAlerts } from '~/components/alerts/presets';
import { CalibrationChart, ImportanceChart } from '~/components/churn-charts';
import { ChurnDrivers } from '~/components/churn-drivers';
import { DatasetPicker, useDatasetChoice } from '~/components/dataset-picker';
import { JobStatus } from '~/components/job-status';
import '~/components/analytics/analytics.css';
import { downloadText, toCsv } from '~/lib/csv-export';
import { formatPercent } from '~/lib/format';
import { useTRPC } from '~/trpc/react';
import { pollWhileTraining } from '~/lib/poll-while-training';

const PAGE = 25;

/** A candidate's name as people read it: the label the trainer stored, else its known name. */
function candidateLabel(candidate: { name: string; label?: unknown } | undefined, name: string) {
  if (typeof candidate?.label === 'string') return candidate.label;
  return churnCandidateName({ name });
}

export function ChurnView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { isPending, datasets, datasetId, dataset } = useDatasetChoice(['customers', 'events']);
  // From Feature optimisation: only at-risk users who never did this event.
  const neverUsed = useSearchParams().get('neverUsed') || null;
  // The cursors of the pages walked through (null = the first page), so Previous can go back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageKey, setPageKey] = useState(`${datasetId}|${neverUsed}`);
  if (pageKey !== `${datasetId}|${neverUsed}`) {
    // A different list: start from its first page.
    setPageKey(`${datasetId}|${neverUsed}`);
    setCursors([null]);
  }
  const offset = (cursors.length - 1) * PAGE;
  const latest = useQuery({
    ...trpc.churn.latest.queryOptions({
      datasetId: datasetId ?? '',
      cursor: cursors.at(-1) ?? null,
      limit: PAGE,
      ...(neverUsed ? { neverUsed } : {}),
    }),
    enabled: !!datasetId,
    refetchInterval: pollWhileTraining,
  });
  const retrain = useMutation(
    trpc.churn.train.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.churn.latest.queryKey() }),
    }),
  );

  async function exportCsv() {
    if (!datasetId) return;
    const rows = await queryClient.fetchQuery(trpc.churn.export.queryOptions({ datasetId }));
    downloadText(
      `churn-scores-${dataset?.name ?? 'dataset'}.csv`,
      toCsv(
        ['id', 'rank', 'churn_probability', 'top_driver', 'why'],
        rows.map((r) => [r.id, r.rank, r.score, r.topDriver, r.drivers]),
      ),
    );
  }

  if (isPending) return <p className="muted">Loading…</p>;
  if (datasets.length === 0) {
    return (
      <div className="card empty">
        <h2>No customer data yet</h2>
        <p>
          Upload a customer table with a yes/no churn column, or a log of user events, on the{' '}
          <Link href="/data">Data page</Link>. Foresight learns what predicts churn, compares
          logistic regression, gradient-boosted trees, a neural network and their ensemble, keeps
          the simplest that is not beaten beyond noise, and lists who is most at risk.
        </p>
      </div>
    );
  }

  const job = latest.data?.latestJob;
  const churn = latest.data?.churn;
  const m = churn?.metrics;
  const chosen = m?.candidates.find((c) => c.name === m.chosen);
  const baseline = m?.candidates.find((c) => c.name === 'logistic');

  return (
    <div className="stack-lg">
      <div className="row between">
        <DatasetPicker datasets={datasets} value={datasetId} path="/churn" />
        <div className="row">
          <button type="button" onClick={exportCsv} disabled={!churn}>
            Export CSV
          </button>
          <button
            type="button"
            onClick={() => datasetId && retrain.mutate({ datasetId })}
            disabled={
              !datasetId ||
              retrain.isPending ||
              job?.status === 'queued' ||
              job?.status === 'running'
            }
          >
            Retrain
          </button>
        </div>
      </div>
      {retrain.error && <p className="error">{retrain.error.message}</p>}
      {neverUsed && datasetId && (
        <p className="banner" role="status" data-testid="never-used-banner">
          <span>
            Showing at-risk users who never used <strong>{neverUsed}</strong>
          </span>{' '}
          — <Link href={`/churn?dataset=${encodeURIComponent(datasetId)}`}>clear</Link>
        </p>
      )}
      {job && <JobStatus job={job} />}
      {!job && dataset?.kind === 'customers' && (
        <p className="muted">
          This table has no churn label column, so there is nothing to learn from. Upload it again
          with one.
        </p>
      )}

      {churn && m && (
        <>
          <div className="kpis">
            <div className="kpi" data-testid="kpi-chosen-model">
              <span className="kpi-label">Chosen model</span>
              <span className="kpi-value small-value">{candidateLabel(chosen, m.chosen)}</span>
              <span className="muted small">
                ROC-AUC {chosen?.rocAuc.toFixed(3)} ± {chosen?.rocAucSe.toFixed(3)}
              </span>
            </div>
            <div className="kpi" data-testid="kpi-baseline">
              <span className="kpi-label">{CHURN_CANDIDATE_NAMES.logistic}</span>
              <span className="kpi-value">{baseline?.rocAuc.toFixed(3) ?? '—'}</span>
              <span className="muted small">ROC-AUC, same validation split</span>
            </div>
            <div className="kpi">
              <span className="kpi-label">Churn rate</span>
              <span className="kpi-value">{formatPercent(m.positiveRate, 1)}</span>
              <span className="muted small">
                {m.mode === 'events'
                  ? `no activity within ${m.windowDays} days`
                  : 'in the labelled data'}
              </span>
            </div>
            <div className="kpi">
              <span className="kpi-label">Alert threshold</span>
              <span className="kpi-value">{formatPercent(m.threshold.value)}</span>
              <span className="muted small">
                catches {formatPercent(m.threshold.recall)} of churners,{' '}
                {formatPercent(m.threshold.precision)} of alerts right
              </span>
            </div>
          </div>

          <section className="card stack" aria-label="At-risk customers">
            <div className="row between">
              <h2>
                {m.mode === 'events'
                  ? 'Active users most at risk'
                  : 'Customers not yet churned, most at risk first'}
              </h2>
              <span className="row center">
                <span className="muted small">
                  {churn.total.toLocaleString()} scored
                  {m.cutoff ? ` · activity up to ${m.cutoff.slice(0, 10)}` : ''}
                </span>
                {datasetId && (
                  <AlertBell
                    datasetId={datasetId}
                    subject={m.mode === 'events' ? 'users at risk' : 'customers at risk'}
                    choices={churnAlerts()}
                  />
                )}
              </span>
            </div>
            <table aria-label="At-risk table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>{m.mode === 'events' ? 'User' : 'Customer'}</th>
                  <th className="num">P(churn)</th>
                  <th>Why at risk</th>
                </tr>
              </thead>
              <tbody>
                {churn.scores.items.map((s) => (
                  <tr key={s.id}>
                    <td className="num">{s.rank}</td>
                    <td>{s.id}</td>
                    <td className="num">
                      <span className={`risk ${s.score >= m.threshold.value ? 'risk-high' : ''}`}>
                        {formatPercent(s.score)}
                      </span>
                    </td>
                    <td>
                      <ChurnDrivers drivers={s.drivers} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {churn.scores.items.length === 0 && (
              <p className="muted">
                {neverUsed ? `No at-risk users who never used ${neverUsed}.` : 'No users to score.'}
              </p>
            )}
            <div className="row between">
              <button
                type="button"
                disabled={cursors.length === 1}
                onClick={() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c))}
              >
                ← Previous
              </button>
              <span className="muted small">
                {offset + 1}–{Math.min(offset + PAGE, churn.total)} of{' '}
                {churn.total.toLocaleString()}
              </span>
              <button
                type="button"
                disabled={!churn.scores.nextCursor}
                onClick={() => {
                  const next = churn.scores.nextCursor;
                  if (next) setCursors((c) => [...c, next]);
                }}
              >
                Next →
              </button>
            </div>
          </section>

          <div className="charts">
            <ImportanceChart importance={m.importance} />
            <CalibrationChart bins={m.calibration} />
          </div>

          <section className="card stack" aria-label="Model quality">
            <h2>Model vs baseline</h2>
            <p className="muted">
              All models were trained on {m.rows.train.toLocaleString()} rows and compared on{' '}
              {m.rows.validation.toLocaleString()}{' '}
              {m.mode === 'events'
                ? 'users at the latest labelled cutoff (later in time than all training data)'
                : 'held-out customers (stratified)'}
              , which also set early stopping and the probability calibration. &ldquo;Why at
              risk&rdquo; lists the features that push a score up most (change in log-odds when the
              feature is set to its average), with the customer&rsquo;s value and the typical one
              (median, or most common category, of the training rows).
            </p>
            <table aria-label="Churn leaderboard">
              <thead>
                <tr>
                  <th>Model</th>
                  <th className="num">ROC-AUC</th>
                  <th className="num">PR-AUC</th>
                  <th className="num">Log-loss</th>
                  <th className="num">Fit time</th>
                </tr>
              </thead>
              <tbody>
                {m.candidates.map((c) => (
                  <tr key={c.name} className={c.name === m.chosen ? 'chosen' : undefined}>
                    <td>
                      {candidateLabel(c, c.name)}
                      {c.name === m.chosen && <span className="badge badge-ready">chosen</span>}
                    </td>
                    <td className="num">
                      {c.rocAuc.toFixed(3)} ± {c.rocAucSe.toFixed(3)}
                    </td>
                    <td className="num">{c.prAuc.toFixed(3)}</td>
                    <td className="num">{c.logLoss.toFixed(3)}</td>
                    <td className="num">{(c.fitMs / 1000).toFixed(1)} s</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {typeof m.selection === 'string' && <p className="muted">{m.selection}</p>}
            <p className="muted small">
              model v{churn.version} · backend {churn.backend} · trained{' '}
              {new Date(churn.createdAt).toLocaleString()}
            </p>
          </section>
        </>
      )}
    </div>
  );
}
