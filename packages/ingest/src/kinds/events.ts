import type { ColumnSpec, EventsRoles } from '../schema';
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

/** Event rows: who did what, when, optionally on which item and for how much. */
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
  roleColumn(columns, roles.time, 'timestamp', DATE_TYPES);
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
      const text = String(time);
      const occurredAt = text.length === 10 ? `${text}T00:00:00.000Z` : text;
      const value = valueAt === -1 ? null : ((cells[valueAt] ?? null) as number | null);
      return [{ userId, occurredAt, eventName, itemId, value }];
    },
  };
}
