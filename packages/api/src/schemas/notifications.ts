import { z } from 'zod';
import { ZTimestamp } from './common';

/** An in-app notification: a fired alert or the weekly digest. */
export const ZNotification = z.object({
  id: z.string(),
  kind: z.enum(['alert', 'digest']),
  title: z.string(),
  body: z.string(),
  /** Where in the app to look (a path such as "/trends?dataset=…"), or null. */
  link: z.string().nullable(),
  createdAt: ZTimestamp,
  /** Null while unread (read state is shared by the organization's members). */
  readAt: ZTimestamp.nullable(),
});

export const ZNotificationList = z.object({
  items: z.array(ZNotification),
  /** Unread notifications of the organization, all of them (not only those in `items`). */
  unread: z.number().int(),
});

export const ZListNotificationsRequest = z
  .object({ limit: z.number().int().min(1).max(200).default(50) })
  .default({ limit: 50 });

/** The given notifications, or all of the organization's. */
export const ZMarkReadRequest = z.union([
  z.object({ ids: z.array(z.string().uuid()).min(1).max(500) }),
  z.object({ all: z.literal(true) }),
]);

export const ZMarkedRead = z.object({ marked: z.number().int() });
