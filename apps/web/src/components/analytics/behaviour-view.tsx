'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { AlertBell } from '~/components/alerts/alert-bell';
import { behaviourAlerts } from '~/components/alerts/presets';
import { useTRPC } from '~/trpc/react';
import './analytics.css';
import {
  ActiveUsersChart,
  EventsPerUserChart,
  EventVolumeChart,
  StickinessChart,
} from './behaviour-charts';
import { ChartCard, UploadHint, type ChartState } from './chart-card';
import { EventsDatasetPage } from './events-dataset-page';
import {
  formatCount,
  formatMoneyShort,
  GRAIN_LABEL,
  pollWhileComputing,
  slug,
  type Grain,
} from './helpers';
import { RetentionLegend, RetentionTable } from './retention-table';
import type { Overview, Retention } from './types';

export function BehaviourView() {
  return (
    <EventsDatasetPage
      path="/behaviour"
      toSee="active users, stickiness, retention cohorts and how often each feature is used"
    >
      {/* Keyed so the filters start from the new dataset's full range. */}
      {(d) => <BehaviourDashboard key={d.id} datasetId={d.id} datasetName={d.name} />}
    </EventsDatasetPage>
  );
}

function stateOf(
  q: { isPending: boolean; isError: boolean; data?: { status: string } | undefined },
  hasData: boolean,
): ChartState {
  if (q.isError) return 'error';
  if (q.isPending || !q.data) return 'loading';
  if (q.data.status === 'computing') return 'computing';
  return hasData ? 'ready' : 'empty';
}

