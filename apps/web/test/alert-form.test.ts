// The "Alert me" form's logic: presets become text fields and back into the same rule, numbers
// typed as people type them, refusals in words, and the sentences the form shows.
import { defaultRuleName, ruleSentence } from '@foresight/api/alert-text';
import { describe, expect, it } from 'vitest';
import {
  behaviourAlerts,
  churnAlerts,
  runwayAlerts,
  seriesAlerts,
} from '~/components/alerts/presets';
import { choiceLabel, fieldsOf, textsOf, withNumbers } from '~/components/alerts/rule-form';
import { timeAgo } from '~/components/alerts/time-ago';

describe('alert presets', () => {
  it('round-trip through the form unchanged, in words', () => {
    const presets = [
      ...seriesAlerts('revenue (north)', 1234.56),
      ...runwayAlerts(10.4),
      ...churnAlerts(),
      ...behaviourAlerts('active_users', 420),
      ...behaviourAlerts('event_volume', 9876),
    ];
    for (const rule of presets) {
      const { rule: back, problems } = withNumbers(rule, textsOf(rule));
      expect(problems, rule.kind).toEqual([]);
      expect(back).toEqual(rule);
    }
    expect(presets.map((r) => [choiceLabel(r), ruleSentence(r)])).toEqual([
      [
        'Unusual value',
        'Tell me when revenue (north) leaves its usual range (outside the 90% range of its next-period forecast)',
      ],
      [
        'Forecast missed',
        "Tell me when revenue (north) lands outside its forecast's 80% range (p10–p90) 2 periods in a row",
      ],
      ['Crosses a value', 'Tell me when revenue (north) rises above 1,230'],
      [
        'Chance of running out of cash',
        'Tell me when the chance of running out of cash within 12 months rises above 20%',
      ],
      ['Median runway', 'Tell me when the median runway falls below 8 months'],
      [
        'More customers at risk',
        'Tell me when the number of customers above the churn alert threshold grows by more than 20% since the last check',
      ],
      [
        'Unusual value',
        'Tell me when daily active users leave their usual range (outside the 90% range of their next-period forecast)',
      ],
      ['Crosses a value', 'Tell me when daily active users fall below 420 users'],
      [
        'Unusual value',
        'Tell me when daily event volume leaves its usual range (outside the 90% range of its next-period forecast)',
      ],
      ['Crosses a value', 'Tell me when daily event volume falls below 9,880 events'],
    ]);
    expect(defaultRuleName(presets[3]!)).toBe(
      'The chance of running out of cash within 12 months rises above 20%',
    );
    expect(defaultRuleName(presets[0]!)).toBe('revenue (north) leaves its usual range');
  });

  it('reads numbers as typed, and says what is wrong with a field', () => {
    const [cashOut, median] = runwayAlerts(null);
    expect(median!.params).toEqual({ when: 'median_runway_below', months: 6 });
    expect(fieldsOf(cashOut!).map((f) => `${f.label} (${f.unit})`)).toEqual([
      'Within (months)',
      'Chance above (%)',
    ]);
    expect(withNumbers(cashOut!, { months: '6', probability: '12.5%' }).rule.params).toEqual({
      when: 'cash_out_probability',
      months: 6,
      probability: 0.125,
    });
    expect(withNumbers(cashOut!, { months: '6.5', probability: '150' }).problems).toEqual([
      '“Within” must be a whole number',
      '“Chance above” must be between 0.1% and 99.9%',
    ]);
    // A threshold with nothing to pre-fill (no daily value shown) starts empty and must be filled.
    const [, threshold] = behaviourAlerts('active_users', null);
    expect(textsOf(threshold!)).toEqual({ value: '' });
    expect(withNumbers(threshold!, { value: '' }).problems).toEqual(['Enter a number for “Value”']);
    expect(withNumbers(threshold!, { value: '1,200' }).rule.params).toEqual({
      value: 1200,
      direction: 'below',
    });
  });

  it('tells times relative to now', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(timeAgo('2026-12-06T11:59:50Z', now)).toBe('just now');
    expect(timeAgo('2026-12-06T11:55:00Z', now)).toBe('5 minutes ago');
    expect(timeAgo('2026-12-06T09:00:00Z', now)).toBe('3 hours ago');
    expect(timeAgo('2026-12-05T10:00:00Z', now)).toBe('yesterday');
  });
});
