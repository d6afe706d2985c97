// The mapping step's "What this data is enough for" list and the line beside Import.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ReadinessList } from '~/components/upload/readiness-list';
import { trainingNotice, type ReadinessPreview, type TaskReadiness } from '~/lib/readiness';

const risk = (ready: boolean, has: string, certain = true): TaskReadiness => ({
  task: 'risk',
  label: 'Runway and risk',
  ready,
  certain,
  reason: ready ? null : `Runway and risk needs at least 6 months of revenue and expenses; ${has}.`,
  minimum: 'at least 6 months of revenue and expenses',
  has,
});

const preview = (
  tasks: TaskReadiness[],
  extra: Partial<ReadinessPreview> = {},
): ReadinessPreview => ({
  kind: 'financials',
  tasks,
  stats: { kind: 'financials', periods: 3 },
  rowsRead: 3,
  rowsSkipped: 0,
  complete: true,
  problem: null,
  ...extra,
});

const render = (
  data: ReadinessPreview | undefined,
  kind: ReadinessPreview['kind'] = 'financials',
) =>
  renderToStaticMarkup(
    <ReadinessList
      kind={kind}
      readiness={{ data, checking: false, error: null, incomplete: false }}
    />,
  ).replace(/<[^>]+>/g, '');

describe('what this data is enough for', () => {
  it('names each task with its minimum and what the file has', () => {
    expect(render(preview([risk(false, 'the file has 3 months')]))).toContain(
      'not enough data Runway and risk needs at least 6 months of revenue and expenses; the file has 3 months.',
    );
    expect(render(preview([risk(true, 'the file has 24 months')]))).toContain(
      'ready Runway and risk needs at least 6 months of revenue and expenses; the file has 24 months.',
    );
  });

  it('says when only the first rows were counted, and why nothing would be stored', () => {
    expect(
      render(
        preview([risk(true, 'the file has at least 200,000 months')], {
          complete: false,
          rowsRead: 200_000,
        }),
      ),
    ).toContain('Counted on the first 200,000 rows');
    const problem = 'Nothing would be stored: with "reject the whole file" chosen, row 4, …';
    expect(render(preview([risk(false, 'nothing would be stored')], { problem }))).toContain(
      'Nothing would be stored: with &quot;reject the whole file&quot; chosen',
    );
    expect(render(preview([], { kind: 'customers' }), 'customers')).toContain(
      'pick the “Churned? (yes/no)” column',
    );
  });

  it('says beside Import when training will not start', () => {
    expect(trainingNotice(undefined)).toBeNull();
    expect(trainingNotice(preview([risk(true, 'the file has 24 months')]))).toBeNull();
    expect(trainingNotice(preview([risk(false, 'the file has 3 months')]))).toMatch(
      /^Training will not start/,
    );
    const churn = { ...risk(true, 'x'), task: 'churn' as const, label: 'Churn' };
    const recommend = { ...risk(false, 'y'), task: 'recommend' as const, label: 'Recommendations' };
    expect(trainingNotice(preview([churn, recommend]))).toBe('Training will start for Churn only.');
  });
});
