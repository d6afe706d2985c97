'use client';

import { FEATURE_HORIZONS_DAYS } from '@foresight/events/feature-horizons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';
import './analytics.css';
import { ChartCard, type ChartState } from './chart-card';
import { EventsDatasetPage } from './events-dataset-page';
import { ForestPlot, forestDomain } from './forest-plot';
import { FunnelBuilder } from './funnel-builder';
import { formatCount, pct, pollWhileComputing, pts, slug } from './helpers';
import type { Feature, Features } from './types';

export function FeaturesView() {
  return (
    <EventsDatasetPage
      path="/features"
      toSee="which features go with users who stay, and where they drop out of a funnel"
    >
      {(d) => (
        <>
          <FeatureTable key={`f-${d.id}`} datasetId={d.id} datasetName={d.name} />
          <FunnelBuilder key={`u-${d.id}`} datasetId={d.id} datasetName={d.name} />
        </>
      )}
    </EventsDatasetPage>
  );
}

function FeatureTable({ datasetId, datasetName }: { datasetId: string; datasetName: string }) {
  const trpc = useTRPC();
  const [horizonDays, setHorizonDays] = useState(30);
  const q = useQuery({
    ...trpc.analytics.features.queryOptions({ datasetId, horizonDays }),
    placeholderData: keepPreviousData,
    refetchInterval: pollWhileComputing,
  });
  const data: Features | undefined = q.data;
  // A feature every eligible user adopted has nobody to compare with: list it last, unplotted.
  const comparable = (f: Feature) => !!data && f.adopters < data.eligibleUsers;
  const features = [...(data?.features ?? [])].sort(
    (a, b) => Number(comparable(b)) - Number(comparable(a)),
  );
  const state: ChartState = q.isError
    ? 'error'
    : !data
      ? 'loading'
      : data.status === 'computing'
        ? 'computing'
        : features.length
          ? 'ready'
          : 'empty';
  const domain = forestDomain(features.filter(comparable));
  const churnHref = `/churn?dataset=${encodeURIComponent(datasetId)}`;

  return (
    <ChartCard
      wide
      label="Features"
      testId="features"
      title="Features ranked by retention difference"
      description={
        data
          ? `${formatCount(data.eligibleUsers)} users with enough history. ${data.definition}`
          : undefined
      }
      state={state}
      error={q.error?.message}
      empty={
        <p>
          Not enough users or event names to compare yet.{' '}
          <Link href="/data">Upload an events CSV</Link> (user id, timestamp, event name) with
          several weeks of activity to see which features go with retention.
        </p>
      }
      actions={
        <label className="inline small">
          Retention horizon
          <select value={horizonDays} onChange={(e) => setHorizonDays(Number(e.target.value))}>
            {FEATURE_HORIZONS_DAYS.map((h) => (
              <option key={h} value={h}>
                {h} days
              </option>
            ))}
          </select>
        </label>
      }
      csv={{
        fileName: `features-${horizonDays}d-${slug(datasetName)}.csv`,
        header: [
          'event',
          'adopters',
          'adoption',
          'adopter_retention',
          'non_adopter_retention',
          'difference',
          'ci95_low',
          'ci95_high',
          'lift',
          'significant',
        ],
        rows: features.map((f) => [
          f.event,
          f.adopters,
          f.adoption,
          f.adopterRetention,
          f.nonAdopterRetention,
          f.difference,
          f.ci95[0] ?? '',
          f.ci95[1] ?? '',
          f.lift ?? '',
          f.significant ? 'yes' : 'no',
        ]),
      }}
    >
      <p className="caveat">
        <strong>This shows association, not causation:</strong> users who adopt a feature may
        already be more engaged, so part of the retention gap can be who they are rather than what
        the feature does. Treat a large, significant difference as a lead to test (for example,
        prompt non-adopters to try the feature and compare with a hold-out group), not as proof.
      </p>
      <div className="table-scroll">
        <table aria-label="Features table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Feature</th>
              <th className="num">Adoption</th>
              <th
                className="num"
                title={`Share still active after ${data?.horizonDays ?? horizonDays} days`}
              >
                Retained: adopters
              </th>
              <th className="num">Retained: others</th>
              <th>Difference (95% CI)</th>
              <th className="num" title="Adopters' retention ÷ non-adopters' retention">
                Lift
              </th>
              <th>Significant</th>
              <th>Next step</th>
            </tr>
          </thead>
          <tbody>
            {features.map((f, i) => (
              <tr key={f.event} data-significant={f.significant}>
                <td className="num">{i + 1}</td>
                <td>
                  <strong>{f.event}</strong>
                </td>
                <td className="num">
                  {pct(f.adoption, 1)}
                  <div className="muted small">{formatCount(f.adopters)} users</div>
                </td>
                <td className="num">{pct(f.adopterRetention, 1)}</td>
                {comparable(f) ? (
                  <>
                    <td className="num">{pct(f.nonAdopterRetention, 1)}</td>
                    <td>
                      <ForestPlot
                        difference={f.difference}
                        ci95={f.ci95}
                        significant={f.significant}
                        domain={domain}
                      />
                      <div className="small nowrap">
                        {pts(f.difference)}{' '}
                        <span className="muted">
                          ({pts(f.ci95[0] ?? f.difference)} to {pts(f.ci95[1] ?? f.difference)})
                        </span>
                      </div>
                    </td>
                    <td className="num">{f.lift === null ? '—' : `×${f.lift.toFixed(2)}`}</td>
                    <td>
                      {f.significant ? (
                        <span className="sig" title="The 95% interval excludes zero">
                          ✓ significant
                        </span>
                      ) : (
                        <span className="muted small" title="The 95% interval includes zero">
                          not significant
                        </span>
                      )}
                    </td>
                  </>
                ) : (
                  <>
                    <td className="num">—</td>
                    <td colSpan={3} className="muted small">
                      No comparison: every eligible user did this event, so there are no
                      non-adopters to compare with.
                    </td>
                  </>
                )}
                <td>
                  <div className="stack-sm small">
                    <Link href={churnHref}>Churn drivers</Link>
                    <Link href={`${churnHref}&neverUsed=${encodeURIComponent(f.event)}`}>
                      At-risk users who never used it
                    </Link>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartCard>
  );
}
