import type { Readable } from 'node:stream';
import { numberCell } from './cells';
import { readCsvRecords } from './csv-records';
import { UploadError } from './upload-error';
import { TIMESTAMP_EXPECTED, parseTimestamp } from './values';

export interface EventsMapping {
  user: string;
  time: string;
  event: string | null;
  item: string | null;
  value: string | null;
}

export interface EventsRecord {
  userId: string;
  occurredAt: string;
  eventName: string | null;
  itemId: string | null;
  value: number | null;
}

const MAX_ID = 200;

function idCell(row: number, column: string, raw: string, required: boolean): string | null {
  const text = raw.trim();
  if (!text) {
    if (required) throw UploadError.atCell(row, column, raw, 'is empty (an id is required)');
    return null;
  }
  if (text.length > MAX_ID)
    throw UploadError.atCell(row, column, text, `is longer than ${MAX_ID} characters`);
  return text;
}

/** Streams an events CSV (one row per user action) and yields validated events. */
export async function* readEventsCsv(
  input: Readable,
  mapping: EventsMapping,
): AsyncGenerator<EventsRecord> {
  const columns = [
    { name: mapping.user, role: 'user id' },
    { name: mapping.time, role: 'timestamp' },
    ...(mapping.event ? [{ name: mapping.event, role: 'event name' }] : []),
    ...(mapping.item ? [{ name: mapping.item, role: 'item' }] : []),
    ...(mapping.value ? [{ name: mapping.value, role: 'value' }] : []),
  ];
  for await (const r of readCsvRecords(input, columns)) {
    const userId = idCell(r.row, mapping.user, r.get(mapping.user), true)!;
    const rawTime = r.get(mapping.time);
    const occurredAt = parseTimestamp(rawTime);
    if (!occurredAt) {
      throw UploadError.atCell(r.row, mapping.time, rawTime, TIMESTAMP_EXPECTED);
    }
    const eventName = mapping.event
      ? idCell(r.row, mapping.event, r.get(mapping.event), false)
      : null;
    const itemId = mapping.item ? idCell(r.row, mapping.item, r.get(mapping.item), false) : null;
    let value: number | null = null;
    if (mapping.value && r.get(mapping.value).trim() !== '')
      value = numberCell(r.row, mapping.value, r.get(mapping.value));
    yield { userId, occurredAt, eventName, itemId, value };
  }
}
