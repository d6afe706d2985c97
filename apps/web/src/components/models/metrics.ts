import { modelName } from '~/lib/model-names';
import { fmt, type ModelEntry, type Task } from './format';

/** Read defensively: a model's metrics are JSON written by the trainer, possibly by an older version. */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** The simple model each task's candidates are measured against. */
export const BASELINES: Record<Task, string> = {
  forecast: 'seasonal_naive',
  risk: 'seasonal_naive',
  churn: 'logistic',
  recommend: 'popularity',
};

export interface MetricColumn {
  key: string;
  label: string;
  title?: string;
  format: (v: number | null) => string;
}

export interface LeaderRow {
  key: string;
  name: string;
  label: string;
  /** e.g. the series, for risk's per-series backtest. */
  group?: string;
  values: Record<string, number | null>;
  fitMs: number | null;
  chosen: boolean;
  baseline: boolean;
  note?: string;
}

export interface Leaderboard {
  columns: MetricColumn[];
  rows: LeaderRow[];
  hasFitTime: boolean;
  explain: string;
}

const f3 = (v: number | null) => fmt(v, 3);
const p0 = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)}%`);
const p1 = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

const label = (c: Obj, name: string) =>
  modelName(name, { label: typeof c.label === 'string' ? c.label : null });

export function leaderboard(task: Task, model: ModelEntry): Leaderboard {
  const m = isObj(model.metrics) ? model.metrics : {};
  const baseline = BASELINES[task];
  const row = (c: Obj, values: Record<string, number | null>): LeaderRow => {
    const name = String(c.name ?? '?');
    return {
      key: name,
      name,
      label: label(c, name),
      values,
      fitMs: num(c.fitMs),
      chosen: name === model.chosen,
      baseline: name === baseline,
      ...(c.available === false ? { note: 'too little data' } : {}),
    };
  };
  if (task === 'forecast') {
    return {
      columns: [
        {
          key: 'mase',
          label: 'MASE',
          title: 'Error ÷ seasonal-naive error (lower is better)',
          format: f3,
        },
        { key: 'smape', label: 'sMAPE', format: (v) => (v === null ? '—' : `${v.toFixed(1)}%`) },
        { key: 'coverage80', label: '80% coverage', format: p0 },
      ],
      rows: arr(m.candidates).map((c) =>
        row(c, { mase: num(c.mase), smape: num(c.smape), coverage80: num(c.coverage80) }),
      ),
      hasFitTime: true,
      explain:
        'Each candidate was backtested on the last periods of every series. MASE below 1 beats repeating last season; lower is better.',
    };
  }
  if (task === 'churn') {
    return {
      columns: [
        { key: 'rocAuc', label: 'ROC-AUC', title: 'Higher is better (0.5 = guessing)', format: f3 },
        { key: 'prAuc', label: 'PR-AUC', format: f3 },
        { key: 'logLoss', label: 'Log-loss', title: 'Lower is better', format: f3 },
      ],
      rows: arr(m.candidates).map((c) =>
        row(c, { rocAuc: num(c.rocAuc), prAuc: num(c.prAuc), logLoss: num(c.logLoss) }),
      ),
      hasFitTime: true,
      explain:
        'Candidates were scored on held-out customers. ROC-AUC measures how well a model ranks churners above others: higher is better.',
    };
  }
  if (task === 'recommend') {
    return {
      columns: [
        { key: 'hr10', label: 'Hit rate@10', format: p1 },
        { key: 'ndcg10', label: 'NDCG@10', title: 'Higher is better', format: f3 },
        { key: 'coverage', label: 'Catalogue coverage', format: p0 },
      ],
      rows: arr(m.candidates).map((c) =>
        row(c, { hr10: num(c.hr10), ndcg10: num(c.ndcg10), coverage: num(c.coverage) }),
      ),
      hasFitTime: true,
      explain:
        'Candidates recommended 10 items to users whose latest interactions were held back. NDCG@10 rewards ranking what they did use near the top: higher is better.',
    };
  }
  // risk: the revenue and expense forecasters' backtest, per series.
  const rows: LeaderRow[] = [];
  for (const b of arr(m.backtest)) {
    const series = String(b.series ?? '');
    const mase = isObj(b.mase) ? b.mase : {};
    for (const [name, v] of Object.entries(mase)) {
      rows.push({
        key: `${series}:${name}`,
        name,
        label: modelName(name),
        group: series,
        values: { mase: num(v) },
        fitMs: null,
        chosen: name === b.chosen,
        baseline: name === baseline,
      });
    }
  }
  return {
    columns: [{ key: 'mase', label: 'MASE', title: 'Lower is better', format: f3 }],
    rows,
    hasFitTime: false,
    explain:
      'The cash simulation forecasts revenue and expenses; each series picked the candidate with the lowest backtest error (MASE, lower is better).',
  };
}

/** The number a founder compares versions by. */
export function headline(task: Task, model: ModelEntry): { label: string; value: string } {
  const m = isObj(model.metrics) ? model.metrics : {};
  const chosen = arr(m.candidates).find((c) => c.name === model.chosen);
  switch (task) {
    case 'forecast':
      return { label: 'MASE', value: fmt(num(chosen?.mase), 3) };
    case 'churn':
      return { label: 'ROC-AUC', value: fmt(num(chosen?.rocAuc), 3) };
    case 'recommend':
      return { label: 'NDCG@10', value: fmt(num(chosen?.ndcg10), 3) };
    case 'risk': {
      const runway = isObj(m.runway) ? m.runway : {};
      const p50 = num(runway.p50);
      if (p50 !== null) return { label: 'Runway (median)', value: `${p50.toFixed(1)} months` };
      const horizon = num(runway.horizon);
      if (horizon !== null) return { label: 'Runway (median)', value: `> ${horizon} months` };
      const first = arr(m.backtest)[0];
      const mase = first && isObj(first.mase) ? num(first.mase[String(first.chosen)]) : null;
      return { label: 'MASE', value: fmt(mase, 3) };
    }
  }
}

export function chosenLabel(model: ModelEntry): string {
  const m = isObj(model.metrics) ? model.metrics : {};
  const chosen = arr(m.candidates).find((c) => c.name === model.chosen);
  return chosen ? label(chosen, model.chosen) : modelName(model.chosen);
}
