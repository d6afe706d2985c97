import { recentSeriesForecasts } from '@foresight/db';
import type { RuleOf } from '../rule-schema';
import { readSubject } from './subject';
import { stateOnly, type EvaluatorInput, type RuleOutcome } from './types';
import { formatNumber, formatRange, sentenceStart } from './wording';

/** Forecast models looked back through for the one made before the newest actuals. */
const MODELS_LOOKED_AT = 5;

/**
 * Compares the actuals that arrived after a forecast was made with its p10–p90 range, and fires
 * when the last `consecutive` of them are all outside it. The forecast is the newest one that
 * forecast the newest actuals' dates (its first forecast date is on or before the newest actual):
 * after a retrain on those actuals that is the previous model, so an upload and the retrain that
 * follows it judge the same periods against the same forecast. Period: the last actual's date.
 */
export async function evaluateForecastBreach({
  db,
  rule,
  spec,
}: EvaluatorInput<RuleOf<'forecast_breach'>>): Promise<RuleOutcome> {
  const name = spec.subject.series;
  const series = await readSubject(db, rule, { source: 'market', series: name });
  if ('outcome' in series) return series.outcome;
  const forecasts = await recentSeriesForecasts(
    db,
    rule.organizationId,
    rule.datasetId,
    name,
    MODELS_LOOKED_AT,
  );
  const withPoints = forecasts.filter((f) => f.points.length > 0);
  if (withPoints.length === 0) {
    return stateOnly(
      forecasts.length === 0
        ? 'No forecast yet; this rule starts once one is trained.'
        : `The latest forecast has no values for "${name}" (too little history to forecast it).`,
    );
  }
  const newestActual = series.dates.at(-1);
  const forecast = withPoints.find(
    (f) => newestActual !== undefined && f.points[0]!.date <= newestActual,
  );
  if (!forecast) {
    const latest = withPoints[0]!;
    return stateOnly(
      `Waiting for actuals: forecast v${latest.version} starts at ${latest.points[0]!.date}; the data ends at ${newestActual ?? 'no date'}.`,
      { modelId: latest.modelId, version: latest.version },
    );
  }
  const actualByDate = new Map(series.dates.map((date, i) => [date, series.values[i]!]));
  const compared = forecast.points.flatMap((p) => {
    const actual = actualByDate.get(p.date);
    if (actual === undefined) return [];
    const outside = actual > p.p90 ? 'above' : actual < p.p10 ? 'below' : null;
    return [{ ...p, actual, outside }];
  });
  const last = compared.at(-1);
  if (!last) {
    return stateOnly(
      `The actuals since forecast v${forecast.version} do not fall on its dates (${forecast.points[0]!.date} on).`,
      { modelId: forecast.modelId, version: forecast.version },
    );
  }
  let run = 0;
  for (let i = compared.length - 1; i >= 0 && compared[i]!.outside !== null; i -= 1) run += 1;

  const { consecutive } = spec.params;
  const range = formatRange(last.p10, last.p90);
  const resolution = Math.max((last.p90 - last.p10) / 20, Number.MIN_VALUE);
  const actual = formatNumber(last.actual, resolution);
  const values = {
    series: name,
    modelId: forecast.modelId,
    version: forecast.version,
    date: last.date,
    actual: last.actual,
    p10: last.p10,
    p50: last.p50,
    p90: last.p90,
    periods: compared.length,
    outsideInARow: run,
    consecutive,
  };
  const count = `${compared.length} period${compared.length === 1 ? '' : 's'}`;
  const state = {
    text: `${count} of actuals since forecast v${forecast.version}: latest ${actual} on ${last.date} against p10–p90 ${range}; ${run} in a row outside (alert at ${consecutive}).`,
    values,
  };
  if (run < consecutive) return { state, fire: null };
  const inARow = run === 1 ? 'this period' : `${run} periods in a row`;
  return {
    state,
    fire: {
      periodKey: `${name}:${last.date}`,
      summary: `${sentenceStart(name)} was outside its forecast's p10–p90 range ${inARow}: ${actual} on ${last.date}, ${last.outside} the forecast ${range} (forecast v${forecast.version}).`,
      values,
    },
  };
}
