import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createMarketDataset, type DbHandle } from '@foresight/db';
import { readMarketCsv, type MarketMapping } from '@foresight/ingest';
import type { JobSender } from '../trpc';
import { startForecastJob } from './start-forecast';

/**
 * Streams an uploaded market CSV through validation into the database (all rows or none), then
 * queues a forecast for it. Returns the new dataset and job ids.
 */
export async function uploadMarketDataset(options: {
  db: DbHandle;
  queue: JobSender;
  organizationId: string;
  userId: string;
  name: string;
  fileName: string | null;
  file: WebReadableStream<Uint8Array>;
  mapping: MarketMapping;
}): Promise<{ datasetId: string; rowCount: number; jobId: string }> {
  const rows = readMarketCsv(Readable.fromWeb(options.file), options.mapping);
  const dataset = await createMarketDataset(options.db, {
    organizationId: options.organizationId,
    userId: options.userId,
    name: options.name,
    sourceFileName: options.fileName,
    mapping: options.mapping,
    rows,
  });
  const job = await startForecastJob({
    db: options.db,
    queue: options.queue,
    organizationId: options.organizationId,
    userId: options.userId,
    datasetId: dataset.id,
    params: {},
  });
  return { datasetId: dataset.id, rowCount: dataset.rowCount, jobId: job.id };
}
