// Calling Foresight from another service with nothing but an API key:
// upload a CSV, wait for the forecast it trains, print the next periods.
//
//   FORESIGHT_URL=http://localhost:3000 FORESIGHT_API_KEY=fsk_… \
//     pnpm --filter @foresight/client example [path/to/market.csv]
//
// An upload takes three steps: announce the file (`uploads.create`), PUT its bytes to the
// `uploadUrl` it returns (answered with what was detected: columns, types, a proposed mapping),
// then import it with a confirmed mapping (`uploads.ingest`) and poll `uploads.byId`.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createForesightClient, sendUpload } from '../src/index';

const url = process.env.FORESIGHT_URL ?? 'http://localhost:3000';
const apiKey = process.env.FORESIGHT_API_KEY;
if (!apiKey) {
  console.error('Set FORESIGHT_API_KEY to an organization API key with the "write" scope (Settings → API keys).');
  process.exit(2);
}
const csvPath =
  process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/market-sample.csv');

const foresight = createForesightClient({ url, apiKey });

// 1. Announce the file; too-large files are refused here, before any byte is sent.
const { size } = await stat(csvPath);
const { id: uploadId, uploadUrl } = await foresight.uploads.create.mutate({
  fileName: path.basename(csvPath),
  sizeBytes: size,
});

// 2. Stream its bytes (never read whole into memory); the answer says how it was read.
const received = await sendUpload({ url, apiKey }, uploadUrl, Readable.toWeb(createReadStream(csvPath)));
const detection = received.detection!;
const roles = detection.proposals.market;
if (!roles.date || roles.values.length === 0) {
  console.error(`no date and value columns recognised in ${detection.header.join(', ')}`);
  process.exit(1);
}

// 3. Import it as market data with the proposed mapping and the detected column types.
await foresight.uploads.ingest.mutate({
  uploadId,
  kind: 'market',
  target: { mode: 'new', name: 'Uploaded by the example client' },
  roles,
  columns: detection.columns.map(({ name, type, dateFormat, decimalSeparator }) => ({
    name,
    type,
    dateFormat,
    decimalSeparator,
  })),
});
// The import runs on the server; poll the upload until it is stored (or refused).
let upload = await foresight.uploads.byId.query({ id: uploadId });
while (upload.status === 'processing') {
  await new Promise((resolve) => setTimeout(resolve, 500));
  upload = await foresight.uploads.byId.query({ id: uploadId });
}
if (upload.status !== 'stored' || !upload.datasetId || !upload.result) {
  const first = upload.problems[0];
  console.error(
    `import ${upload.status}: ${upload.message ?? ''}${first ? ` (row ${first.row}, column ${first.column}: ${first.reason})` : ''}`,
  );
  process.exit(1);
}
const datasetId = upload.datasetId;
const [jobId] = upload.result.jobIds;
if (!jobId) throw new Error('the import queued no training job');
console.log(`uploaded ${upload.result.rowsStored} rows as dataset ${datasetId}; training job ${jobId}`);

// Training runs in the trainer service; poll the job until it finishes.
for (;;) {
  const job = await foresight.jobs.byId.query({ id: jobId });
  if (job.status === 'succeeded') break;
  if (job.status === 'failed' || job.status === 'cancelled') {
    console.error(`training ${job.status}: ${job.error ?? ''}`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

const { forecast } = await foresight.forecasts.latest.query({ datasetId });
if (!forecast) throw new Error('the job succeeded but no forecast was stored');
const chosen = forecast.metrics?.candidates.find((c) => c.name === forecast.chosen);
const naive = forecast.metrics?.candidates.find((c) => c.name === 'seasonal_naive');
console.log(`model: ${forecast.chosen} (backtest MASE ${chosen?.mase?.toFixed(3)} vs seasonal naive ${naive?.mase?.toFixed(3)})`);
for (const series of forecast.series) {
  for (const p of series.points.slice(0, 3)) {
    console.log(`${series.series} ${p.date}: ${p.p50.toFixed(1)} (80% interval ${p.p10.toFixed(1)} – ${p.p90.toFixed(1)})`);
  }
}
