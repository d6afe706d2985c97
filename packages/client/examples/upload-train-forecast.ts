// Calling Foresight from another service with nothing but an API key:
// upload a CSV, wait for the forecast it trains, print the next periods.
//
//   FORESIGHT_URL=http://localhost:3000 FORESIGHT_API_KEY=fsk_… \
//     pnpm --filter @foresight/client example [path/to/market.csv]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createForesightClient } from '../src/index';

const url = process.env.FORESIGHT_URL ?? 'http://localhost:3000';
const apiKey = process.env.FORESIGHT_API_KEY;
if (!apiKey) {
  console.error('Set FORESIGHT_API_KEY to an organization API key with the "write" scope (Settings → API keys).');
  process.exit(2);
}
const csvPath =
  process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/market-sample.csv');

const foresight = createForesightClient({ url, apiKey });

const form = new FormData();
form.set('file', new File([await readFile(csvPath)], path.basename(csvPath), { type: 'text/csv' }));
form.set('name', 'Uploaded by the example client');
form.set('dateColumn', 'date');
form.set('valueColumn', 'revenue');
form.set('seriesColumn', 'region');
const upload = await foresight.datasets.uploadMarket.mutate(form);
console.log(`uploaded ${upload.rowCount} rows as dataset ${upload.datasetId}; training job ${upload.jobId}`);

// Training runs in the trainer service; poll the job until it finishes.
for (;;) {
  const job = await foresight.jobs.byId.query({ id: upload.jobId! });
  if (job.status === 'succeeded') break;
  if (job.status === 'failed' || job.status === 'cancelled') {
    console.error(`training ${job.status}: ${job.error ?? ''}`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

const { forecast } = await foresight.forecasts.latest.query({ datasetId: upload.datasetId });
if (!forecast) throw new Error('the job succeeded but no forecast was stored');
const chosen = forecast.metrics?.candidates.find((c) => c.name === forecast.chosen);
const naive = forecast.metrics?.candidates.find((c) => c.name === 'seasonal_naive');
console.log(`model: ${forecast.chosen} (backtest MASE ${chosen?.mase?.toFixed(3)} vs seasonal naive ${naive?.mase?.toFixed(3)})`);
for (const series of forecast.series) {
  for (const p of series.points.slice(0, 3)) {
    console.log(`${series.series} ${p.date}: ${p.p50.toFixed(1)} (80% interval ${p.p10.toFixed(1)} – ${p.p90.toFixed(1)})`);
  }
}
