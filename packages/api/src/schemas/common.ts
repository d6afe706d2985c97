import { z } from 'zod';

/**
 * Output schemas are the public contract of the API: what a service (or the web) receives, as
 * plain JSON. Timestamps leave as ISO 8601 strings in UTC; never put `z.date()` in an output.
 */
export const ZTimestamp = z.date().transform((d) => d.toISOString());

export const ZTask = z.enum(['forecast', 'risk', 'churn', 'recommend']);
export const ZJobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

/** A page of a list, with the cursor of the next page (null on the last). */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/**
 * Any JSON value: only for free-form blobs whose shape is owned elsewhere and documented there
 * (a job's parameters, a model's hyper-parameters).
 */
export const ZJson: z.ZodType<unknown> = z.unknown();
