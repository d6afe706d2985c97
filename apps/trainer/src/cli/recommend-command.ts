import { z } from 'zod';
import { runRecommendPipeline } from '../recommend-pipeline';
import { parseFlags, positiveInt, requiredText } from './args';
import { readInteractions } from './input';
import { csvLine, writeOutput } from './io';

const FLAGS = ['input', 'user-col', 'item-col', 'time-col', 'k', 'out', 'report', 'seed'];

const ZFlags = z.object({
  input: requiredText('the interactions CSV'),
  'user-col': requiredText('the user id column'),
  'item-col': requiredText('the item id column'),
  'time-col': z.string().min(1).optional(),
  k: positiveInt('items per user').default(10),
  out: requiredText('where to write recs.csv'),
  report: z.string().min(1).optional(),
  seed: positiveInt('random seed').optional(),
});

/**
 * `foresight recommend`: interactions in → recs.csv: user,item,rank,score,because (k unseen items
 * per user; `because` is the user's item that contributed most, empty when the model gives none).
 */
export async function recommendCommand(
  argv: string[],
  context: { backend: string; log: (l: string) => void },
) {
  const flags = parseFlags(argv, FLAGS, ZFlags);
  const log = await readInteractions(flags.input, {
    user: flags['user-col'],
    item: flags['item-col'],
    time: flags['time-col'] ?? null,
  });
  const started = performance.now();
  const result = await runRecommendPipeline(log, {
    k: flags.k,
    ...(flags.seed ? { seed: flags.seed } : {}),
  });
  let csv = csvLine(['user', 'item', 'rank', 'score', 'because']);
  for (const r of result.recommendations)
    r.items.forEach(
      (it, i) => (csv += csvLine([r.user, it.item, i + 1, it.score, it.because ?? ''])),
    );
  await writeOutput(flags.out, csv);
  if (flags.report) {
    await writeOutput(
      flags.report,
      JSON.stringify(
        {
          command: 'recommend',
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
    `${result.chosen} chosen (NDCG@10 ${best?.ndcg10.toFixed(3)}); wrote ${result.recommendations.length} users to ${flags.out}`,
  );
}