function BehaviourDashboard({
  datasetId,
  datasetName,
}: {
  datasetId: string;
  datasetName: string;
}) {
  const trpc = useTRPC();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [event, setEvent] = useState('');
  const [grain, setGrain] = useState<Grain>('week');
  const [cohortGrain, setCohortGrain] = useState<'week' | 'month'>('week');

  const badRange = !!from && !!to && from > to;
  const overview = useQuery({
    ...trpc.analytics.overview.queryOptions({
      datasetId,
      grain,
      ...(from && !badRange ? { from } : {}),
      ...(to && !badRange ? { to } : {}),
      ...(event ? { event } : {}),
    }),
    placeholderData: keepPreviousData,
    refetchInterval: pollWhileComputing,
  });
  const retention = useQuery({
    ...trpc.analytics.retention.queryOptions({ datasetId, grain: cohortGrain }),
    placeholderData: keepPreviousData,
    refetchInterval: pollWhileComputing,
  });

  // While a new grain loads the previous numbers stay on screen: label them with their own grain.
  const [shownGrain, setShownGrain] = useState<Grain>(grain);
  if (overview.data && !overview.isPlaceholderData && shownGrain !== grain) setShownGrain(grain);
  const [shownCohortGrain, setShownCohortGrain] = useState(cohortGrain);
  if (retention.data && !retention.isPlaceholderData && shownCohortGrain !== cohortGrain)
    setShownCohortGrain(cohortGrain);

  const o: Overview | undefined = overview.data;
  const r: Retention | undefined = retention.data;
  const range = o?.range ?? null;
  const g = GRAIN_LABEL[shownGrain];
  const base = slug(datasetName);
  const noData = o?.status === 'ready' && !range;
  const errorMessage = overview.error?.message ?? null;
  const emptyFor = (toSee: string) =>
    noData ? <UploadHint toSee={toSee} /> : <p>No events match these filters.</p>;
  const rangeSuffix = `${from || range?.from || ''}_${to || range?.to || ''}`;

  const series = o?.series ?? [];
  const hasStickiness = series.some((s) => s.stickiness !== null);
  // Alerts watch daily numbers: pre-fill a threshold with the latest day when days are shown.
  const latestDay = shownGrain === 'day' ? series.at(-1) : undefined;

  return (
    <div className="stack-lg">
      <form
        className="card analytics-filters"
        aria-label="Filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          From
          <input
            type="date"
            value={from || range?.from || ''}
            min={range?.from}
            max={range?.to}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={to || range?.to || ''}
            min={range?.from}
            max={range?.to}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
        <label>
          Event
          <select value={event} onChange={(e) => setEvent(e.target.value)}>
            <option value="">All events</option>
            {(o?.eventNames ?? []).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Grain">
          {(['day', 'week', 'month'] as const).map((gr) => (
            <button
              key={gr}
              type="button"
              className={grain === gr ? 'active' : undefined}
              aria-pressed={grain === gr}
              onClick={() => setGrain(gr)}
            >
              {GRAIN_LABEL[gr].adjective}
            </button>
          ))}
        </div>
        {(from || to || event) && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setFrom('');
              setTo('');
              setEvent('');
            }}
          >
            Reset filters
          </button>
        )}
        {badRange && (
          <p className="error small">“From” is after “To”: showing the last valid range.</p>
        )}
      </form>

      {overview.isError && <p className="error">{errorMessage}</p>}

      {o && o.status === 'ready' && range && (
        <div className="analytics-kpis" aria-label="Totals">
          <div className="kpi kpi-with-action">
            <span className="kpi-action">
              <AlertBell
                datasetId={datasetId}
                subject="daily active users"
                choices={behaviourAlerts('active_users', latestDay?.activeUsers ?? null)}
              />
            </span>
            <span className="kpi-label">Users</span>
            <span className="kpi-value" data-testid="total-users">
              {formatCount(o.totals.users)}
            </span>
            <span className="muted small">
              {event ? `did “${event}” in the range` : 'active in the range'}
            </span>
          </div>
          <div className="kpi kpi-with-action">
            <span className="kpi-action">
              <AlertBell
                datasetId={datasetId}
                subject="daily event volume"
                choices={behaviourAlerts('event_volume', latestDay?.events ?? null)}
              />
            </span>
            <span className="kpi-label">Events</span>
            <span className="kpi-value" data-testid="total-events">
              {formatCount(o.totals.events)}
            </span>
            <span className="muted small">{event ? `“${event}” only` : 'all event names'}</span>
          </div>
          <div className="kpi">
            <span className="kpi-label">Revenue</span>
            <span className="kpi-value">{formatMoneyShort(o.totals.revenue)}</span>
            <span className="muted small">
              {event ? `value column, “${event}” only` : 'sum of the value column'}
            </span>
          </div>
        </div>
      )}

      <div className="analytics-grid">
        <ChartCard
          wide
          label="Active users"
          testId="active-users-chart"
          title={`Active users (${g.active})`}
          description={`Distinct users with at least one ${event ? `“${event}” ` : ''}event per ${g.noun}, split into new (first ever event in that ${g.noun}) and returning.`}
          state={stateOf(overview, series.length > 0)}
          error={errorMessage}
          empty={emptyFor('active users and retention')}
          csv={{
            fileName: `active-users-${shownGrain}-${base}-${rangeSuffix}.csv`,
            header: ['period', 'active_users', 'new_users', 'returning_users', 'events', 'revenue'],
            rows: series.map((s) => [
              s.period,
              s.activeUsers,
              s.newUsers,
              s.returningUsers,
              s.events,
              s.revenue,
            ]),
          }}
        >
          <ActiveUsersChart series={series} grain={shownGrain} />
        </ChartCard>

        <ChartCard
          label="Stickiness"
          testId="stickiness-chart"
          title="Stickiness (DAU ÷ MAU)"
          description={
            shownGrain === 'day'
              ? 'Daily active users as a share of the users active in the 30 days up to that day: how many days a month the typical user comes back.'
              : `Average daily active users in the ${g.noun} as a share of the monthly active users.`
          }
          state={
            stateOf(overview, series.length > 0) === 'ready' && !hasStickiness
              ? 'empty'
              : stateOf(overview, series.length > 0)
          }
          error={errorMessage}
          empty={
            event && !noData ? (
              <p>
                Stickiness counts activity of any kind, so it is not shown for a single event.{' '}
                <button type="button" className="link" onClick={() => setEvent('')}>
                  Show all events
                </button>
              </p>
            ) : (
              emptyFor('stickiness (DAU ÷ MAU)')
            )
          }
          csv={{
            fileName: `stickiness-${shownGrain}-${base}-${rangeSuffix}.csv`,
            header: ['period', 'stickiness_dau_over_mau'],
            rows: series.map((s) => [s.period, s.stickiness ?? '']),
          }}
        >
          <StickinessChart series={series} grain={shownGrain} />
        </ChartCard>

        <ChartCard
          label="Events per user"
          testId="events-per-user-chart"
          title="Events per user"
          description="How many users did 1, 2–3, 4–7 … events in the range: a long tail of light users is normal."
          state={stateOf(
            overview,
            (o?.activityDistribution ?? []).some((b) => b.users > 0),
          )}
          error={errorMessage}
          empty={emptyFor('how active each user is')}
          csv={{
            fileName: `events-per-user-${base}-${rangeSuffix}.csv`,
            header: ['events_per_user', 'users'],
            rows: (o?.activityDistribution ?? []).map((b) => [b.bucket, b.users]),
          }}
        >
          <EventsPerUserChart
            rows={o?.activityDistribution ?? []}
            totalUsers={o?.totals.users ?? 0}
          />
        </ChartCard>

        <ChartCard
          wide
          label="Retention cohorts"
          testId="retention-chart"
          title="Retention cohorts"
          description={`Users grouped by the ${shownCohortGrain} of their first event; each cell is the share of the cohort active ${shownCohortGrain === 'week' ? 'that many weeks' : 'that many months'} later (all events, whole dataset).`}
          state={stateOf(retention, (r?.cohorts ?? []).length > 0)}
          error={retention.error?.message}
          empty={
            r?.status === 'ready' && noData ? (
              <UploadHint toSee="active users and retention" />
            ) : (
              <p>Not enough history for cohorts yet.</p>
            )
          }
          actions={
            <div className="segmented" role="group" aria-label="Cohort grain">
              {(['week', 'month'] as const).map((gr) => (
                <button
                  key={gr}
                  type="button"
                  className={cohortGrain === gr ? 'active' : undefined}
                  aria-pressed={cohortGrain === gr}
                  onClick={() => setCohortGrain(gr)}
                >
                  {GRAIN_LABEL[gr].adjective}
                </button>
              ))}
            </div>
          }
          csv={{
            fileName: `retention-${shownCohortGrain}ly-${base}.csv`,
            header: [
              'cohort',
              'users',
              ...Array.from(
                { length: Math.max(0, ...(r?.cohorts ?? []).map((c) => c.retained.length)) },
                (_, i) => `${shownCohortGrain}_${i}`,
              ),
            ],
            rows: (r?.cohorts ?? []).map((c) => [c.cohort, c.size, ...c.retained]),
          }}
        >
          <RetentionLegend />
          <RetentionTable cohorts={r?.cohorts ?? []} grain={shownCohortGrain} />
        </ChartCard>

        <ChartCard
          wide
          label="Event volume"
          testId="event-volume-chart"
          title="Event volume by event name"
          description="Events and distinct users per event name in the range."
          state={stateOf(overview, (o?.eventVolume ?? []).length > 0)}
          error={errorMessage}
          empty={emptyFor('which events happen most')}
          csv={{
            fileName: `event-volume-${base}-${rangeSuffix}.csv`,
            header: ['event', 'events', 'users'],
            rows: (o?.eventVolume ?? []).map((v) => [v.event, v.events, v.users]),
          }}
        >
          <EventVolumeChart rows={o?.eventVolume ?? []} />
        </ChartCard>
      </div>
      <p className="muted small">
        Which features keep users around? See{' '}
        <Link href={`/features?dataset=${datasetId}`}>Feature optimisation</Link>.
      </p>
    </div>
  );
}
