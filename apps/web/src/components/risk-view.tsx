'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import Link from 'next/link';
import { AlertBell } from '~/components/alerts/alert-bell';
import { runwayAlerts } from '~/components/alerts/presets';
import { CashFanChart } from '~/components/cash-fan-chart';
import { CashOutChart } from '~/components/cash-out-chart';
import { FlowsChart } from '~/components/flows-chart';
import { JobStatus } from '~/components/job-status';
import { ForecastQualityCard } from '~/components/risk/forecast-quality-card';
import { RunwayKpi } from '~/components/risk/runway-kpi';
import { UnusualMonths } from '~/components/risk/unusual-months';
import { useWhatIf, type WhatIfState } from '~/components/risk/use-what-if';
import { WhatIfResultLine } from '~/components/risk/what-if-result';
import { WhatIfPanel } from '~/components/what-if-panel';
import { formatMoney, formatMonths, formatPercent } from '~/lib/format';
import { useTRPC } from '~/trpc/react';
import { pollWhileTraining } from '~/lib/poll-while-training';
import { DatasetPicker, useDatasetChoice } from '~/components/dataset-picker';

/** Planning horizons a founder can pick (months); the assessment answers any of them. */
const PLAN_MONTHS = [12, 18, 24, 36, 48] as const;
const DEFAULT_PLAN_MONTHS = 18;

/** The scenario numbers to draw: the applied ones, or the previous ones (greyed) while updating. */
const scenarioOf = (w: WhatIfState) =>
  w.state === 'applied' ? w.result : w.state === 'pending' ? w.previous : null;

export function RiskView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

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
  const [planMonths, setPlanMonths] = useState<number | null>(null);
  const { inputs, setInputs, errors, whatIf } = useWhatIf(datasetId ?? null, !!risk);
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
  const s = scenarioOf(whatIf);
  const stale = whatIf.state === 'pending';
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
        <div className="row center">
          <label className="inline">
            Plan over
            <select
              value={planMonths ?? m?.horizon ?? DEFAULT_PLAN_MONTHS}
              onChange={(e) => setPlanMonths(Number(e.target.value))}
              data-testid="plan-months"
            >
              {PLAN_MONTHS.map((months) => (
                <option key={months} value={months}>
                  {months} months
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() =>
              datasetId &&
              retrain.mutate({
                datasetId,
                horizon: planMonths ?? m?.horizon ?? DEFAULT_PLAN_MONTHS,
              })
            }
            disabled={
              !datasetId ||
              retrain.isPending ||
              job?.status === 'queued' ||
              job?.status === 'running'
            }
          >
            Re-run assessment
          </button>
        </div>
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
            <RunwayKpi
              runway={m.runway}
              scenario={s?.runway ?? null}
              stale={stale}
              action={
                datasetId && (
                  <AlertBell
                    datasetId={datasetId}
                    subject="your runway"
                    choices={runwayAlerts(m.runway.p50)}
                  />
                )
              }
            />
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
                  <strong className={stale ? 'whatif stale' : 'whatif'} aria-busy={stale}>
                    {' '}
                    · what-if 12 mo {formatPercent(s.summary['12'] ?? null)}
                  </strong>
                )}
              </span>
            </div>
          </div>

          <WhatIfPanel
            inputs={inputs}
            errors={errors}
            onChange={setInputs}
            dates={m.forecast.dates}
          >
            <WhatIfResultLine whatIf={whatIf} />
          </WhatIfPanel>

          <CashFanChart history={historyCash} fan={fan} scenario={scenarioFan} />
          <div className="charts">
            <CashOutChart
              base={m.probabilityCashOut}
              scenario={s?.probabilityCashOut ?? null}
              dates={m.forecast.dates}
            />
            <FlowsChart history={m.history} forecast={m.forecast} />
          </div>

          <ForecastQualityCard metrics={m} />

          <UnusualMonths anomalies={m.anomalies} />
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
