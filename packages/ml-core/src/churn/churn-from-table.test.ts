import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import { createRandom } from '../common/random';
import { churnFromTable } from './churn-from-table';
import { ChurnInputError } from './errors';
import { syntheticCustomerTable } from './synthetic';
import type { ChurnTable } from './types';

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});

const { table } = syntheticCustomerTable({ rows: 900, seed: 2 });
const options = { idColumn: 'customer_id', labelColumn: 'churned', epochs: 5, seed: 7 };

function withColumn(
  source: ChurnTable,
  name: string,
  values: ChurnTable['columns'][number]['values'],
): ChurnTable {
  return {
    columns: [...source.columns.filter((c) => c.name !== name), { name, values }],
  };
}

function slice(source: ChurnTable, from: number, to: number): ChurnTable {
  return {
    columns: source.columns.map((c) => ({ name: c.name, values: c.values.slice(from, to) })),
  };
}

/** The table as the upload stores it: numbers as numbers, yes/no flags as booleans. */
function typedLikeUpload(source: ChurnTable): ChurnTable {
  return {
    columns: source.columns.map(({ name, values }) => {
      const present = values.filter((v): v is string => v !== null && v !== '');
      if (name !== 'customer_id' && present.every((v) => /^-?\d+(\.\d+)?$/.test(v)))
        return { name, values: values.map((v) => (v === null || v === '' ? null : Number(v))) };
      if (name !== 'churned' && present.every((v) => v === 'Yes' || v === 'No'))
        return { name, values: values.map((v) => (v === null || v === '' ? null : v === 'Yes')) };
      return { name, values };
    }),
  };
}

