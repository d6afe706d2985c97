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
import type { TrainableTask } from '@foresight/queue';
import type { JobSender } from '../trpc';
import { startTrainingJob } from './start-training-job';

export interface UploadOptions<M> {
  db: DbHandle;
  queue: JobSender;
  organizationId: string;
  /** null when a service uploads with an API key. */
  userId: string | null;
  name: string;
  fileName: string | null;
  file: WebReadableStream<Uint8Array>;
  mapping: M;
}

export interface UploadResult {
  datasetId: string;
  rowCount: number;
  /** The first training job queued for the new dataset, if any. */
  jobId: string | null;
  jobIds: string[];
}

type Store<M, R> = (
  db: DbHandle,
  input: {
    organizationId: string;
    userId: string | null;
    name: string;
    sourceFileName: string | null;
    mapping: M;
    rows: AsyncIterable<R>;
  },
) => Promise<{ id: string; rowCount: number }>;

/**
 * Streams an uploaded CSV through its kind's validating reader into the database (all rows or
 * none), then queues the training tasks that dataset feeds.
 */
async function storeAndTrain<M, R>(
  options: UploadOptions<M>,
  read: (input: Readable, mapping: M) => AsyncIterable<R>,
  store: Store<M, R>,
  tasks: readonly TrainableTask[],
): Promise<UploadResult> {
  const dataset = await store(options.db, {
    organizationId: options.organizationId,
    userId: options.userId,
    name: options.name,
    sourceFileName: options.fileName,
    mapping: options.mapping,
    rows: read(Readable.fromWeb(options.file), options.mapping),
  });
  const jobIds: string[] = [];
  for (const task of tasks) {
    jobIds.push(
      (await startTrainingJob({ ...options, datasetId: dataset.id, task, params: {} })).id,
    );
  }
  return { datasetId: dataset.id, rowCount: dataset.rowCount, jobId: jobIds[0] ?? null, jobIds };
}

/** A market CSV; queues a forecast. */
export const uploadMarketDataset = (options: UploadOptions<MarketMapping>) =>
  storeAndTrain(options, readMarketCsv, createMarketDataset, ['forecast']);

/** A financials CSV; queues the runway & risk assessment. */
export const uploadFinancialsDataset = (options: UploadOptions<FinancialsColumnMapping>) =>
  storeAndTrain(options, readFinancialsCsv, createFinancialsDataset, ['risk']);

/** An events CSV; queues churn (event mode) and, when an item column is mapped, recommendations. */
export const uploadEventsDataset = (options: UploadOptions<EventsMapping>) =>
  storeAndTrain(
    options,
    readEventsCsv,
    createEventsDataset,
    options.mapping.item ? ['churn', 'recommend'] : ['churn'],
  );

/** A customers CSV; with a yes/no label column, queues churn prediction. */
export const uploadCustomersDataset = (options: UploadOptions<CustomersMapping>) =>
  storeAndTrain(
    options,
    readCustomersCsv,
    createCustomersDataset,
    options.mapping.label ? ['churn'] : [],
  );
