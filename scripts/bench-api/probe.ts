// Where the time of one API read goes, without HTTP: runs the data-access functions behind
// forecasts.latest / churn.latest / datasets.all / jobs.all in-process against a seeded database
// (e.g. one kept up by `run.ts --hold`) and times each, plus the JSON + gzip work the tRPC
// response does. Sequential, so it measures per-call cost, not queueing.
//   node --import tsx scripts/bench-api/probe.ts --db URL --key KEY --market ID --customers ID [--n 200]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  authenticateApiKey,
  createDb,
  getDataset,
  latestChurn,
  latestForecast,
  latestModel,
  listDatasets,
  ZChurnMetrics,
  ZForecastMetrics,
  listJobs,
} from '@foresight/db';

const { values: a } = parseArgs({
  options: {
    db: { type: 'string' },
    key: { type: 'string' },
    market: { type: 'string' },
    customers: { type: 'string' },
    n: { type: 'string', default: '200' },
  },
});
if (!a.db || !a.key || !a.market || !a.customers) {
  console.error('probe: --db, --key, --market and --customers are required');
  process.exit(2);
}
const dbUrl = new URL(a.db);
if (!['localhost', '127.0.0.1'].includes(dbUrl.hostname)) {
  console.error('probe: loopback databases only');
  process.exit(2);
}
const n = Number(a.n);
const db = createDb(a.db);
const auth = await authenticateApiKey(db, a.key);
if (!auth) throw new Error('the key does not authenticate');
const org = auth.organizationId;

async function time(label: string, fn: () => Promise<unknown> | unknown) {
  for (let i = 0; i < 20; i++) await fn(); // warm-up
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    lat.push(performance.now() - t);
  }
  lat.sort((x, y) => x - y);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1)]!.toFixed(2);
  console.log(`${label.padEnd(52)} p50 ${q(0.5).padStart(6)}  p95 ${q(0.95).padStart(6)} ms`);
}

const forecastResult = {
  forecast: await latestForecast(db, org, a.market),
  latestJob: (await listJobs(db, org, { datasetId: a.market, limit: 1, task: 'forecast' }))[0],
};
const churnResult = {
  churn: await latestChurn(db, org, a.customers, { limit: 50 }),
  latestJob: (await listJobs(db, org, { datasetId: a.customers, limit: 1, task: 'churn' }))[0],
};

console.log(`in-process, sequential, n=${n} (Node ${process.version})`);
await time('SELECT 1 through pg pool', () => db.pool.query('SELECT 1'));
await time('prisma $queryRaw SELECT 1', () => db.prisma.$queryRaw`SELECT 1`);
await time('authenticateApiKey (every request)', () => authenticateApiKey(db, a.key!));
await time('getDataset', () => getDataset(db, org, a.market!));
await time('latestForecast', () => latestForecast(db, org, a.market!));
await time('listJobs limit 1', () =>
  listJobs(db, org, { datasetId: a.market, limit: 1, task: 'forecast' }),
);
await time('latestChurn offset 0 limit 50', () =>
  latestChurn(db, org, a.customers!, { limit: 50 }),
);
const forecastModel = await latestModel(db, org, a.market, 'forecast');
const churnModel = await latestModel(db, org, a.customers, 'churn');
await time('  latestModel (forecast)', () => latestModel(db, org, a.market!, 'forecast'));
await time('  forecast model + points, raw pg (same rows)', () =>
  Promise.all([
    db.pool.query(
      'SELECT * FROM models WHERE organization_id = $1 AND dataset_id = $2 AND task = $3 ORDER BY version DESC LIMIT 1',
      [org, a.market, 'forecast'],
    ),
    db.pool.query('SELECT * FROM forecast_points WHERE model_id = $1 ORDER BY series, date', [
      forecastModel!.id,
    ]),
  ]),
);
await time('  ZForecastMetrics.safeParse(model.metrics)', () =>
  ZForecastMetrics.safeParse(forecastModel!.metrics),
);
await time('  ZChurnMetrics.safeParse(model.metrics)', () =>
  ZChurnMetrics.safeParse(churnModel!.metrics),
);
await time('listDatasets', () => listDatasets(db, org));
await time('listJobs (jobs.all)', () => listJobs(db, org, {}));
await time('forecasts.latest data path (auth+get+[forecast,jobs])', async () => {
  await authenticateApiKey(db, a.key!);
  await getDataset(db, org, a.market!);
  await Promise.all([
    latestForecast(db, org, a.market!),
    listJobs(db, org, { datasetId: a.market, limit: 1, task: 'forecast' }),
  ]);
});
await time('churn.latest data path (auth+get+[churn,jobs])', async () => {
  await authenticateApiKey(db, a.key!);
  await getDataset(db, org, a.customers!);
  await Promise.all([
    latestChurn(db, org, a.customers!, { limit: 50 }),
    listJobs(db, org, { datasetId: a.customers, limit: 1, task: 'churn' }),
  ]);
});
for (const [name, result] of [
  ['forecasts.latest', forecastResult],
  ['churn.latest', churnResult],
] as const) {
  const body = JSON.stringify({ result: { data: result } });
  console.log(`${name} response: ${body.length} bytes JSON, ${gzipSync(body).length} gzipped`);
  await time(`${name}: JSON.stringify`, () => JSON.stringify({ result: { data: result } }));
  await time(`${name}: gzip`, () => gzipSync(body));
}
await db.close();
