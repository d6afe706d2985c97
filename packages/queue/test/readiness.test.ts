import type { TrainingStats } from '@foresight/db';
import { describe, expect, it } from 'vitest';
import { readinessOf, taskMinimum } from '../src/readiness';

describe('readinessOf (the tasks’ minimums against a dataset’s counts)', () => {
  const market = (points: number): TrainingStats => ({
    kind: 'market',
    series: 2,
    shortest: { series: 'north', points },
  });
  it('names the task, the minimum and what the data has', () => {
    expect(readinessOf('forecast', market(5))).toEqual({ ready: true });
    expect(readinessOf('forecast', market(3))).toEqual({
      ready: false,
      reason:
        'Forecast needs at least 5 dated values per series to forecast and check itself; series "north" has 3 values.',
    });
    expect(readinessOf('risk', { kind: 'financials', periods: 4 })).toMatchObject({
      ready: false,
      reason: expect.stringContaining(
        'at least 6 months of revenue and expenses; the file has 4 months',
      ),
    });
    const customers = (labelCounts: Record<string, number>): TrainingStats => ({
      kind: 'customers',
      label: 'churned',
      labelCounts,
    });
    expect(readinessOf('churn', customers({ no: 40, yes: 12 }))).toEqual({ ready: true });
    expect(readinessOf('churn', customers({ no: 40, yes: 3 }))).toMatchObject({
      ready: false,
      reason: expect.stringContaining('the table has 40 customers "no", 3 customers "yes"'),
    });
    const events = { kind: 'events' as const, spanDays: 45.5, usersWithTwoItems: 4, items: 9 };
    expect(readinessOf('churn', events)).toMatchObject({
      reason: expect.stringContaining('at least 90 days'),
    });
    expect(readinessOf('churn', events, { windowDays: 14 })).toEqual({ ready: true });
    expect(readinessOf('recommend', events)).toMatchObject({
      reason: expect.stringContaining('at least 5 users who used two or more different items'),
    });
  });

  it('words each minimum once: the preview shows it, the refusal quotes it', () => {
    expect(taskMinimum('risk', 'financials')).toBe('at least 6 months of revenue and expenses');
    expect(taskMinimum('churn', 'customers')).toBe(
      'at least 10 customers who churned and 10 who stayed',
    );
    expect(taskMinimum('churn', 'events', { windowDays: 14 })).toMatch(
      /^events over at least 42 days/,
    );
    for (const [task, stats] of [
      ['forecast', { kind: 'market', series: 1, shortest: { series: 'v', points: 2 } }],
      ['risk', { kind: 'financials', periods: 2 }],
      ['churn', { kind: 'customers', label: 'churned', labelCounts: { true: 2 } }],
      ['churn', { kind: 'events', spanDays: 3, usersWithTwoItems: 0, items: 0 }],
      ['recommend', { kind: 'events', spanDays: 3, usersWithTwoItems: 1, items: 5 }],
    ] as const) {
      const readiness = readinessOf(task, stats);
      expect(readiness.ready).toBe(false);
      if (!readiness.ready) expect(readiness.reason).toContain(taskMinimum(task, stats.kind));
    }
  });
});
