// The benchmark's event log: the sample-data generator's product log (users signing up at a
// rising rate, heavy-tailed activity that fades until they churn, 7 event names, items with a
// Zipf popularity skew and a favourite category per user, revenue on purchases) over one year,
// with as many users as it takes to reach the requested number of events. Written once to a CSV
// file, streamed (one user's events at a time), and read back row by row for each engine.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EventRow } from '@foresight/db';
import { eventsLines, type EventsLogOptions } from '@foresight/sample-data';

export const SEED = 20261207;
export const LOG_DAYS = 365;

export interface GeneratedLog {
  file: string;
  events: number;
  users: number;
  items: number;
  bytes: number;
  /** First and last day of the log (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Generating and writing the file (the pilot run sizing it included), s. */
  seconds: number;
  /** Written events per second, the pilot left out. */
  eventsPerSecond: number;
}

/** A catalogue that grows with the log, more slowly: 240 items at 100k events, ~2,400 at 10M. */
export function logOptions(events: number): Required<EventsLogOptions> {
  return {
    days: LOG_DAYS,
    itemsPerCategory: Math.max(40, Math.min(2_000, Math.round(Math.sqrt(events) / 8))),
  };
}

/** Events per user under `options`, from a pilot run of 20,000 users (under a second). */
export function eventsPerUser(options: EventsLogOptions): number {
  const pilotUsers = 20_000;
  let lines = -1; // the header
  for (const line of eventsLines(SEED ^ 0x9e37, pilotUsers, options)) if (line) lines++;
  return lines / pilotUsers;
}

/** Writes about `events` events (exactly, unless the users run out first) to `file` as CSV. */
export async function generateLog(file: string, events: number): Promise<GeneratedLog> {
  const started = performance.now();
  const options = logOptions(events);
  const users = Math.ceil((events / eventsPerUser(options)) * 1.02);
  const writing = performance.now();
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let written = 0;
  let signups = 0;
  let bytes = 0;
  let first = '';
  let last = '';
  const items = new Set<string>();
  let chunk = '';
  let header = true;
  for (const line of eventsLines(SEED, users, options)) {
    if (header) {
      header = false;
    } else {
      if (written >= events) break;
      written++;
      // user_id,timestamp,event,item_id,revenue
      const a = line.indexOf(',');
      const b = line.indexOf(',', a + 1);
      const c = line.indexOf(',', b + 1);
      const d = line.indexOf(',', c + 1);
      const at = line.slice(a + 1, a + 11);
      if (first === '' || at < first) first = at;
      if (at > last) last = at;
      if (line.charCodeAt(b + 1) === 115 /* s */ && line.startsWith('signup', b + 1)) signups++;
      if (d > c + 1) items.add(line.slice(c + 1, d));
    }
    chunk += line + '\n';
    if (chunk.length >= 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  const seconds = (performance.now() - started) / 1000;
  const writeSeconds = (performance.now() - writing) / 1000;
  return {
    file,
    events: written,
    users: signups,
    items: items.size,
    bytes,
    from: first,
    to: last,
    seconds,
    eventsPerSecond: written / writeSeconds,
  };
}

/** `2025-03-04T09:15:02Z` → `2025-03-04T09:15:02.000Z`, as the importer hands times on. */
const isoMillis = (at: string) => (at.length === 20 ? `${at.slice(0, 19)}.000Z` : at);

/** The log's rows in batches of `size`, as the importer hands them to a store. */
export async function* csvBatches(file: string, size = 10_000): AsyncGenerator<EventRow[]> {
  const lines = createInterface({
    input: createReadStream(file, { highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  let batch: EventRow[] = [];
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    if (!line) continue;
    const [userId, at, eventName, itemId, value] = line.split(',');
    batch.push({
      userId: userId!,
      occurredAt: isoMillis(at!),
      eventName: eventName || null,
      itemId: itemId || null,
      value: value ? Number(value) : null,
    });
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** How fast the file alone is read and parsed (rows/s): the ceiling of any load from it. */
export async function readRate(
  file: string,
): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> {
  const started = performance.now();
  let rows = 0;
  for await (const batch of csvBatches(file)) rows += batch.length;
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, rowsPerSecond: rows / seconds };
}
