// Page latencies through the engine, as the API serves them (`engines.forDataset(scope)` then
// the engine's read): each page once right after the load and refresh (cold: nothing of it
// computed or cached by the app yet), then `runs` times more (warm) for p50/p95.
import { getDatasetDetail, type DbHandle } from '@foresight/db';
import type { DatasetScope, EventsEngines } from '@foresight/events';

export interface PageTiming {
  /** The page's Foresight screen: Behaviour, Features (feature optimisation) or the Data page. */
  screen: 'Behaviour' | 'Features' | 'Dataset';
  /** First request after load + refresh, ms (null: it timed out). */
  coldMs: number | null;
  /** Of the warm requests (null: one timed out). */
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** Warm requests made (fewer than asked when they went over the page's time budget). */
  runs: number;
  /** Set when a request got no answer within this long: the page has no figures. */
  timedOutAfterMs?: number;
  /** What the page answered (status and sizes), to check the engines answer alike. */
  answer: Record<string, unknown>;
}

interface Page {
  key: string;
  screen: PageTiming['screen'];
  load(): Promise<Record<string, unknown>>;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

const DAY_MS = 86_400_000;
const dayBefore = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

/** The pages measured, in the order they are first requested. */
export function pages(
  engines: EventsEngines,
  db: DbHandle,
  scope: DatasetScope,
  range: { from: string; to: string },
): Page[] {
  const on = () => engines.forDataset(scope);
  const overview =
    (filter: Parameters<Awaited<ReturnType<typeof on>>['overview']>[1]) => async () => {
      const o = await (await on()).overview(scope, filter);
      return {
        status: o.status,
        points: o.series.length,
        events: o.series.reduce((a, p) => a + p.events, 0),
        eventNames: o.eventNames.length,
      };
    };
  const retention = (grain: 'week' | 'month') => async () => {
    const r = await (await on()).retention(scope, grain);
    return { status: r.status, cohorts: r.cohorts.length };
  };
  return [
    { key: 'overview day', screen: 'Behaviour', load: overview({ grain: 'day' }) },
    { key: 'overview week', screen: 'Behaviour', load: overview({ grain: 'week' }) },
    { key: 'overview month', screen: 'Behaviour', load: overview({ grain: 'month' }) },
    {
      key: 'overview event=purchase',
      screen: 'Behaviour',
      load: overview({ grain: 'day', event: 'purchase' }),
    },
    {
      key: 'overview last 90 days',
      screen: 'Behaviour',
      load: overview({ grain: 'day', from: dayBefore(range.to, 89), to: range.to }),
    },
    { key: 'retention week', screen: 'Behaviour', load: retention('week') },
    { key: 'retention month', screen: 'Behaviour', load: retention('month') },
    {
      key: 'features 30 days',
      screen: 'Features',
      load: async () => {
        const f = await (await on()).features(scope, 30);
        return { status: f.status, features: f.features.length, eligibleUsers: f.eligibleUsers };
      },
    },
    {
      key: 'funnel 3 steps',
      screen: 'Features',
      load: async () => {
        const f = await (await on()).funnel(scope, ['signup', 'item_view', 'purchase']);
        return { status: f.status, users: f.steps.map((s) => s.users) };
      },
    },
    {
      // The Data page: the dataset with its stored column profile, and the first rows.
      key: 'dataset page',
      screen: 'Dataset',
      load: async () => {
        const [detail, preview] = await Promise.all([
          getDatasetDetail(db, scope.organizationId, scope.datasetId),
          on().then((engine) => engine.preview(scope)),
        ]);
        return { profileColumns: detail.profile?.length ?? null, previewRows: preview.rows.length };
      },
    },
  ];
}

export class PageTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${Math.round(ms / 1000)} s`);
    this.name = 'PageTimeout';
  }
}

export interface PageLimits {
  /** A request that takes longer is abandoned (and `cancel` called): the page is marked timed out. */
  timeoutMs: number;
  /** Warm repeats stop once a page's warm requests took this long together (at least one is made). */
  budgetMs: number;
  /** Stops what an abandoned request left running (the benchmark database's active queries). */
  cancel(): Promise<void>;
}

async function timed<T>(
  run: () => Promise<T>,
  limits: PageLimits,
): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const request = run();
  try {
    const value = await Promise.race([
      request,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PageTimeout(limits.timeoutMs)), limits.timeoutMs);
      }),
    ]);
    return { ms: performance.now() - started, value };
  } catch (error) {
    if (error instanceof PageTimeout) {
      request.catch(() => {}); // it fails once cancelled; nobody waits for it any more
      await limits.cancel().catch(() => {});
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every page cold (once, in order), then each page `runs` times warm (fewer when its requests
 * exceed the budget). A page that times out gets no figures, only `timedOut`.
 */
export async function measurePages(
  list: Page[],
  runs: number,
  limits: PageLimits,
  log: (line: string) => void,
): Promise<Record<string, PageTiming>> {
  const cold = new Map<string, { ms: number; answer: Record<string, unknown> } | PageTimeout>();
  for (const page of list) {
    try {
      const { ms, value } = await timed(page.load, limits);
      cold.set(page.key, { ms, answer: value });
    } catch (error) {
      if (!(error instanceof PageTimeout)) throw error;
      cold.set(page.key, error);
    }
  }
  const results: Record<string, PageTiming> = {};
  for (const page of list) {
    const first = cold.get(page.key)!;
    const times: number[] = [];
    let timedOut = first instanceof PageTimeout;
    let spent = 0;
    while (!timedOut && times.length < runs && (times.length === 0 || spent < limits.budgetMs)) {
      try {
        const { ms } = await timed(page.load, limits);
        times.push(ms);
        spent += ms;
      } catch (error) {
        if (!(error instanceof PageTimeout)) throw error;
        timedOut = true;
      }
    }
    times.sort((a, b) => a - b);
    const figure = (x: number | undefined) => (x === undefined || timedOut ? null : round(x));
    const r: PageTiming = {
      screen: page.screen,
      coldMs: first instanceof PageTimeout ? null : round(first.ms),
      p50Ms: figure(times.length ? percentile(times, 50) : undefined),
      p95Ms: figure(times.length ? percentile(times, 95) : undefined),
      maxMs: figure(times.at(-1)),
      runs: times.length,
      ...(timedOut ? { timedOutAfterMs: limits.timeoutMs } : {}),
      answer: first instanceof PageTimeout ? {} : first.answer,
    };
    results[page.key] = r;
    log(
      timedOut
        ? `${page.key}: timed out (a request took over ${Math.round(limits.timeoutMs / 1000)} s)`
        : `${page.key}: cold ${r.coldMs} ms, warm p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms (${r.runs} runs)`,
    );
  }
  return results;
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
