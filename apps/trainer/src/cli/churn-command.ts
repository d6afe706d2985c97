import type { ChurnScoreRow } from '@foresight/db';
import { z } from 'zod';
import { runChurnPipeline, type ChurnSource } from '../churn-pipeline';
import { parseFlags, positiveInt, requiredText } from './args';
import { readCustomerColumns, readEventLog } from './input';
import { csvLine, writeOutput } from './io';
import { CliUsageError } from './usage-error';

const TABLE_FLAGS = ['train', 'label-col', 'id-col', 'predict', 'out', 'report', 'seed'];
const EVENT_FLAGS = [
  'events',
  'user-col',
  'time-col',
  'event-col',
  'value-col',
  'window-days',
  'out',
  'report',
  'seed',
];

const ZTableFlags = z.object({
  train: requiredText('the labelled CSV'),
  'label-col': requiredText('the yes/no churn column'),
  'id-col': requiredText('the id column'),
  predict: requiredText('the CSV of customers to score'),
  out: requiredText('where to write scores.csv'),
  report: z.string().min(1).optional(),
  seed: positiveInt('random seed').optional(),
});

const ZEventFlags = z.object({
  events: requiredText('the events CSV'),
  'user-col': requiredText('the user id column'),
  'time-col': requiredText('the timestamp column'),
  'event-col': z.string().min(1).optional(),
  'value-col': z.string().min(1).optional(),
  'window-days': positiveInt('days without activity that count as churn').default(30),
  out: requiredText('where to write scores.csv'),
  report: z.string().min(1).optional(),
  seed: positiveInt('random seed').optional(),
});

/** Customers listed with their reasons after a run. */
const TOP_AT_RISK = 5;

/** The drivers as sentences ("no activity for 41 days (typical 6); …"); the feature name for old rows without text. */
export function driverSentences(drivers: ChurnScoreRow['drivers'], limit = 3): string {
  return drivers
    .slice(0, limit)
    .map((d) => d.text ?? d.feature)
    .join('; ');
}

/**
 * `foresight churn`: labelled table mode (--train/--predict) or event-log mode (--events).
 * → scores.csv: id,score,drivers (probability of churn, highest first; the top three drivers in
 * words, `; `-separated) (+ optional JSON report); prints the five most at risk with their drivers.
 */
export async function churnCommand(
  argv: string[],
  context: { backend: string; log: (l: string) => void },
) {
  let source: ChurnSource;
  let seed: number | undefined;
  let out: string;
  let report: string | undefined;
  if (argv.includes('--events')) {
    const flags = parseFlags(argv, EVENT_FLAGS, ZEventFlags);
    const log = await readEventLog(flags.events, {
      user: flags['user-col'],
      time: flags['time-col'],
      event: flags['event-col'] ?? null,
      value: flags['value-col'] ?? null,
    });
    source = { kind: 'events', log, windowDays: flags['window-days'] };
    ({ seed, out, report } = flags);
  } else if (argv.includes('--train')) {
    const flags = parseFlags(argv, TABLE_FLAGS, ZTableFlags);
    const train = await readCustomerColumns(flags.train, '--train', flags['id-col']);
    if (!train.header.includes(flags['label-col'])) {
      throw new CliUsageError(
        `--label-col: "${flags['label-col']}" is not a column of ${flags.train} (${train.header.join(', ')})`,
      );
    }
    const predict = await readCustomerColumns(flags.predict, '--predict', flags['id-col']);
    source = {
      kind: 'table',
      train: train.columns,
      predict: predict.columns,
      idColumn: flags['id-col'],
      labelColumn: flags['label-col'],
    };
    ({ seed, out, report } = flags);
  } else {
    throw new CliUsageError(
      'give either --train (labelled table mode) or --events (event-log mode)',
    );
  }
  const started = performance.now();
  const result = await runChurnPipeline(source, { ...(seed ? { seed } : {}) });
  let csv = csvLine(['id', 'score', 'drivers']);
  for (const s of result.scores) csv += csvLine([s.id, s.score, driverSentences(s.drivers)]);
  await writeOutput(out, csv);
  if (report) {
    await writeOutput(
      report,
      JSON.stringify(
        {
          command: 'churn',
          ...result.metrics,
          leaderboard: result.metrics.candidates,
          timings: {
            totalMs: Math.round(performance.now() - started),
            trainMs: result.metrics.trainMs,
          },
        },
        null,
        2,
      ) + '\n',
    );
  }
  const best = result.metrics.candidates.find((c) => c.name === result.chosen);
  context.log(
    `${result.chosen} chosen (ROC-AUC ${best?.rocAuc.toFixed(3)}); wrote ${result.scores.length} scores to ${out}`,
  );
  const atRisk = result.scores.slice(0, TOP_AT_RISK);
  if (atRisk.length > 0) context.log('most at risk:');
  for (const s of atRisk) {
    context.log(`  ${s.id} ${(s.score * 100).toFixed(0)}%: ${driverSentences(s.drivers) || '—'}`);
  }
}
