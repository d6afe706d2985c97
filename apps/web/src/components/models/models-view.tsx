'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { DatasetPicker, useDatasetChoice } from '~/components/dataset-picker';
import { useTRPC } from '~/trpc/react';
import { RecentJobs } from './recent-jobs';
import { TaskSection } from './task-section';
import { isActive, TASKS_BY_KIND, type JobSummary, type Task } from './format';

const KINDS = ['market', 'financials', 'events', 'customers'] as const;

export function ModelsView() {
  const { isPending, datasets, datasetId, dataset } = useDatasetChoice(KINDS);

  if (isPending) return <p className="muted">Loading…</p>;
  if (datasets.length === 0 || !datasetId || !dataset) {
    return (
      <div className="card empty models-stack">
        <h2>No datasets yet</h2>
        <p>
          Upload a CSV on the <Link href="/data">Data page</Link>. Foresight then trains models on
          it in the background, and this page shows each training run live, compares the candidate
          models and keeps every version so you can go back to an earlier one.
        </p>
      </div>
    );
  }
  return (
    <div className="stack-lg">
      <div className="row between">
        <DatasetPicker datasets={datasets} value={datasetId} path="/models" />
        <RetrainSchedule datasetId={datasetId} schedule={dataset.retrainSchedule} />
      </div>
      {/* Keyed: picking another dataset starts from its newest runs. */}
      <DatasetModels key={datasetId} datasetId={datasetId} kind={dataset.kind} />
    </div>
  );
}

function DatasetModels({ datasetId, kind }: { datasetId: string; kind: string }) {
  const trpc = useTRPC();
  const [focus, setFocus] = useState<Partial<Record<Task, string>>>({});
  const tasks = TASKS_BY_KIND[kind] ?? [];

  const jobs = useQuery({
    ...trpc.jobs.all.queryOptions({ datasetId, limit: 30 }),
    // Notice runs started elsewhere (an upload, the schedule) without a reload.
    refetchInterval: (q) =>
      (q.state.data?.items ?? []).some((j) => isActive(j.status)) ? 2000 : 10_000,
  });
  const history = useQuery(trpc.models.history.queryOptions({ datasetId }));

  const latestOf = (task: Task): JobSummary | null =>
    jobs.data?.items.find((j) => j.task === task) ?? null;

  function focusJob(job: { id: string; task: Task }) {
    setFocus((f) => ({ ...f, [job.task]: job.id }));
    document.getElementById(`task-${job.task}`)?.scrollIntoView({ behavior: 'smooth' });
  }

  if (tasks.length === 0) {
    return <p className="muted">No models are trained on {kind} data.</p>;
  }
  return (
    <>
      {jobs.error && (
        <p className="error" role="alert">
          Could not load training runs: {jobs.error.message}
        </p>
      )}
      {tasks.map((task) => {
        const latest = latestOf(task);
        return (
          <TaskSection
            key={task}
            task={task}
            datasetId={datasetId}
            jobId={focus[task] ?? latest?.id ?? null}
            fallbackJob={latest}
            models={(history.data ?? []).filter((m) => m.task === task)}
            onFocusJob={(id) => setFocus((f) => ({ ...f, [task]: id }))}
          />
        );
      })}
      <RecentJobs
        jobs={jobs.data?.items ?? []}
        isPending={jobs.isPending}
        selected={
          new Set(tasks.map((t) => focus[t] ?? latestOf(t)?.id).filter((x): x is string => !!x))
        }
        onSelect={focusJob}
      />
    </>
  );
}

const SCHEDULE_OPTIONS = [
  { value: '', label: 'Only when new data arrives' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
] as const;

function RetrainSchedule({ datasetId, schedule }: { datasetId: string; schedule: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.datasets.setRetrainSchedule.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.all.queryKey() });
        setSaved(true);
      },
    }),
  );
  return (
    <div className="models-schedule">
      <label className="inline">
        Retrain{' '}
        <select
          aria-label="Retraining schedule"
          value={schedule ?? ''}
          disabled={save.isPending}
          onChange={(e) => {
            setSaved(false);
            const value = e.target.value;
            save.mutate({
              id: datasetId,
              schedule: value === 'daily' || value === 'weekly' ? value : null,
            });
          }}
        >
          {SCHEDULE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <span className="muted small" role="status">
        {save.isPending ? 'Saving…' : saved ? 'Saved' : ''}
      </span>
      {save.error && (
        <span className="error small" role="alert">
          {save.error.message}
        </span>
      )}
    </div>
  );
}
