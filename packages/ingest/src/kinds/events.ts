import type { ColumnSpec, EventsRoles } from '../schema';
import { parseTimestamp } from '../detect/timestamp';
import {
  DATE_TYPES,
  NUMBER_TYPES,
  distinctRoles,
  roleColumn,
  textOf,
  type KindIngest,
} from './kind-ingest';

export interface EventRecord {
  userId: string;
  /** ISO 8601 in UTC */
  occurredAt: string;
  eventName: string | null;
  itemId: string | null;
  value: number | null;
}

/**
 * Event rows: who did what, when, optionally on which item and for how much. The time column may
 * be a date, a date and time, or a number — epoch seconds or milliseconds, or an order (1, 2, 3…)
 * — which parseTimestamp reads (small integers become seconds after 1970, in the same order).
 */
export function eventsIngest(roles: EventsRoles, columns: ColumnSpec[]): KindIngest<EventRecord> {
  const used = [
    { name: roles.user, role: 'user id' },
    { name: roles.time, role: 'timestamp' },
    ...(roles.event ? [{ name: roles.event, role: 'event name' }] : []),
    ...(roles.item ? [{ name: roles.item, role: 'item' }] : []),
    ...(roles.value ? [{ name: roles.value, role: 'value' }] : []),
  ];
  distinctRoles(used);
  roleColumn(columns, roles.user, 'user id');
  roleColumn(columns, roles.time, 'timestamp', [...DATE_TYPES, ...NUMBER_TYPES]);
  if (roles.event) roleColumn(columns, roles.event, 'event name');
  if (roles.item) roleColumn(columns, roles.item, 'item');
  if (roles.value) roleColumn(columns, roles.value, 'value', NUMBER_TYPES);

  const eventAt = roles.event ? 2 : -1;
  const itemAt = roles.item ? 2 + (roles.event ? 1 : 0) : -1;
  const valueAt = roles.value ? used.length - 1 : -1;
  return {
    columns: used,
    toRecords(row, cells, problems) {
      const userId = textOf(cells[0]!, row, roles.user, problems, 'every event needs a user id');
      const time = cells[1];
      if (time === null || time === undefined) {
        problems.add(row, roles.time, '', 'is empty (every event needs a time)');
        return null;
      }
      const eventName =
        eventAt === -1 ? null : textOf(cells[eventAt]!, row, roles.event!, problems, null);
      const itemId =
        itemAt === -1 ? null : textOf(cells[itemAt]!, row, roles.item!, problems, null);
      if (
        userId === undefined ||
        userId === null ||
        eventName === undefined ||
        itemId === undefined
      )
        return null;
      let occurredAt: string;
      if (typeof time === 'number') {
        const read = parseTimestamp(String(time));
        if (read === null) {
          problems.add(
            row,
            roles.time,
            String(time),
            'is not a Unix timestamp in the years 0001–9999 (seconds, or milliseconds from 100,000,000,000)',
          );
          return null;
        }
        occurredAt = read;
      } else {
        const text = String(time);
        occurredAt = text.length === 10 ? `${text}T00:00:00.000Z` : text;
      }
      const value = valueAt === -1 ? null : ((cells[valueAt] ?? null) as number | null);
      return [{ userId, occurredAt, eventName, itemId, value }];
    },
  };
}