describe('churnFromTable', () => {
  it('reads typed columns as they are: the same features and scores as their text', async () => {
    const small = slice(table, 0, 400);
    const typed = typedLikeUpload(small);
    expect(typed.columns.some((c) => c.values.some((v) => typeof v === 'number'))).toBe(true);
    expect(typed.columns.some((c) => c.values.some((v) => typeof v === 'boolean'))).toBe(true);
    const fromText = await churnFromTable(small, null, options);
    const fromTyped = await churnFromTable(typed, null, options);
    expect(fromTyped.report.features).toEqual(fromText.report.features);
    expect(fromTyped.scores.map((s) => s.id)).toEqual(fromText.scores.map((s) => s.id));
    fromTyped.scores.forEach((s, i) => expect(s.score).toBeCloseTo(fromText.scores[i]!.score, 6));
  });

  it('types the columns, reports a leaderboard and scores every row, without tensor leaks', async () => {
    const before = tf.memory().numTensors;
    const result = await churnFromTable(table, null, options);
    expect(tf.memory().numTensors).toBe(before);
    const { report } = result;
    const types = Object.fromEntries(report.features.map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      tenure_months: 'numeric',
      monthly_charges: 'numeric',
      total_charges: 'numeric',
      discount_pct: 'numeric',
      contract: 'categorical',
      city: 'categorical',
      has_partner: 'boolean',
      paperless_billing: 'boolean',
      signup_date: 'date',
    });
    expect(types.customer_id).toBeUndefined();
    expect(types.churned).toBeUndefined();
    expect(report.label).toEqual({ column: 'churned', positive: ['Yes'], negative: ['No'] });
    expect(report.rows).toEqual({ train: 720, validation: 180, scored: 900 });
    expect(result.scores).toHaveLength(900);
    expect(report.candidates.map((c) => c.name)).toEqual(['logistic', 'gbdt', 'mlp', 'ensemble']);
    for (const candidate of report.candidates) {
      expect(candidate.rocAuc).toBeGreaterThan(0.6);
      expect(candidate.rocAucSe).toBeGreaterThan(0);
      expect(candidate.logLoss).toBeLessThanOrEqual(candidate.logLossUncalibrated as number);
    }
    expect(report.candidates.find((c) => c.name === 'ensemble')?.members).toHaveLength(2);
    // Simplest first; a candidate replaces the choice only when it wins the paired comparison.
    let current = 'logistic';
    for (const candidate of report.candidates.slice(1)) {
      const versus = candidate.versus!;
      expect(versus.name).toBe(current);
      expect(versus.se).toBeGreaterThan(0);
      if (versus.difference > 1.645 * versus.se) current = candidate.name;
    }
    expect(report.chosen).toBe(current);
    expect(report.selection).toMatch(/DeLong/);
    expect(report.calibration.reduce((s, b) => s + b.count, 0)).toBe(180);
    expect(report.threshold.f1).toBeGreaterThan(0);
    expect(report.importance.map((i) => i.feature).sort()).toEqual(
      report.features.map((f) => f.name).sort(),
    );
    const top = result.scores[0]!;
    expect(top.drivers.length).toBeGreaterThan(0);
    expect(top.drivers.length).toBeLessThanOrEqual(5);
    expect(top.drivers.every((d) => d.contribution > 0)).toBe(true);
    expect(result.scores.every((s) => s.score > 0 && s.score < 1)).toBe(true);
  });

  it('picks a model beyond logistic regression on an interaction it cannot see, and explains it', async () => {
    const n = 1500;
    const random = createRandom(3);
    const a: string[] = [];
    const b: string[] = [];
    const plan: string[] = [];
    const label: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const x = random.normal();
      const y = random.normal();
      a.push(x.toFixed(3));
      b.push(y.toFixed(3));
      plan.push(['basic', 'pro', 'team'][random.int(3)]!);
      const differ = x * y < 0;
      label.push((random.uniform() < 0.1 ? !differ : differ) ? 'yes' : 'no');
    }
    const xor: ChurnTable = {
      columns: [
        { name: 'id', values: Array.from({ length: n }, (_, i) => `c${i}`) },
        { name: 'usage_change', values: a },
        { name: 'price_change', values: b },
        { name: 'plan', values: plan },
        { name: 'churned', values: label },
      ],
    };
    const before = tf.memory().numTensors;
    const { report, scores } = await churnFromTable(xor, null, {
      idColumn: 'id',
      labelColumn: 'churned',
      epochs: 5,
      seed: 1,
    });
    expect(tf.memory().numTensors).toBe(before);
    const auc = Object.fromEntries(report.candidates.map((c) => [c.name, c.rocAuc]));
    expect(auc.logistic).toBeLessThan(0.6);
    expect(auc.gbdt).toBeGreaterThan(0.85);
    expect(report.chosen).not.toBe('logistic');
    expect(report.selection).toMatch(/^Chose /);
    expect(
      report.importance
        .slice(0, 2)
        .map((i) => i.feature)
        .sort(),
    ).toEqual(['price_change', 'usage_change']);
    const top = scores[0]!;
    expect(top.drivers.length).toBeGreaterThan(0);
    expect(['price_change', 'usage_change']).toContain(top.drivers[0]!.feature);
  });

  it('is deterministic under a seed and differs with another seed', async () => {
    const small = slice(table, 0, 500);
    const a = await churnFromTable(small, null, options);
    const b = await churnFromTable(small, null, options);
    const c = await churnFromTable(small, null, { ...options, seed: 8 });
    expect(b.scores).toEqual(a.scores);
    expect(b.report.candidates.map((x) => x.logLoss)).toEqual(
      a.report.candidates.map((x) => x.logLoss),
    );
    expect(c.scores.map((s) => s.score)).not.toEqual(a.scores.map((s) => s.score));
  });

  it('scores a separate prediction table by its ids (no label column needed)', async () => {
    const train = slice(table, 0, 600);
    const predict = {
      columns: slice(table, 600, 650).columns.filter((c) => c.name !== 'churned'),
    };
    const result = await churnFromTable(train, predict, options);
    expect(result.report.rows.scored).toBe(50);
    const ids = predict.columns.find((c) => c.name === 'customer_id')!.values;
    expect(new Set(result.scores.map((s) => s.id))).toEqual(new Set(ids));
  });

  it('calibration improves the class-weighted MLP log-loss on an imbalanced table', async () => {
    const imbalanced = syntheticCustomerTable({ rows: 900, seed: 4, churnRate: 0.12 }).table;
    const result = await churnFromTable(imbalanced, null, options);
    const mlp = result.report.candidates.find((c) => c.name === 'mlp')!;
    expect(mlp.calibration).not.toBe('none');
    expect(mlp.logLoss).toBeLessThan((mlp.logLossUncalibrated as number) - 0.02);
  });

  it('stops at the next epoch when cancelled, rejecting with the reason and freeing its tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const epochs: number[] = [];
    const run = churnFromTable(table, null, {
      ...options,
      epochs: 50,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase !== 'fit:mlp' || p.epoch === undefined) return;
        epochs.push(p.epoch);
        if (p.epoch === 1) controller.abort();
      },
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe('AbortError');
    expect(epochs).toEqual([1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops between logistic fits when cancelled before the MLP, and at once when already aborted', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const phases: string[] = [];
    const run = churnFromTable(table, null, {
      ...options,
      signal: controller.signal,
      onProgress: (p) => {
        phases.push(p.phase);
        if (p.phase === 'fit:logistic') controller.abort(new Error('cancelled by user'));
      },
    });
    await expect(run).rejects.toThrow('cancelled by user');
    expect(phases).toEqual(['features', 'fit:logistic']);
    const aborted = AbortSignal.abort();
    await expect(
      churnFromTable(table, null, { ...options, signal: aborted }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws ChurnInputError naming the column and the problem', async () => {
    const labels = table.columns.find((c) => c.name === 'churned')!.values;
    const maybe = withColumn(
      table,
      'churned',
      labels.map((v, i) => (i === 3 ? 'maybe' : v)),
    );
    await expect(churnFromTable(maybe, null, options)).rejects.toThrow(
      'label column "churned": value "maybe" (row 4) is not yes/no',
    );
    await expect(churnFromTable(table, null, { ...options, labelColumn: 'left' })).rejects.toThrow(
      /training table has no label column "left"/,
    );
    await expect(churnFromTable(table, null, { ...options, idColumn: 'cust' })).rejects.toThrow(
      /no id column "cust"/,
    );
    const fewPositives = withColumn(
      table,
      'churned',
      labels.map((_, i) => (i < 4 ? 'yes' : 'no')),
    );
    const error = await churnFromTable(fewPositives, null, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChurnInputError);
    expect((error as Error).message).toMatch(
      /only 4 positive \(churn\) rows \(yes\); need at least 10/,
    );
    const predict = { columns: table.columns.filter((c) => c.name !== 'tenure_months') };
    await expect(churnFromTable(table, predict, options)).rejects.toThrow(
      /prediction table has no feature column "tenure_months"/,
    );
  });

  it('handles a small messy table: constant, empty and id-like columns are excluded and reported', async () => {
    const n = 80;
    const label = (i: number) => (i % 4 === 0 ? 'churned' : 'active');
    const messy: ChurnTable = {
      columns: [
        { name: 'id', values: Array.from({ length: n }, (_, i) => `x${i}`) },
        {
          name: 'status',
          values: Array.from({ length: n }, (_, i) => (i === 5 ? null : label(i))),
        },
        { name: 'email', values: Array.from({ length: n }, (_, i) => `user${i}@example.com`) },
        { name: 'country', values: Array.from({ length: n }, () => 'NZ') },
        { name: 'notes', values: Array.from({ length: n }, () => '') },
        {
          name: 'spend',
          values: Array.from({ length: n }, (_, i) =>
            i % 7 === 0 ? 'N/A' : `$${(i % 4 === 0 ? 5 : 50) + (i % 9)}`,
          ),
        },
        {
          name: 'plan',
          values: Array.from({ length: n }, (_, i) => ['a', 'b', ' c '][i % 3] ?? null),
        },
      ],
    };
    const before = tf.memory().numTensors;
    const result = await churnFromTable(messy, null, {
      idColumn: 'id',
      labelColumn: 'status',
      epochs: 3,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.report.features.map((f) => f.name)).toEqual(['spend', 'plan']);
    expect(result.report.excluded.map((e) => e.name)).toEqual([
      'id',
      'status',
      'email',
      'country',
      'notes',
    ]);
    expect(result.report.label?.positive).toEqual(['churned']);
    expect(result.scores).toHaveLength(n);
    expect(result.report.rows.train + result.report.rows.validation).toBe(n - 1);
  });
});
