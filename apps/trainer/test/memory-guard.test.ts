// The memory guard's estimates against peaks measured by the benchmarks: a job must not be
// estimated below what it was measured to need (a guard that lets it start and then runs out).
import type { DbHandle, JobForTrainer } from '@foresight/db';
import { describe, expect, it, vi } from 'vitest';

type Footprint = {
  rowCount: number;
  kind: 'events' | 'customers' | 'market' | 'financials';
  columns: number;
  users: number;
  items: number | null;
};
let footprint: Footprint | null = null;
vi.mock('@foresight/db', () => ({ datasetFootprint: vi.fn(async () => footprint) }));

const { estimateJobMemory, recommendEventsMb } = await import('../src/memory-guard');

const db = {} as DbHandle;
const job = (task: JobForTrainer['task']): JobForTrainer => ({
  id: 'j',
  organizationId: 'o',
  datasetId: 'd',
  task,
  status: 'running',
  params: {},
  attempt: 1,
});
/** MiB as measured (peak RSS) in the guard's MB of 10⁶ bytes. */
const measured = (mib: number) => (mib * 2 ** 20) / 1e6;
const DEFAULT_LIMIT_MB = 4096;

describe('memory guard, recommendations on events', () => {
  it('is not below the peaks measured on the bench:scale log', async () => {
    // bench:scale 10M events (730,951 users, 2,370 items): 2,014 MiB after, 3,774 before.
    footprint = { rowCount: 10_000_000, kind: 'events', columns: 5, users: 730_951, items: 2_370 };
    const estimate = await estimateJobMemory(db, job('recommend'));
    expect(estimate).toMatchObject({ rows: 10_000_000, rowWord: 'events' });
    expect(estimate.neededMb).toBeGreaterThanOrEqual(measured(2_014));
    expect(estimate.neededMb).toBeLessThan(DEFAULT_LIMIT_MB);
    // The same pipeline on smaller logs of the same generator.
    expect(recommendEventsMb({ events: 3e6, users: 219_873, items: 1_302 })).toBeGreaterThanOrEqual(
      measured(828),
    );
    expect(recommendEventsMb({ events: 1e6, users: 73_209, items: 750 })).toBeGreaterThanOrEqual(
      measured(483),
    );
    // ml-core's syntheticEventLog: users ≈ events / 33, 300 items.
    expect(recommendEventsMb({ events: 1e7, users: 303_030, items: 300 })).toBeGreaterThanOrEqual(
      measured(963),
    );
  });

  it('grows with the users and the catalogue, not only the events', () => {
    const base = recommendEventsMb({ events: 1e7, users: 300_000, items: 300 });
    expect(recommendEventsMb({ events: 1e7, users: 3_000_000, items: 300 })).toBeGreaterThan(
      base + 4_000,
    );
    expect(recommendEventsMb({ events: 1e7, users: 300_000, items: 4_000 })).toBeGreaterThan(
      base + 200,
    );
    // EASE models at most EASE_MAX_ITEMS items: a larger catalogue costs no more there.
    expect(recommendEventsMb({ events: 1e7, users: 300_000, items: 50_000 })).toBe(
      recommendEventsMb({ events: 1e7, users: 300_000, items: 4_000 }),
    );
  });

  it('assumes the worst it can for counts a dataset does not have', () => {
    // No event_stats: as many items as EASE models; no users: one per 10 events.
    expect(recommendEventsMb({ events: 1e7, users: 730_951, items: null })).toBe(
      recommendEventsMb({ events: 1e7, users: 730_951, items: 4_000 }),
    );
    expect(recommendEventsMb({ events: 1e7, users: 0, items: 2_370 })).toBe(
      recommendEventsMb({ events: 1e7, users: 1e6, items: 2_370 }),
    );
  });

  it('leaves the other tasks and kinds as they were', async () => {
    footprint = { rowCount: 10_000_000, kind: 'events', columns: 5, users: 730_951, items: 2_370 };
    expect((await estimateJobMemory(db, job('churn'))).neededMb).toBe(3_400);
    footprint = { rowCount: 100_000, kind: 'customers', columns: 20, users: 0, items: null };
    expect(await estimateJobMemory(db, job('recommend'))).toEqual({
      rows: 100_000,
      rowWord: 'customers',
      neededMb: 400 + (100_000 * 800 * 2) / 1e6,
    });
    footprint = null;
    expect((await estimateJobMemory(db, job('recommend'))).neededMb).toBe(400);
  });
});
