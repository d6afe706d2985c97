import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createFinancialsDataset, createMarketDataset, type DbHandle, type FinancialsColumnMapping } from '@foresight/db';
import { readFinancialsCsv, readMarketCsv, type MarketMapping } from '@foresight/ingest';
import type { JobSender } from '../trpc';
import { startTrainingJob } from './start-training-job';

interface UploadOptions {
  db: DbHandle;
  queue: JobSender;
  organizationId: string;
  userId: string;
  name: string;
  fileName: string | null;
  file: WebReadableStream<Uint8Array>;
}

export interface UploadResult {
  datasetId: string;
  rowCount: number;
  jobId: string;
}

/**
 * Streams an uploaded market CSV through validation into the database (all rows or none), then
 * queues a forecast for it.
 */
export async function uploadMarketDataset(options: UploadOptions & { mapping: MarketMapping }): Promise<UploadResult> {
  const dataset = await createMarketDataset(options.db, {
    organizationId: options.organizationId,
    userId: options.userId,
    name: options.name,
    sourceFileName: options.fileName,
    mapping: options.mapping,
    rows: readMarketCsv(Readable.fromWeb(options.file), options.mapping),
  });
  const job = await startTrainingJob({ ...options, datasetId: dataset.id, task: 'forecast', params: {} });
  return { datasetId: dataset.id, rowCount: dataset.rowCount, jobId: job.id };
}

/** Same for a financials CSV, then queues the runway & risk assessment. */
export async function uploadFinancialsDataset(
  options: UploadOptions & { mapping: FinancialsColumnMapping },
): Promise<UploadResult> {
  const dataset = await createFinancialsDataset(options.db, {
    organizationId: options.organizationId,
    userId: options.userId,
    name: options.name,
    sourceFileName: options.fileName,
    mapping: options.mapping,
    rows: readFinancialsCsv(Readable.fromWeb(options.file), options.mapping),
  });
  const job = await startTrainingJob({ ...options, datasetId: dataset.id, task: 'risk', params: {} });
  return { datasetId: dataset.id, rowCount: dataset.rowCount, jobId: job.id };
}
