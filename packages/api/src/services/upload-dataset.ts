import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  createCustomersDataset,
  createEventsDataset,
  createFinancialsDataset,
  createMarketDataset,
  type DbHandle,
  type FinancialsColumnMapping,
} from '@foresight/db';
import {
  readCustomersCsv,
  readEventsCsv,
  readFinancialsCsv,
  readMarketCsv,
  type CustomersMapping,
  type EventsMapping,
  type MarketMapping,
} from '@foresight/ingest';
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
  /** The first training job queued for the new dataset, if any. */
  jobId: string | null;
  jobIds: string[];
}

/**
 * Streams an uploaded market CSV through validation into the database (all rows or none), then
 * queues a forecast for it.
 */
export async function uploadMarketDataset(
  options: UploadOptions & { mapping: MarketMapping },
): Promise<UploadResult> {
  const dataset = await createMarketDataset(options.db, {
    organizationId: options.organizationId,
    userId: options.userId,
    name: options.name,
    sourceFileName: options.fileName,
    mapping: options.mapping,
    rows: readMarketCsv(Readable.fromWeb(options.file), options.mapping),
  });
  const job = await startTrainingJob({
    ...options,
    datasetId: dataset.id,
    task: 'forecast',
    params: {},
  });
  return { datasetId: dataset.id, rowCount: dataset.rowCount, jobId: job.id, jobIds: [job.id] };
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
  const job = await startTrainingJob({
    ...options,
    datasetId: dataset.id,
    task: 'risk',
    params: {},
  });
  return { datasetId: dataset.id, rowCount: dataset.rowCount, jobId: job.id, jobIds: [job.id] };
}

/**
 * An events CSV (one row per user action), then queues churn prediction (event mode) and, when
 * an item column is mapped, recommendations.
 */
export async function uploadEventsDataset(
  options: UploadOptions & { mapping: EventsMapping },
): Promise<UploadResult> {
  const dataset = await createEventsDataset(options.db, {
    organizationId: options.organizationId,
    userId: options.userId,
    name: options.name,
    sourceFileName: options.fileName,
    mapping: options.mapping,
    rows: readEventsCsv(Readable.fromWeb(options.file), options.mapping),
  });
  const tasks = options.mapping.item ? (['churn', 'recommend'] as const) : (['churn'] as const);
  const jobIds: string[] = [];
  for (const task of tasks) {
    jobIds.push(
      (await startTrainingJob({ ...options, datasetId: dataset.id, task, params: {} })).id,
    );
  }
  return { datasetId: dataset.id, rowCount: dataset.rowCount, jobId: jobIds[0] ?? null, jobIds };
}

/** A customers CSV (one row per customer); with a yes/no label column, queues churn prediction. */
export async function uploadCustomersDataset(
  options: UploadOptions & { mapping: CustomersMapping },
): Promise<UploadResult> {
  const dataset = await createCustomersDataset(options.db, {
    organizationId: options.organizationId,
    userId: options.userId,
    name: options.name,
    sourceFileName: options.fileName,
    mapping: options.mapping,
    rows: readCustomersCsv(Readable.fromWeb(options.file), options.mapping),
  });
  const jobIds = options.mapping.label
    ? [
        (await startTrainingJob({ ...options, datasetId: dataset.id, task: 'churn', params: {} }))
          .id,
      ]
    : [];
  return { datasetId: dataset.id, rowCount: dataset.rowCount, jobId: jobIds[0] ?? null, jobIds };
}
