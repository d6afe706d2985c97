'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { AlertBell } from '~/components/alerts/alert-bell';
import { seriesAlerts } from '~/components/alerts/presets';
import { ForecastCalibration } from '~/components/forecast-calibration';
import { ForecastChart, type ChartSeries } from '~/components/forecast-chart';
import { JobStatus } from '~/components/job-status';
import { useTRPC } from '~/trpc/react';
import { modelName } from '~/lib/model-names';
import { pollWhileTraining } from '~/lib/poll-while-training';
import { DatasetPicker, useDatasetChoice } from '~/components/dataset-picker';

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '—' : v.toFixed(digits);

export function TrendsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fullHistory, setFullHistory] = useState(false);
  const { isPending: datasetsPending, datasets: market, datasetId } = useDatasetChoice(['market']);

  const latest = useQuery({
    ...trpc.forecasts.latest.queryOptions({ datasetId: datasetId ?? '' }),
    enabled: !!datasetId,
    refetchInterval: pollWhileTraining,
  });
  // The trend/seasonal parts are a separate, larger read; refetched when another model becomes the
  // latest (a retrain finishing, a pin), and only drawn while they belong to the forecast shown.
  const forecastModelId = latest.data?.forecast?.modelId;
  const decomposition = useQuery({
    ...trpc.forecasts.decomposition.queryOptions({ datasetId: datasetId ?? '' }),
    enabled: !!datasetId && !!forecastModelId,
  });
  const decompositionStale =
    !!decomposition.data && !!forecastModelId && decomposition.data.modelId !== forecastModelId;
  const refetchDecomposition = decomposition.refetch;
  useEffect(() => {
    if (decompositionStale) void refetchDecomposition();
  }, [decompositionStale, forecastModelId, refetchDecomposition]);
  const parts = decompositionStale ? undefined : decomposition.data?.series;
  const history = useQuery({
    ...trpc.datasets.series.queryOptions({ id: datasetId ?? '' }),
    enabled: !!datasetId,
  });
  const retrain = useMutation(
    trpc.forecasts.train.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.forecasts.latest.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.forecasts.decomposition.queryKey() }),
        ]),
    }),
  );

  const metrics = latest.data?.forecast?.metrics;
  const charts: ChartSeries[] = useMemo(() => {
    const forecastBySeries = new Map(
      (latest.data?.forecast?.series ?? []).map((s) => [s.series, s.points]),
    );
    return (history.data ?? []).map((s) => {
      const forecastPoints = forecastBySeries.get(s.series) ?? [];
      // By default show recent history: enough to judge the forecast, not so much that it is a sliver.
      const recent = Math.max(8 * forecastPoints.length, 60);
      const start = fullHistory ? 0 : Math.max(0, s.dates.length - recent);
      const d = parts?.find((x) => x.series === s.series);
      return {
        series: s.series,
        history: s.dates.slice(start).map((date, i) => ({ date, value: s.values[start + i]! })),
        forecast: forecastPoints,
        ...(d
          ? {
              trend: new Map(d.dates.map((date, i) => [date, d.trend[i]!])),
              seasonal: new Map(d.dates.map((date, i) => [date, d.seasonal[i]!])),
            }
          : {}),
        anomalies: (metrics?.anomalies ?? []).filter((a) => a.series === s.series),
      };
    });
  }, [history.data, latest.data, parts, metrics, fullHistory]);

  if (datasetsPending) return <p className="muted">Loading…</p>;
  if (market.length === 0) {
    return (
      <div className="card empty">
        <h2>No market data yet</h2>
        <p>
          Upload a CSV with a date and a value column on the <Link href="/data">Data page</Link>;
          Foresight trains a neural forecast and compares it with a seasonal-naive baseline.
        </p>
      </div>
    );
  }

  const forecast = latest.data?.forecast;
  const job = latest.data?.latestJob;
  const chosen = metrics?.candidates.find((c) => c.name === forecast?.chosen);
  const naive = metrics?.candidates.find((c) => c.name === 'seasonal_naive');
  const seasonality = metrics?.seasonality ?? null;

  return (
    <div className="stack-lg">
      <div className="row between">
        <DatasetPicker datasets={market} value={datasetId} path="/trends" />
        <button
          type="button"
          onClick={() => datasetId && retrain.mutate({ datasetId })}
          disabled={
            !datasetId || retrain.isPending || job?.status === 'queued' || job?.status === 'running'
          }
        >
          Retrain forecast
        </button>
      </div>
      {retrain.error && <p className="error">{retrain.error.message}</p>}
      {job && <JobStatus job={job} />}

      {forecast && metrics && (
        <section className="card" aria-label="Model quality">
          <h2>Model vs baseline</h2>
          <p className="muted">
            Each model was trained without the last {metrics.holdoutHorizon} periods of every series
            and scored on them, then the best one was refit on all data. MASE is the forecast&apos;s
            average error divided by that of repeating the previous season in the training data:
            lower is better, and the naive baseline is the bar to beat.
          </p>
          <div className="kpis">
            <div className="kpi" data-testid="kpi-chosen">
              <span className="kpi-label">Chosen model</span>
              <span className="kpi-value">
                {modelName(forecast.chosen, { label: chosen?.label, seasonality })}
              </span>
              <span className="muted small">MASE {fmt(chosen?.mase)}</span>
            </div>
            <div className="kpi" data-testid="kpi-naive">
              <span className="kpi-label">{modelName('seasonal_naive', { seasonality })}</span>
              <span className="kpi-value">{fmt(naive?.mase)}</span>
              <span className="muted small">MASE</span>
            </div>
            <div className="kpi">
              <span className="kpi-label">Improvement</span>
              <span className="kpi-value">
                {chosen?.mase != null && naive?.mase
                  ? `${((1 - chosen.mase / naive.mase) * 100).toFixed(0)}%`
                  : '—'}
              </span>
              <span className="muted small">lower error than naive</span>
            </div>
          </div>
          <table className="leaderboard" aria-label="Leaderboard">
            <thead>
              <tr>
                <th>Candidate</th>
                <th className="num">MASE</th>
                <th
                  className="num"
                  title="Geometric mean over series of MASE ÷ seasonal naive's MASE"
                >
                  vs naive
                </th>
                <th className="num">sMAPE</th>
                <th className="num">80% coverage</th>
                <th className="num">Fit time</th>
              </tr>
            </thead>
            <tbody>
              {metrics.candidates.map((c) => (
                <tr key={c.name} className={c.name === forecast.chosen ? 'chosen' : undefined}>
                  <td>
                    {modelName(c.name, { label: c.label, seasonality })}
                    {c.name === forecast.chosen && (
                      <span className="badge badge-ready">chosen</span>
                    )}
                  </td>
                  <td className="num">{c.available ? fmt(c.mase) : 'too little data'}</td>
                  <td className="num">
                    {c.relativeMase == null ? '—' : `×${c.relativeMase.toFixed(2)}`}
                  </td>
                  <td className="num">{c.smape == null ? '—' : `${c.smape.toFixed(1)}%`}</td>
                  <td className="num">
                    {c.coverage80 == null ? '—' : `${(c.coverage80 * 100).toFixed(0)}%`}
                  </td>
                  <td className="num">{(c.fitMs / 1000).toFixed(1)} s</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ForecastCalibration metrics={metrics} />
          {metrics.notes.length > 0 && (
            <ul className="notes">
              {metrics.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <p className="muted small">
            {metrics.horizon} {metrics.frequency} periods ahead · model v{forecast.version} ·
            backend {forecast.backend} · trained {new Date(forecast.createdAt).toLocaleString()}
          </p>
        </section>
      )}

      {charts.length > 0 && (
        <label className="inline small">
          <input
            type="checkbox"
            checked={fullHistory}
            onChange={(e) => setFullHistory(e.target.checked)}
            style={{ width: 'auto' }}
          />
          Show full history
        </label>
      )}
      <section className="charts">
        {charts.map((c) => (
          <ForecastChart
            key={c.series}
            data={c}
            action={
              datasetId && (
                <AlertBell
                  datasetId={datasetId}
                  subject={c.series}
                  choices={seriesAlerts(c.series, c.history.at(-1)?.value)}
                />
              )
            }
          />
        ))}
      </section>
    </div>
  );
}
