import type { MarketRoles, ColumnSpec } from '../schema';
import {
  DATE_TYPES,
  NUMBER_TYPES,
  RepeatGuard,
  dayOf,
  distinctRoles,
  roleColumn,
  textOf,
  type KindIngest,
} from './kind-ingest';

export interface MarketPointRecord {
  series: string;
  /** YYYY-MM-DD */
  date: string;
  value: number;
}

/**
 * Market rows: one date, one or more value columns, optionally a series column. Each value
 * column is a series of its own (prefixed by the series cell when there is one); an empty value
 * cell is a gap, not a problem, unless the row has no value at all.
 */
export function marketIngest(
  roles: MarketRoles,
  columns: ColumnSpec[],
): KindIngest<MarketPointRecord> {
  distinctRoles([
    { name: roles.date, role: 'date' },
    ...roles.values.map((name) => ({ name, role: 'value' })),
    ...(roles.series ? [{ name: roles.series, role: 'series' }] : []),
  ]);
  roleColumn(columns, roles.date, 'date', DATE_TYPES);
  for (const v of roles.values) roleColumn(columns, v, 'value', NUMBER_TYPES);
  if (roles.series) roleColumn(columns, roles.series, 'series');

  const seriesAt = roles.series ? 1 + roles.values.length : -1;
  const repeats = new RepeatGuard();
  const several = roles.values.length > 1;
  return {
    columns: [
      { name: roles.date, role: 'date' },
      ...roles.values.map((name) => ({ name, role: 'value' })),
      ...(roles.series ? [{ name: roles.series, role: 'series' }] : []),
    ],
    toRecords(row, cells, problems) {
      const rawDate = cells[0];
      if (rawDate === null || rawDate === undefined) {
        problems.add(row, roles.date, '', 'is empty (every row needs a date)');
        return null;
      }
      const date = dayOf(String(rawDate));
      let prefix: string | null = null;
      if (seriesAt !== -1) {
        const name = textOf(
          cells[seriesAt]!,
          row,
          roles.series!,
          problems,
          'a series name is required',
        );
        if (name === undefined) return null;
        prefix = name;
      }
      const out: MarketPointRecord[] = [];
      for (let i = 0; i < roles.values.length; i++) {
        const value = cells[1 + i];
        if (value === null || value === undefined) continue;
        const column = roles.values[i]!;
        const series = prefix === null ? column : several ? `${prefix} · ${column}` : prefix;
        if (
          !repeats.firstTime(
            `${series}\u0000${date}`,
            row,
            roles.date,
            date,
            problems,
            `date (series "${series}")`,
          )
        )
          return null;
        out.push({ series, date, value: value as number });
      }
      if (out.length === 0) {
        problems.add(
          row,
          roles.values[0]!,
          '',
          several ? 'is empty, as are the other value columns' : 'is empty (a number is required)',
        );
        return null;
      }
      return out;
    },
  };
}
