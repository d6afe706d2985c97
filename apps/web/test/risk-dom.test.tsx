// The Risk page's pieces as they render: the sentences, the runway range and the DOM hooks the e2e
// reads (data-testid, data-*), for a newer model and for an older one without the new fields.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FlowsChart } from '~/components/flows-chart';
import { ForecastQualityCard } from '~/components/risk/forecast-quality-card';
import { RunwayKpi } from '~/components/risk/runway-kpi';
import type { RiskMetrics } from '~/components/risk/types';
import type { WhatIfResult } from '~/components/risk/use-what-if';
import { WhatIfResultLine } from '~/components/risk/what-if-result';
import { WhatIfPanel } from '~/components/what-if-panel';
import { checkWhatIf, EMPTY_WHAT_IF, whatIfStateOf } from '~/lib/what-if';

const older: RiskMetrics = {
  asOf: '2025-12-01',
  currentCash: 2_250_000,
  horizon: 18,
  paths: 2000,
  fan: [],
  runway: { p10: 9.4, p50: 11.6, p90: null, shareBeyondHorizon: 0.12, horizon: 18 },
  probabilityCashOut: [],
  summary: { 12: 0.6 },
  constantBurn: { monthlyBurn: 196_000, runwayMonths: 11.5 },
  forecast: { dates: ['2026-01-01', '2026-02-01'], revenue: [80_000, 83_000], expenses: [1, 2] },
  history: { dates: ['2025-12-01'], revenue: [77_000], expenses: [270_000], cash: [2_250_000] },
  backtest: [
    { series: 'revenue', chosen: 'ets', mase: { seasonal_naive: 1, ets: 0.8, log_linear: 0.9 } },
  ],
  sampling: { method: 'block', blockLength: 3, origins: 6, steps: 6 },
  anomalies: [],
  trainMs: 1,
};

const newer: RiskMetrics = {
  ...older,
  forecast: {
    ...older.forecast,
    revenueP10: [70_000, 71_000],
    revenueP90: [90_000, 95_000],
    expensesP10: [0, 1],
    expensesP90: [2, 3],
  },
  forecastQuality: [
    {
      series: 'revenue',
      model: 'Exponential smoothing with damped trend',
      backtestMonths: 6,
      errorPct: 6,
      noGrowthErrorPct: 10,
      coverage: 0.78,
    },
    {
      series: 'expenses',
      model: 'Compound growth',
      backtestMonths: 6,
      errorPct: 4.4,
      noGrowthErrorPct: 4,
      coverage: 0.83,
    },
  ],
  backtestHorizon: 6,
  notes: ['Revenue has 36 months of history.'],
};

describe('ForecastQualityCard', () => {
  it('says how good each forecast is, the range coverage and what was extrapolated', () => {
    const html = renderToStaticMarkup(<ForecastQualityCard metrics={newer} />);
    expect(html).toContain('data-testid="forecast-quality-revenue"');
    expect(html).toContain(
      'Revenue forecast error 6% a month on the last 6 months, 40% lower than assuming no growth (model: Exponential smoothing with damped trend).',
    );
    expect(html).toContain('10% higher than assuming no growth (model: Compound growth)');
    expect(html).toContain('The 80% range held the actual value 78% of the time in the backtest');
    expect(html).toContain('data-testid="backtest-horizon-note"');
    expect(html).toContain('months 7–18 ahead are extrapolated');
    expect(html).toContain('Revenue has 36 months of history.');
    expect(html).toContain('Compound growth trend</th>');
    expect(html).not.toMatch(/seasonal_naive<|>ets<|log_linear</);
  });

  it('leaves the sentences out for an older model and still shows the table', () => {
    const html = renderToStaticMarkup(<ForecastQualityCard metrics={older} />);
    expect(html).not.toContain('forecast-quality-revenue');
    expect(html).not.toContain('backtest-horizon-note');
    expect(html).toContain('aria-label="Risk backtest"');
    expect(html).toContain('<td>Exponential smoothing (ETS)</td>');
  });
});

describe('RunwayKpi', () => {
  it('shows the median and the 80% range, "more than N months" past the horizon', () => {
    const html = renderToStaticMarkup(<RunwayKpi runway={older.runway} scenario={null} />);
    expect(html).toContain('data-p50="11.6"');
    expect(html).toContain('data-p10="9.4"');
    expect(html).toContain('data-p90="beyond"');
    expect(html).toContain('80% range 9.4 months to more than 18 months');
    expect(html).not.toContain('runway-whatif');
  });
});

