import type { FinancialsHistory } from '@foresight/db';
import { z } from 'zod';
import { runRiskPipeline } from '../risk-pipeline';
import { parseFlags, positiveInt, requiredText } from './args';
import { readPeriods } from './input';
import { writeOutput } from './io';
import { CliUsageError } from './usage-error';

const FLAGS = [
  'input',
  'date-col',
  'cash-col',
  'revenue-col',
  'expense-col',
  'horizon',
  'paths',
  'seed',
  'out',
];

const ZRiskFlags = z.object({
  input: requiredText('the financials CSV'),
  'date-col': requiredText('the period column'),
  'cash-col': requiredText('the cash balance column'),
  'revenue-col': requiredText('the revenue column'),
  // Several cost columns: comma-separated; they are summed.
  'expense-col': requiredText('the expense column(s), comma-separated').transform((v) =>
    v
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  ),
  horizon: positiveInt('months to simulate').default(18),
  paths: positiveInt('Monte Carlo paths').optional(),
  seed: positiveInt('random seed').optional(),
  out: requiredText('where to write risk.json'),
});

/** `foresight risk`: financials CSV in → runway & cash-out risk JSON out. */
export async function riskCommand(
  argv: string[],
  context: { backend: string; log: (l: string) => void },
) {
  const flags = parseFlags(argv, FLAGS, ZRiskFlags);
  if (flags.paths !== undefined && flags.paths < 100)
    throw new CliUsageError('--paths: must be at least 100');
  const rows = await readPeriods(flags.input, {
    date: flags['date-col'],
    revenue: flags['revenue-col'],
    expenses: flags['expense-col'],
    cash: flags['cash-col'],
  });
  const history: FinancialsHistory = {
    dates: rows.map((r) => r.date),
    revenue: rows.map((r) => r.revenue),
    expenses: rows.map((r) => r.expenses),
    expenseLines:
      flags['expense-col'].length > 1
        ? flags['expense-col'].map((name) => ({
            name,
            values: rows.map((r) => r.expenseLines?.[name] ?? 0),
          }))
        : null,
    cash: rows.map((r) => r.cash!),
    startingCash: null,
  };
  const started = performance.now();
  const result = await runRiskPipeline(history, {
    horizon: flags.horizon,
    ...(flags.paths ? { paths: flags.paths } : {}),
    ...(flags.seed ? { seed: flags.seed } : {}),
    log: context.log,
  });
  const { metrics } = result;
  const out = {
    command: 'risk',
    input: flags.input,
    asOf: metrics.asOf,
    currentCash: metrics.currentCash,
    horizonMonths: metrics.horizon,
    paths: metrics.paths,
    runwayMonths: metrics.runway,
    probabilityCashOut: metrics.summary,
    probabilityCashOutByMonth: metrics.probabilityCashOut,
    cashFan: metrics.fan,
    constantBurn: metrics.constantBurn,
    forecast: metrics.forecast,
    anomalies: metrics.anomalies,
    backtest: metrics.backtest,
    backtestHorizonMonths: metrics.backtestHorizon,
    forecastQuality: metrics.forecastQuality,
    notes: metrics.notes,
    sampling: metrics.sampling,
    model: result.chosen,
    backend: result.backend,
    timings: { totalMs: Math.round(performance.now() - started) },
  };
  await writeOutput(flags.out, JSON.stringify(out, null, 2) + '\n');
  const r = metrics.runway;
  context.log(
    `runway p50 ${r.p50 === null ? `beyond ${r.horizon}` : r.p50.toFixed(1)} months; ` +
      `P(cash < 0 within 12 months) ${metrics.summary['12'] === null ? 'n/a' : metrics.summary['12']!.toFixed(2)}; wrote ${flags.out}`,
  );
}
