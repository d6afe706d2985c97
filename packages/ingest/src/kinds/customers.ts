import type { CellValue } from '../detect';
import type { ColumnSpec, CustomersRoles } from '../schema';
import { RepeatGuard, distinctRoles, roleColumn, textOf, type KindIngest } from './kind-ingest';

export interface CustomerRecordRow {
  recordId: string;
  /** Every column of the row, typed as confirmed (null = blank). */
  attributes: Record<string, CellValue>;
}

/** Customer rows: a unique id, any typed attributes, optionally a yes/no churn label. */
export function customersIngest(
  roles: CustomersRoles,
  columns: ColumnSpec[],
): KindIngest<CustomerRecordRow> {
  roleColumn(columns, roles.id, 'customer id');
  if (roles.label) {
    distinctRoles([
      { name: roles.id, role: 'customer id' },
      { name: roles.label, role: 'churn label' },
    ]);
    roleColumn(columns, roles.label, 'churn label', ['boolean']);
  }
  const names = columns.map((c) => c.name);
  const idAt = names.indexOf(roles.id);
  const repeats = new RepeatGuard();
  return {
    columns: names.map((name) => ({
      name,
      role: name === roles.id ? 'id' : name === roles.label ? 'label' : 'attribute',
    })),
    toRecords(row, cells, problems) {
      const recordId = textOf(cells[idAt]!, row, roles.id, problems, 'every customer needs an id');
      if (recordId === undefined || recordId === null) return null;
      if (!repeats.firstTime(recordId, row, roles.id, recordId, problems, 'id')) return null;
      const attributes: Record<string, CellValue> = {};
      for (let i = 0; i < names.length; i++) attributes[names[i]!] = cells[i] ?? null;
      return [{ recordId, attributes }];
    },
  };
}
