// The Recommendations page's user panel as it renders: history beside ranked items with their
// "because you used X", no raw scores, and the words a cold user gets.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  SimilarItemsList,
  UserRecommendationsPanel,
  formatUsedAt,
  historyNote,
  type UserHistory,
  type UserRecommendations,
} from '~/components/recommendations/user-recommendations';
import { modelName } from '~/lib/model-names';

const noop = () => {};
const history: UserHistory = [
  { item: 'reports', lastUsedAt: '2000-07-30T18:08:19.000Z', uses: 3 },
  { item: 'billing', lastUsedAt: '2000-07-29T09:00:00.000Z', uses: 1 },
];
const recs: UserRecommendations = {
  user: 'u1',
  coldStart: false,
  items: [
    { item: 'dashboards', score: 0.912345, because: 'reports' },
    { item: 'exports', score: 0.5 },
  ],
};

describe('UserRecommendationsPanel', () => {
  it('shows recent history with when, and ranked items with their reason, without scores', () => {
    const html = renderToStaticMarkup(
      <UserRecommendationsPanel
        recs={recs}
        history={history}
        modelName="Item-to-item regression (EASE)"
        onPickItem={noop}
      />,
    );
    expect(html).toContain('Recently used');
    expect(html).toContain('30 Jul 2000, 18:08 UTC');
    expect(html).toContain('used 3 times');
    expect(html).toContain('Recommended for “u1”');
    expect(html).toContain('because you used <strong>reports</strong>');
    expect(html).toContain('aria-label="rank 1"');
    expect(html).toContain('aria-label="rank 2"');
    expect(html).toContain('Ranked by Item-to-item regression (EASE)');
    expect(html).not.toMatch(/0\.91|0\.5\b/);
    // Only the recommended item with a reason gets one.
    expect(html.match(/because you used/g)).toHaveLength(1);
    expect(html).not.toContain('cold-start-note');
  });

  it('tells a user without history that they get the most popular items', () => {
    const cold: UserRecommendations = {
      user: 'newbie',
      coldStart: true,
      items: [{ item: 'dashboards', score: 120 }],
    };
    const html = renderToStaticMarkup(
      <UserRecommendationsPanel recs={cold} history={[]} modelName="x" onPickItem={noop} />,
    );
    expect(html).toContain('“newbie” has no history yet');
    expect(html).toContain('They get the most popular items.');
    expect(html).toContain('Most popular');
    expect(html).toContain('Nothing yet.');
    expect(html).not.toContain('120');
    expect(historyNote('late', true, history)).toMatch(/trained before “late” used anything/);
    expect(historyNote('u1', false, history)).toBeNull();
  });
});

describe('SimilarItemsList', () => {
  it('lists similar items by rank, and says when the item is unknown', () => {
    const html = renderToStaticMarkup(
      <SimilarItemsList
        item="reports"
        similar={[{ item: 'dashboards' }, { item: 'exports' }]}
        onPickItem={noop}
      />,
    );
    expect(html).toContain('People who use “reports” also use');
    expect(html).toContain('aria-label="rank 2"');
    expect(
      renderToStaticMarkup(<SimilarItemsList item="zz" similar={[]} onPickItem={noop} />),
    ).toContain('No item “zz” in this dataset.');
  });
});

describe('model names', () => {
  it('names every recommender in words', () => {
    expect(modelName('ease')).toBe('Item-to-item regression (EASE)');
    expect(modelName('ials')).toBe('Implicit matrix factorisation (ALS)');
    expect(modelName('rp3beta')).toBe('Random-walk graph (RP3β)');
    expect(modelName('item_knn')).toBe('Item-kNN (co-usage)');
  });

  it('formats a use time in UTC', () => {
    expect(formatUsedAt('1970-01-01T00:00:03.000Z')).toBe('1 Jan 1970, 00:00 UTC');
  });
});
