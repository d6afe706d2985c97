import { existsSync, statSync } from 'node:fs';
import type { EventLog, SeriesHistory } from '@foresight/db';
import {
  ProblemLog,
  RejectedUpload,
  UploadError,
  fileSource,
  readColumns,
  readTable,
  type CellValue,
  type DataKind,
  type FinancialPeriodRecord,
  type KindRoles,
  type Table,
  type TableOptions,
  type TableSource,
} from '@foresight/ingest';
import { userPath } from './args';
import { CliUsageError } from './usage-error';

/**
 * The CLI's input files, read exactly as the upload reads them (packages/ingest `readTable`: the
 * same detection of encoding, delimiter, header and column types, the same converters and row
 * rules). The flags name the columns, over what detection proposes; a column named for a number
 * or date role is read as one even where detection typed it otherwise (one bad cell), so that the
 * bad cell is reported by row and column. Optional roles are used only when their flag is given.
 */

/** A CLI input file as a TableSource: a missing file is a usage error naming the flag. */
export async function cliSource(file: string, flag: string): Promise<TableSource> {
  const full = userPath(file);
  if (!existsSync(full)) throw new CliUsageError(`${flag}: file not found: ${file}`);
  if (!statSync(full).isFile()) throw new CliUsageError(`${flag}: not a file: ${file}`);
  return fileSource(full);
}

/** A rejected file as one line: the first problem, and how many more there are. */
export function oneLine(error: unknown): unknown {
  if (!(error instanceof RejectedUpload)) return error;
  const { problems } = error;
  const first = problems.listed[0];
  if (!first) return new UploadError(error.message, error.location);
  const more = problems.count - 1;
  const rest =
    more > 0
      ? ` (and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'} in ${problems.badRows.toLocaleString('en-US')} rows)`
      : '';
  return new UploadError(`${ProblemLog.describe(first)}${rest}`, error.location);
}

/** Reads a whole input file of a kind, as the CLI does (`options` only for tests). */
export async function readCliTable<K extends DataKind>(
  file: string,
  flag: string,
  kind: K,
  roles: Partial<KindRoles[K]>,
  options: Omit<TableOptions<K>, 'roles'> = {},
): Promise<Table<K>> {
  const source = await cliSource(file, flag);
  try {
    return await readTable(source, kind, { fitRoleTypes: true, ...options, roles });
  } catch (error) {
    throw oneLine(error);
  }
}

/** `forecast --input`: each series in date order (files need not be sorted). */
export async function readSeries(
  file: string,
  roles: { date: string; value: string; series: string | null },
): Promise<{ history: SeriesHistory[]; rows: number }> {
  const table = await readCliTable(file, '--input', 'market', {
    date: roles.date,
    values: [roles.value],
    series: roles.series,
  });
  const bySeries = new Map<string, { dates: string[]; values: number[] }>();
  for (const r of table.records) {
    let s = bySeries.get(r.series);
    if (!s) bySeries.set(r.series, (s = { dates: [], values: [] }));
    s.dates.push(r.date);
    s.values.push(r.value);
  }
  const history = [...bySeries].map(([series, s]) => {
    const order = s.dates.map((_, i) => i).sort((a, b) => (s.dates[a]! < s.dates[b]! ? -1 : 1));
    return {
      series,
      dates: order.map((i) => s.dates[i]!),
      values: order.map((i) => s.values[i]!),
    };
  });
  return { history, rows: table.records.length };
}

/** `risk --input`: periods in date order. */
export async function readPeriods(
  file: string,
  roles: { date: string; revenue: string; expenses: string[]; cash: string },
): Promise<FinancialPeriodRecord[]> {
  const table = await readCliTable(file, '--input', 'financials', {
    ...roles,
    startingCash: null,
  });
  return [...table.records].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** `churn --events`: the event log, as the churn job reads it from the database. */
export async function readEventLog(
  file: string,
  roles: { user: string; time: string; event: string | null; value: string | null },
): Promise<EventLog> {
  const table = await readCliTable(file, '--events', 'events', { ...roles, item: null });
  const log: EventLog = { userIds: [], times: [], eventNames: [], itemIds: [], values: [] };
  for (const e of table.records) {
    log.userIds.push(e.userId);
    log.times.push(Date.parse(e.occurredAt));
    log.eventNames.push(e.eventName);
    log.itemIds.push(null);
    log.values.push(e.value);
  }
  return log;
}

/** `recommend --input`: user–item interactions; without a time column, file order is time order. */
export async function readInteractions(
  file: string,
  roles: { user: string; item: string; time: string | null },
): Promise<{ userIds: string[]; itemIds: (string | null)[]; times: number[] }> {
  const log = { userIds: [] as string[], itemIds: [] as (string | null)[], times: [] as number[] };
  if (roles.time) {
    const table = await readCliTable(file, '--input', 'events', {
      user: roles.user,
      time: roles.time,
      item: roles.item,
      event: null,
      value: null,
    });
    for (const e of table.records) {
      log.userIds.push(e.userId);
      log.itemIds.push(e.itemId);
      log.times.push(Date.parse(e.occurredAt));
    }
    return log;
  }
  let rows: CellValue[][];
  try {
    ({ rows } = await readColumns(await cliSource(file, '--input'), [
      { name: roles.user, role: 'user id', required: true },
      { name: roles.item, role: 'item', required: true },
    ]));
  } catch (error) {
    throw oneLine(error);
  }
  rows.forEach(([user, item], i) => {
    log.userIds.push(String(user));
    log.itemIds.push(String(item));
    log.times.push(i);
  });
  return log;
}

/**
 * `churn --train/--predict`: every column typed as the upload types them (numbers, booleans,
 * text; blank = null), ids required and unique — the values the churn job reads from a stored
 * customer table (packages/db readCustomerTable); ml-core never re-parses them.
 */
export async function readCustomerColumns(
  file: string,
  flag: string,
  idColumn: string,
): Promise<{ header: string[]; columns: { name: string; values: CellValue[] }[] }> {
  const table = await readCliTable(file, flag, 'customers', { id: idColumn, label: null });
  const header = table.detection.header;
  return {
    header,
    columns: header.map((name) => ({
      name,
      values: table.records.map((r) => r.attributes[name] ?? null),
    })),
  };
}
