// The at-risk table's "why" cell: driver sentences for newer models, a readable fallback for rows
// stored before drivers had words.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChurnDrivers } from '~/components/churn-drivers';
import { driverDetail, driverSentence } from '~/lib/churn-drivers';

const worded = [
  {
    feature: 'days since last activity',
    contribution: 1.21,
    value: 41,
    typical: 6,
    text: 'no activity for 41 days (typical 6)',
  },
  {
    feature: 'contract',
    contribution: 0.5,
    value: 'Month-to-month',
    typical: 'Two year',
    text: 'contract: Month-to-month (most customers: Two year)',
  },
  {
    feature: 'events, last 7 days',
    contribution: 0.3,
    value: 0,
    typical: 1,
    text: '0 events in the last 7 days (typical 1)',
  },
  {
    feature: 'plan',
    contribution: 0.1,
    value: 'free',
    typical: 'pro',
    text: 'plan: free (most customers: pro)',
  },
];

describe('driverSentence', () => {
  it('uses the stored sentence, and the feature name for older rows', () => {
    expect(driverSentence(worded[0]!)).toBe('no activity for 41 days (typical 6)');
    expect(driverSentence({ feature: 'plan', contribution: 0.3 })).toBe('plan (raises the risk)');
    expect(driverSentence({ feature: 'plan', contribution: 0.3, text: '  ' })).toBe(
      'plan (raises the risk)',
    );
    expect(driverDetail({ feature: 'plan', contribution: 0.304 })).toBe(
      'plan: +0.30 log-odds of churn vs a typical customer',
    );
  });
});

describe('ChurnDrivers', () => {
  it('lists the top three sentences, not bare feature names with arrows', () => {
    const html = renderToStaticMarkup(<ChurnDrivers drivers={worded} />);
    expect(html).toContain('no activity for 41 days (typical 6)');
    expect(html).toContain('contract: Month-to-month (most customers: Two year)');
    expect(html).toContain('0 events in the last 7 days (typical 1)');
    expect(html).not.toContain('plan: free');
    expect(html).not.toContain('↑');
    expect(html.match(/<li /g)).toHaveLength(3);
  });

  it('renders rows stored before drivers had words, and no drivers at all', () => {
    const html = renderToStaticMarkup(
      <ChurnDrivers drivers={[{ feature: 'support_tickets_90d', contribution: 0.4 }]} />,
    );
    expect(html).toContain('support_tickets_90d (raises the risk)');
    expect(renderToStaticMarkup(<ChurnDrivers drivers={[]} />)).toContain('—');
  });
});
