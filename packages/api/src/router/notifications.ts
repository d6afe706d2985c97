import { listNotifications, markNotificationsRead } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import {
  ZListNotificationsRequest,
  ZMarkedRead,
  ZMarkReadRequest,
  ZNotificationList,
} from '../schemas/notifications';
import { orgProcedure } from '../trpc';

export const notificationsRouter = {
  /** The organization's notifications (fired alerts, digests), newest first, and how many are unread. */
  list: orgProcedure
    .input(ZListNotificationsRequest)
    .output(ZNotificationList)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.org.id, input.limit)),

  /** Marks notifications read (ids of another organization's change nothing). */
  markRead: orgProcedure
    .input(ZMarkReadRequest)
    .output(ZMarkedRead)
    .mutation(async ({ ctx, input }) => ({
      marked: await markNotificationsRead(ctx.db, ctx.org.id, 'ids' in input ? input.ids : null),
    })),
} satisfies TRPCRouterRecord;
