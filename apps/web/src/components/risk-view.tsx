'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { CashFanChart } from '~/components/cash-fan-chart';
import { CashOutChart } from '~/components/cash-out-chart';
import { FlowsChart } from '~/components/flows-chart';
import { JobStatus } from '~/components/job-status';
import { EMPTY_WHAT_IF, scenarioFrom, WhatIfPanel } from '~/components/what-if-panel';
import { formatMoney, formatMonths, formatPercent } from '~/lib/format';
import { useDebounced } from '~/lib/use-debounced';
import { useTRPC } from '~/trpc/react';
import { pollWhileTraining } from '~/lib/poll-while-training';
import { DatasetPicker, useDatasetChoice } from '~/components/dataset-picker';

export function RiskView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [inputs, setInputs] = useState(EMPTY_WHAT_IF);
  const scenario = useDebounced(scenarioFrom(inputs), 250);

  const {
    isPending: datasetsPending,
    datasets: financials,
    datasetId,
  } = useDatasetChoice(['financials']);

  const latest = useQuery({
    ...trpc.risk.latest.queryOptions({ datasetId: datasetId ?? '' }),
    enabled: !!datasetId,
    refetchInterval: pollWhileTraining,
  });
  const risk = latest.data?.risk;
  const whatIf = useQuery({
    ...trpc.risk.whatIf.queryOptions({ datasetId: datasetId ?? '', scenario: scenario ?? {} }),
    enabled: !!datasetId && !!risk && scenario !== null,
    placeholderData: keepPreviousData,
  });
  const retrain = useMutation(
    trpc.risk.train.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.risk.latest.queryKey() }),
    }),
  );

  if (datasetsPending) return <p className="muted">Loading…</p>;
  if (financials.length === 0) {
    return (
      <div className="card empty">
        <h2>No financials yet</h2>
        <p>
          Upload a monthly export with revenue, costs and your cash balance on the{' '}
          <Link href="/data">Data page</Link>; Foresight forecasts both, simulates 2,000 cash paths
          and tells you how likely you are to run out, and when.
        </p>
      </div>
    );
  }

  const job = latest.data?.latestJob;
  const m = risk?.metrics;
  const s = scenario && whatIf.data ? whatIf.data : null;
  const historyCash = m
    ? m.history.dates.map((date, i) => ({ date, cash: m.history.cash[i]! }))
    : [];
  const fan = m
    ? m.fan.map((f, i) => ({ ...f, date: f.date ?? m.forecast.dates[i] ?? `M${f.month}` }))
    : [];
  const scenarioFan = s
    ? s.fan.map((f, i) => ({ ...f, date: fan[i]?.date ?? `M${f.month}` }))
    : null;

  return (
    <div className="stack-lg">
      <div className="row between">
        <DatasetPicker datasets={financials} value={datasetId} path="/risk" />
        <button
          type="button"
          onClick={() => datasetId && retrain.mutate({ datasetId })}
          disabled={
            !datasetId || retrain.isPending || job?.status === 'queued' || job?.status === 'running'
          }
        >
          Re-run assessment
        </button>
      </div>
      {retrain.error && <p className="error">{retrain.error.message}</p>}
      {job && <JobStatus job={job} />}

      {m && (
        <>
          <div className="kpis">
            <div className="kpi" data-testid="kpi-cash">
              <span className="kpi-label">Cash on {m.asOf}</span>
              <span className="kpi-value">{formatMoney(m.currentCash)}</span>
              <span className="muted small">
                burning {formatMoney(m.constantBurn.monthlyBurn)}/month (last 3 months)
              </span>
            </div>
            <div className="kpi" data-testid="kpi-runway">
              <span className="kpi-label">Runway (median)</span>
              <span className="kpi-value">{formatMonths(m.runway.p50)}</span>
              <span className="muted small">
                80% range {formatMonths(m.runway.p10)} – {formatMonths(m.runway.p90)}
                {s && <strong className="whatif"> · what-if {formatMonths(s.runway.p50)}</strong>}
              </span>
            </div>
            <div className="kpi" data-testid="kpi-naive-runway">
              <span className="kpi-label">Constant-burn runway</span>
              <span className="kpi-value">{formatMonths(m.constantBurn.runwayMonths)}</span>
              <span className="muted small">naive: cash ÷ recent burn</span>
            </div>
            <div className="kpi" data-testid="kpi-cashout">
              <span className="kpi-label">P(out of cash)</span>
              <span className="kpi-value">{formatPercent(m.summary['12'] ?? null)}</span>
              <span className="muted small">
                within 12 months · 3 mo {formatPercent(m.summary['3'] ?? null)} · 6 mo{' '}
                {formatPercent(m.summary['6'] ?? null)} · 18 mo{' '}
                {formatPercent(m.summary['18'] ?? null)}
                {s && (
                  <strong className="whatif">
                    {' '}
                    · what-if 12 mo {formatPercent(s.summary['12'] ?? null)}
                  </strong>
                )}
              </span>
            </div>
          </div>

          <WhatIfPanel inputs={inputs} onChange={setInputs} dates={m.forecast.dates} />
          {whatIf.error && <p className="error">{whatIf.error.message}</p>}

          <CashFanChart history={historyCash} fan={fan} scenario={scenarioFan} />
          <div className="charts">
            <CashOutChart
              base={m.probabilityCashOut}
              scenario={s?.probabilityCashOut ?? null}
              dates={m.forecast.dates}
            />
            <FlowsChart history={m.history} forecast={m.forecast} />
          </div>

          <section className="card stack" aria-label="Forecast quality">
            <h2>How good are the revenue and cost forecasts?</h2>
            <p className="muted">
              Backtest error of each model on the last months of your data (held out from training),
              relative to the seasonal-naive baseline: ×0.80 means 20% less error than naive. The
              simulation resamples the chosen model&apos;s backtest errors, revenue and costs from
              the same months together, so their correlation is kept.
            </p>
            <table aria-label="Risk backtest">
              <thead>
                <tr>
                  <th>Series</th>
                  <th>Chosen</th>
                  {Object.keys(m.backtest[0]?.mase ?? {}).map((k) => (
                    <th key={k} className="num">
                      {k.replace('_', ' ')}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {m.backtest.map((b) => {
                  const naive = b.mase['seasonal_naive'];
                  return (
                    <tr key={b.series}>
                      <td>{b.series}</td>
                      <td>{b.chosen}</td>
                      {Object.entries(b.mase).map(([k, v]) => (
                        <td
                          key={k}
                          className="num"
                          title={v === null ? 'too little data' : `MASE ${v.toFixed(3)}`}
                        >
                          {v === null ? '—' : naive ? `×${(v / naive).toFixed(2)}` : v.toFixed(3)}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>

          <section className="card stack" aria-label="Anomalies">
            <h2>Unusual months</h2>
            {m.anomalies.length === 0 ? (
              <p className="muted">
                No month fell outside the expected range of its one-step-ahead forecast.
              </p>
            ) : (
              <table aria-label="Anomalies table">
                <thead>
                  <tr>
                    <th>Month</th>
                    <th>Series</th>
                    <th className="num">Actual</th>
                    <th className="num">Expected</th>
                    <th className="num">Expected range</th>
                    <th className="num">Outside by</th>
                  </tr>
                </thead>
                <tbody>
                  {m.anomalies.map((a) => (
                    <tr key={`${a.series}-${a.date}`}>
                      <td>{a.date.slice(0, 7)}</td>
                      <td>{a.series}</td>
                      <td className="num">{formatMoney(a.value)}</td>
                      <td className="num">{formatMoney(a.expected)}</td>
                      <td className="num">
                        {formatMoney(a.lower)} – {formatMoney(a.upper)}
                      </td>
                      <td className="num">
                        {a.direction === 'above' ? '+' : '−'}
                        {formatMoney(a.excess)} ({Math.abs(a.score).toFixed(1)}σ)
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <p className="muted small">
            {m.paths.toLocaleString()} simulated paths over {m.horizon} months · model v
            {risk.version} · backend {risk.backend} · computed{' '}
            {new Date(risk.createdAt).toLocaleString()}
          </p>
        </>
      )}
    </div>
  );
}
