// A job whose trainer process died reads "trainer lost — resuming" (status line, models page
// phase and timeline), not "running" with a stale epoch until the queue's heartbeat timeout.
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import { JobStatus } from '~/components/job-status';
import { JobTimeline } from '~/components/models/job-timeline';
import { LOST_TEXT, phaseText, type Job } from '~/components/models/format';

const base = {
  id: 'j1',
  datasetId: 'd1',
  task: 'forecast',
  status: 'running',
  params: {},
  progress: { phase: 'neural network', epoch: 3, epochs: 40, loss: 0.12 },
  progressRatio: 0.4,
  error: null,
  attempts: 1,
  backend: 'wasm',
  trigger: 'manual',
  timeline: [
    { at: '2026-12-02T10:00:00Z', event: 'queued', detail: 'manual' },
    { at: '2026-12-02T10:00:01Z', event: 'started', attempt: 1 },
  ],
  curve: [],
  cancelRequested: false,
  peakRssMb: null,
  createdAt: '2026-12-02T10:00:00Z',
  startedAt: '2026-12-02T10:00:01Z',
  finishedAt: null,
  durationMs: 1000,
} as unknown as Job;

const lost = {
  ...base,
  progress: { phase: 'lost' },
  timeline: [
    ...base.timeline,
    {
      at: '2026-12-02T10:00:09Z',
      event: 'lost',
      attempt: 1,
      detail: 'the trainer process died (signal SIGKILL)',
    },
  ],
} as unknown as Job;

it('shows a running job as running, with its phase and epoch', () => {
  const html = renderToStaticMarkup(<JobStatus job={base} />);
  expect(html).toContain('Forecast job: running');
  expect(html).toContain('neural network · epoch 3/40');
  expect(html).not.toContain(LOST_TEXT);
});

it('shows a job whose trainer died as "trainer lost — resuming", in words', () => {
  const html = renderToStaticMarkup(<JobStatus job={lost} />);
  expect(LOST_TEXT).toBe('trainer lost — resuming');
  expect(html).toContain('Forecast job: trainer lost — resuming');
  expect(html).toContain('data-lost="true"');
  expect(html).toContain('attempt 1 stopped when its trainer process died');
  expect(html).not.toContain('epoch');
  expect(phaseText(lost)).toBe('trainer lost — resuming');
  const timeline = renderToStaticMarkup(<JobTimeline job={lost} />);
  expect(timeline).toContain('Trainer lost — resuming');
  expect(timeline).toContain('the trainer process died (signal SIGKILL)');
});