describe('FlowsChart', () => {
  it('exposes the first and last forecast months and whether bands are drawn', () => {
    const withBands = renderToStaticMarkup(
      <FlowsChart history={newer.history} forecast={newer.forecast} />,
    );
    expect(withBands).toContain('data-revenue-first="80000"');
    expect(withBands).toContain('data-revenue-last="83000"');
    expect(withBands).toContain('data-bands="calibrated"');
    expect(withBands).toContain('$ per month');
    const without = renderToStaticMarkup(
      <FlowsChart history={older.history} forecast={older.forecast} />,
    );
    expect(without).toContain('data-bands="none"');
  });
});

describe('what-if', () => {
  it('shows the reason next to the invalid field and no scenario numbers', () => {
    const inputs = { ...EMPTY_WHAT_IF, growthPoints: 'abc' };
    const { errors } = checkWhatIf(inputs);
    const html = renderToStaticMarkup(
      <WhatIfPanel inputs={inputs} errors={errors} onChange={() => {}} dates={older.forecast.dates}>
        <WhatIfResultLine whatIf={{ state: 'invalid' }} />
      </WhatIfPanel>,
    );
    expect(html).toMatch(/aria-invalid="true" aria-describedby="[^"]+-error"/);
    expect(html).toContain('data-testid="what-if-error-growthPoints"');
    expect(html).toContain('Enter a number, e.g. 2 or -1.5');
    expect(html).toContain('data-state="invalid"');
    expect(html).toContain('Fix the highlighted field to see this scenario');
  });

  it('shows an applied scenario', () => {
    const result: WhatIfResult = {
      modelId: 'm',
      fan: [],
      runway: { p10: 20, p50: 25.5, p90: null, shareBeyondHorizon: 0.4, horizon: 18 },
      probabilityCashOut: [],
      summary: { 3: 0, 6: 0, 12: 0.05, 18: 0.1 },
      scenario: { fundraise: { amount: 3e6, atMonth: 1 } },
      paths: 2000,
      horizon: 18,
    };
    const html = renderToStaticMarkup(<WhatIfResultLine whatIf={{ state: 'applied', result }} />);
    expect(html).toContain('data-state="applied"');
    expect(html).toContain('With this scenario');
    expect(html).toContain('25.5 months');
  });

  // A scenario the fields accept but the server refuses (400): the page says why, never keeps
  // the previous scenario's numbers.
  const previous = { runway: { p50: 30 } };
  const refusal = (message: string) => ({
    data: previous,
    isPlaceholderData: true,
    error: { message, data: { code: 'BAD_REQUEST' } },
  });
  const inputs = { ...EMPTY_WHAT_IF, growthPoints: '5', raiseAmount: '1000000' };
  const checked = checkWhatIf(inputs);

  it('puts a server refusal that names a field next to that field', () => {
    expect(checked.scenario).not.toBeNull();
    const { errors, state } = whatIfStateOf(
      checked,
      true,
      refusal('scenario.fundraise.amount: The amount must be at most $1 trillion either way'),
    );
    expect(state).toEqual({ state: 'invalid' });
    expect(errors).toEqual({ raiseAmount: 'The amount must be at most $1 trillion either way' });
    const html = renderToStaticMarkup(
      <WhatIfPanel inputs={inputs} errors={errors} onChange={() => {}} dates={older.forecast.dates}>
        <WhatIfResultLine whatIf={state} />
      </WhatIfPanel>,
    );
    expect(html).toContain('data-testid="what-if-error-raiseAmount"');
    expect(html).toContain('at most $1 trillion either way');
    expect(html).toContain('Scenario not applied');
    expect(html).not.toContain('With this scenario');
    expect(html).not.toContain('previous');
  });

  it('shows any other refusal as "Scenario not applied: …", without the previous numbers', () => {
    const { errors, state } = whatIfStateOf(
      checked,
      true,
      refusal('The scenario needs a risk assessment trained after 2026-11'),
    );
    expect(errors).toEqual({});
    expect(state).toEqual({
      state: 'error',
      message: 'The scenario needs a risk assessment trained after 2026-11',
    });
    const html = renderToStaticMarkup(<WhatIfResultLine whatIf={state} />);
    expect(html).toContain('data-state="error"');
    expect(html).toContain('Scenario not applied: The scenario needs a risk assessment');
    // Until the answer is for the fields as they are now, the refusal is not shown as theirs.
    expect(whatIfStateOf(checked, false, refusal('x')).state).toEqual({
      state: 'pending',
      previous: null,
    });
  });
});
