import { z } from 'zod';
import { ZTimestamp } from './common';

/** A timestamp that PostgreSQL built inside JSON (a string) or pg parsed (a Date), as ISO 8601. */
const ZJsonTimestamp = z.union([z.string(), z.date()]).transform((v) => new Date(v).toISOString());

export const ZDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);

/** A webhook endpoint, without its secret (only its first characters). */
export const ZWebhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  /** The signing secret's first characters ("whsec_AbCd"), to tell secrets apart. */
  secretPrefix: z.string(),
  createdAt: ZTimestamp,
  disabledAt: ZTimestamp.nullable(),
  /** The latest delivery that was tried; null when none was. */
  lastDelivery: z
    .object({
      status: z.string(),
      statusCode: z.number().int().nullable(),
      at: ZJsonTimestamp,
    })
    .nullable(),
});

export const ZCreateWebhookRequest = z.object({
  /** https://…, or http://localhost when the server allows it (FORESIGHT_ALLOW_LOCAL_WEBHOOKS=1). */
  url: z.string().trim().min(1, 'Enter the URL to send alerts to').max(2000),
  description: z.string().trim().max(200).default(''),
});

/** A new endpoint: `secret` signs every delivery (HMAC-SHA256), returned this once only. */
export const ZCreatedWebhook = z.object({ secret: z.string(), endpoint: ZWebhookEndpoint });

export const ZRemovedWebhook = z.object({ id: z.string() });

export const ZDeliveriesRequest = z
  .object({
    /** Only this endpoint's deliveries (NOT_FOUND when it is not the organization's). */
    endpointId: z.string().uuid().optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });

/** One notification sent (or being sent) to one endpoint. */
export const ZWebhookDelivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  notificationTitle: z.string(),
  status: ZDeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: ZTimestamp,
  deliveredAt: ZTimestamp.nullable(),
});
