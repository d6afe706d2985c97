import type { RouterOutputs } from '@foresight/api';

export type Job = RouterOutputs['jobs']['byId'];
/** A job as lists carry it: without the per-epoch curve. */
export type JobSummary = RouterOutputs['jobs']['all']['items'][number];
export type ModelEntry = RouterOutputs['models']['history'][number];
export type Task = Job['task'];
export type JobStatusName = Job['status'];

export const TASK_LABELS: Record<Task, string> = {
  forecast: 'Forecast',
  risk: 'Cash risk',
  churn: 'Churn',
  recommend: 'Recommendations',
};

/** Where each task's results are shown. */
export const TASK_PAGES: Record<Task, { href: string; label: string }> = {
  forecast: { href: '/trends', label: 'Trends' },
  risk: { href: '/risk', label: 'Risk' },
  churn: { href: '/churn', label: 'Churn' },
  recommend: { href: '/recommendations', label: 'Recommendations' },
};

/** The tasks a dataset of each kind feeds. */
export const TASKS_BY_KIND: Record<string, Task[]> = {
  market: ['forecast'],
  financials: ['risk'],
  events: ['churn', 'recommend'],
  customers: ['churn'],
};

export const STATUS_LABELS: Record<JobStatusName, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const TRIGGER_LABELS: Record<string, string> = {
  upload: 'new data',
  manual: 'by hand',
  schedule: 'on schedule',
};

export const isActive = (status: string | undefined) => status === 'queued' || status === 'running';

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m - h * 60} min`;
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function formatTime(value: Date | string): string {
  return new Date(value).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);

export const pct = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;

/** "training neural network · epoch 12 / 80" */
/** `progress.phase` of a running job whose trainer process died (packages/db `LOST_PHASE`). */
export const LOST_PHASE = 'lost';
/** How a lost job reads: its trainer died and the job resumes on a restarted or other trainer. */
export const LOST_TEXT = 'trainer lost — resuming';

export function phaseText(job: Job): string {
  const p = job.progress as { phase?: string; epoch?: number; epochs?: number };
  if (job.status === 'queued') return 'waiting for a trainer';
  if (job.status === 'succeeded') return 'finished';
  if (job.status === 'failed') return 'failed';
  if (job.status === 'cancelled') return 'cancelled';
  if (p.phase === LOST_PHASE) return LOST_TEXT;
  const phase = p.phase ?? 'starting';
  return p.epoch !== undefined && p.epochs ? `${phase} · epoch ${p.epoch} / ${p.epochs}` : phase;
}
