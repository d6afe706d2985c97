'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useTRPC } from '~/trpc/react';
import { JobPanel } from './job-panel';
import { LeaderboardTable } from './leaderboard';
import { ModelHistory } from './model-history';
import {
  isActive,
  TASK_LABELS,
  TASK_PAGES,
  type JobSummary,
  type ModelEntry,
  type Task,
} from './format';

const TASK_BLURBS: Record<Task, string> = {
  forecast: 'Forecasts every series and compares a neural network with simpler models.',
  risk: 'Simulates cash paths from your revenue and expenses to estimate runway.',
  churn: 'Scores each customer’s chance of leaving.',
  recommend: 'Suggests the items each user is most likely to want next.',
};

/** One task of the dataset: its current (or selected) training run, leaderboard and versions. */
export function TaskSection({
  task,
  datasetId,
  jobId,
  fallbackJob,
  models,
  onFocusJob,
}: {
  task: Task;
  datasetId: string;
  /** The run shown: the one picked in Recent jobs, else the newest of this task. */
  jobId: string | null;
  fallbackJob: JobSummary | null;
  models: ModelEntry[];
  onFocusJob: (id: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  // Follow the run every second while it is queued or running.
  const job = useQuery({
    ...trpc.jobs.byId.queryOptions({ id: jobId ?? '' }),
    enabled: !!jobId,
    // The listed job (no curve yet) shows at once while its full record loads.
    placeholderData:
      fallbackJob && fallbackJob.id === jobId ? { ...fallbackJob, curve: [] } : undefined,
    refetchInterval: (q) => (isActive(q.state.data?.status) ? 1000 : false),
    refetchIntervalInBackground: false,
  });
  const current = job.data ?? null;

  // When a run finishes, its new model version and the jobs list change.
  const lastStatus = useRef<string | undefined>(undefined);
  useEffect(() => {
    const status = current?.status;
    if (lastStatus.current && isActive(lastStatus.current) && status && !isActive(status)) {
      void queryClient.invalidateQueries({ queryKey: trpc.models.history.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.jobs.all.queryKey() });
    }
    lastStatus.current = status;
  }, [current?.status, queryClient, trpc]);

  const retrain = useMutation(
    trpc.jobs.retrain.mutationOptions({
      onSuccess: (started) => {
        queryClient.setQueryData(trpc.jobs.byId.queryKey({ id: started.id }), started);
        onFocusJob(started.id);
        void queryClient.invalidateQueries({ queryKey: trpc.jobs.all.queryKey() });
      },
    }),
  );
  const cancel = useMutation(
    trpc.jobs.cancel.mutationOptions({
      onSuccess: (cancelled) => {
        queryClient.setQueryData(trpc.jobs.byId.queryKey({ id: cancelled.id }), cancelled);
        void queryClient.invalidateQueries({ queryKey: trpc.jobs.all.queryKey() });
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.jobs.byId.queryKey() }),
    }),
  );
  const pin = useMutation(
    trpc.models.pin.mutationOptions({
      onSuccess: (list) => {
        queryClient.setQueryData(trpc.models.history.queryKey({ datasetId }), (old) =>
          old ? [...old.filter((m) => m.task !== task), ...list] : list,
        );
        void queryClient.invalidateQueries({ queryKey: trpc.models.history.queryKey() });
      },
    }),
  );

  const shown = models.find((m) => m.pinned) ?? models[0] ?? null;
  const label = TASK_LABELS[task];
  const page = TASK_PAGES[task];
  const startRetrain = () => retrain.mutate({ datasetId, task });

  return (
    <section
      className="card stack task-section"
      id={`task-${task}`}
      aria-labelledby={`task-${task}-title`}
      data-testid={`task-${task}`}
    >
      <div className="row between">
        <div>
          <h2 id={`task-${task}-title`}>{label}</h2>
          <p className="muted small">
            {TASK_BLURBS[task]} Results:{' '}
            <Link href={`${page.href}?dataset=${datasetId}`}>{page.label}</Link>
          </p>
        </div>
      </div>

      {current ? (
        <>
          {fallbackJob && current.id !== fallbackJob.id && (
            <p className="muted small">
              Showing an earlier run.{' '}
              <button type="button" className="link" onClick={() => onFocusJob(fallbackJob.id)}>
                Show the latest run
              </button>
            </p>
          )}
          <JobPanel
            job={current}
            onCancel={() => cancel.mutate({ id: current.id })}
            onRetrain={startRetrain}
            cancelling={cancel.isPending}
            retraining={retrain.isPending}
            actionError={retrain.error?.message ?? cancel.error?.message ?? null}
          />
        </>
      ) : job.isLoading ? (
        <p className="muted">Loading the latest run…</p>
      ) : (
        <div className="empty models-stack">
          <p>
            No training run yet for this dataset. Runs start when you upload data; you can also
            start one now.
          </p>
          <div>
            <button
              type="button"
              className="primary"
              onClick={startRetrain}
              disabled={retrain.isPending}
            >
              Train {label.toLowerCase()} model
            </button>
          </div>
          {retrain.error && (
            <p className="error" role="alert">
              {retrain.error.message}
            </p>
          )}
        </div>
      )}

      {shown && <LeaderboardTable task={task} model={shown} />}
      <ModelHistory
        task={task}
        datasetId={datasetId}
        models={models}
        shown={shown}
        onPin={(version) => pin.mutate({ datasetId, task, version })}
        pinning={pin.isPending}
        error={pin.error?.message ?? null}
      />
    </section>
  );
}
