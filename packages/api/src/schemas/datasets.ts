import { COLUMN_TYPES } from '@foresight/ingest';
import { z } from 'zod';
import { ZJson, ZTimestamp } from './common';

export const ZDatasetKind = z.enum(['market', 'events', 'financials', 'customers']);

/** A column of the uploaded file with its confirmed type (date, integer, decimal, text…). */
export const ZDatasetColumn = z.object({ name: z.string(), type: z.string() });

/** A dataset as listed: what it holds, its date range and who uploaded it. */
export const ZDataset = z.object({
  id: z.string(),
  kind: ZDatasetKind,
  name: z.string(),
  /** processing | ready | failed. */
  status: z.string(),
  rowCount: z.number(),
  /** Distinct series (market datasets); 1 for the other kinds. */
  seriesCount: z.number(),
  /** First and last date of the data, YYYY-MM-DD (null while empty or without dates). */
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  sourceFileName: z.string().nullable(),
  /** The confirmed mapping of the file's columns to roles, as saved at upload. */
  columnMapping: ZJson,
  /** The file's columns and confirmed types (empty for datasets stored before typed uploads). */
  columns: z.array(ZDatasetColumn),
  /** daily | weekly, or null: retrained only on new data or on request. */
  retrainSchedule: z.string().nullable(),
  createdAt: ZTimestamp,
  /** E-mail of the uploader; null for API keys and deleted users. */
  createdBy: z.string().nullable(),
});

/** A per-column summary of a stored dataset. */
export const ZColumnProfile = z.object({
  name: z.string(),
  /** The column's role in the mapping (e.g. "date", "user id"), or null. */
  role: z.string().nullable(),
  type: z.enum(COLUMN_TYPES),
  /** Share of rows where the column is blank, 0…1. */
  missingShare: z.number(),
  distinct: z.number(),
  min: z.union([z.string(), z.number()]).nullable(),
  max: z.union([z.string(), z.number()]).nullable(),
  /** Equal-width bins for numbers and dates; the most common values otherwise. */
  histogram: z.array(z.object({ label: z.string(), count: z.number() })),
  /** Market data with several series: the series this summary of the value covers. */
  series: z.string().optional(),
});

/** A dataset with its per-column summaries. */
export const ZDatasetDetail = ZDataset.extend({
  /** Null while the summaries are being computed after a load. */
  profile: z.array(ZColumnProfile).nullable(),
});

/** One series of a market dataset; `dates` (YYYY-MM-DD, ascending) and `values` align by index. */
export const ZSeriesHistory = z.object({
  series: z.string(),
  dates: z.array(z.string()),
  values: z.array(z.number()),
});

/** The first stored rows of a dataset; each row aligns with `header`. */
export const ZDatasetPreview = z.object({
  header: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
});

export const ZDeletedDataset = z.object({ id: z.string() });
