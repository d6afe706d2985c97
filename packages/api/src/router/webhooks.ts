import {
  deleteWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  NotFoundError,
} from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZCreatedWebhook,
  ZCreateWebhookRequest,
  ZDeliveriesRequest,
  ZRemovedWebhook,
  ZWebhookDelivery,
  ZWebhookEndpoint,
} from '../schemas/webhooks';
import { createEndpoint } from '../services/webhook-endpoints';
import { adminProcedure } from '../trpc';

export const webhooksRouter = {
  /** The organization's endpoints (never their secrets: only the first characters). */
  list: adminProcedure
    .output(z.array(ZWebhookEndpoint))
    .query(({ ctx }) => listWebhookEndpoints(ctx.db, ctx.org.id)),

  /**
   * Adds an endpoint that receives every notification as a signed JSON POST, and returns its
   * signing secret once; store it now, it cannot be shown again.
   */
  create: adminProcedure
    .input(ZCreateWebhookRequest)
    .output(ZCreatedWebhook)
    .mutation(({ ctx, input }) => createEndpoint(ctx, input)),

  /** Deletes an endpoint and its deliveries. */
  remove: adminProcedure
    .input(z.object({ id: z.string().uuid() }))
    .output(ZRemovedWebhook)
    .mutation(async ({ ctx, input }) => {
      await deleteWebhookEndpoint(ctx.db, ctx.org.id, input.id);
      return { id: input.id };
    }),

  /** Recent deliveries, newest first, with their status, attempts and last HTTP status. */
  deliveries: adminProcedure
    .input(ZDeliveriesRequest)
    .output(z.array(ZWebhookDelivery))
    .query(async ({ ctx, input }) => {
      const endpointId = input.endpointId ?? null;
      if (endpointId) {
        const endpoints = await listWebhookEndpoints(ctx.db, ctx.org.id);
        if (!endpoints.some((e) => e.id === endpointId))
          throw new NotFoundError('Webhook endpoint');
      }
      return listDeliveries(ctx.db, ctx.org.id, endpointId, input.limit);
    }),
} satisfies TRPCRouterRecord;
