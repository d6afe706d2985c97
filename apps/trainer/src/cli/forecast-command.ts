import { z } from 'zod';
import { runForecastPipeline } from '../forecast-pipeline';
import { parseFlags, positiveInt, requiredText } from './args';
import { readSeries } from './input';
import { csvLine, writeOutput } from './io';

const FLAGS = [
  'input',
  'date-col',
  'value-col',
  'series-col',
  'horizon',
  'freq',
  'out',
  'report',
  'seed',
];

const ZForecastFlags = z.object({
  input: requiredText('the CSV to forecast'),
  'date-col': requiredText('the date column'),
  'value-col': requiredText('the value column'),
  'series-col': z.string().min(1).optional(),
  horizon: positiveInt('periods to forecast'),
  freq: z
    .enum(['auto', 'D', 'W', 'M', 'Q'], { error: 'must be auto, D, W, M or Q' })
    .default('auto'),
  out: requiredText('where to write forecasts.csv'),
  report: z.string().min(1).optional(),
  seed: positiveInt('random seed').optional(),
});

/** `foresight forecast`: CSV in → series,date,p10,p50,p90 out (+ optional JSON report). */
export async function forecastCommand(
  argv: string[],
  context: { backend: string; log: (l: string) => void },
) {
  const flags = parseFlags(argv, FLAGS, ZForecastFlags);
  const { history, rows } = await readSeries(flags.input, {
    date: flags['date-col'],
    value: flags['value-col'],
    series: flags['series-col'] ?? null,
  });

  const started = performance.now();
  const result = await runForecastPipeline(history, {
    horizon: flags.horizon,
    ...(flags.freq !== 'auto' ? { frequency: flags.freq } : {}),
    ...(flags.seed ? { seed: flags.seed } : {}),
    log: context.log,
  });
  let csv = csvLine(['series', 'date', 'p10', 'p50', 'p90']);
  for (const p of result.points) csv += csvLine([p.series, p.date, p.p10, p.p50, p.p90]);
  await writeOutput(flags.out, csv);
  if (flags.report) {
    const report = {
      command: 'forecast',
      input: flags.input,
      series: history.length,
      rows,
      frequency: result.metrics.frequency,
      horizon: result.metrics.horizon,
      backtestHorizon: result.report.holdoutHorizon,
      backtestOrigins: result.report.backtestOrigins,
      seasonality: result.metrics.seasonality,
      chosen: result.report.chosen,
      leaderboard: result.metrics.candidates,
      coverage80: {
        nominal: result.report.calibration.nominal,
        measured: result.report.calibration.measured,
        beforeCalibration: result.report.calibration.coverageBefore,
        stepGrowth: result.report.calibration.growth,
        seriesFactors: result.report.calibration.seriesFactors,
      },
      notes: result.metrics.notes,
      perSeries: result.metrics.perSeries,
      backend: result.report.backend,
      timings: {
        totalMs: Math.round(performance.now() - started),
        trainMs: result.metrics.trainMs,
      },
    };
    await writeOutput(flags.report, JSON.stringify(report, null, 2) + '\n');
  }
  context.log(
    `wrote ${result.points.length} forecasts for ${history.length} series to ${flags.out}`,
  );
}
