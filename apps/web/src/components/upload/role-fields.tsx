'use client';

import type { DataKind, RoleProposal, RoleProposals } from '@foresight/ingest';
import { ColumnChecks } from '~/components/column-checks';
import { ColumnSelect } from '~/components/column-select';

interface Props<K extends DataKind> {
  header: string[];
  value: RoleProposal<K>;
  onChange: (value: RoleProposal<K>) => void;
}

/** Which column plays which role, for the chosen kind. */
export function RoleFields({
  kind,
  header,
  proposals,
  onChange,
  startingCash,
  onStartingCash,
}: {
  kind: DataKind;
  header: string[];
  proposals: RoleProposals;
  onChange: (proposals: RoleProposals) => void;
  startingCash: string;
  onStartingCash: (value: string) => void;
}) {
  const set =
    <K extends DataKind>(k: K) =>
    (value: RoleProposal<K>) =>
      onChange({ ...proposals, [k]: value });
  switch (kind) {
    case 'market':
      return <MarketRoles header={header} value={proposals.market} onChange={set('market')} />;
    case 'events':
      return <EventsRoles header={header} value={proposals.events} onChange={set('events')} />;
    case 'financials':
      return (
        <FinancialsRoles
          header={header}
          value={proposals.financials}
          onChange={set('financials')}
          startingCash={startingCash}
          onStartingCash={onStartingCash}
        />
      );
    case 'customers':
      return (
        <CustomersRoles header={header} value={proposals.customers} onChange={set('customers')} />
      );
  }
}

const orNull = (v: string) => (v ? v : null);

function MarketRoles({ header, value, onChange }: Props<'market'>) {
  return (
    <div className="stack">
      <div className="row">
        <ColumnSelect
          label="Date column"
          header={header}
          value={value.date ?? ''}
          onChange={(v) => onChange({ ...value, date: orNull(v) })}
        />
        <ColumnSelect
          label="Series column"
          header={header}
          value={value.series ?? ''}
          onChange={(v) => onChange({ ...value, series: orNull(v) })}
          optional="— one series —"
        />
      </div>
      <ColumnChecks
        label="Value columns"
        columns={header.filter((h) => h !== value.date && h !== value.series)}
        value={value.values}
        onChange={(values) => onChange({ ...value, values })}
      />
    </div>
  );
}

function EventsRoles({ header, value, onChange }: Props<'events'>) {
  const select = (label: string, key: keyof RoleProposal<'events'>, optional?: string) => (
    <ColumnSelect
      label={label}
      header={header}
      value={value[key] ?? ''}
      onChange={(v) => onChange({ ...value, [key]: orNull(v) })}
      optional={optional}
    />
  );
  return (
    <div className="row">
      {select('User id column', 'user')}
      {select('Timestamp column', 'time')}
      {select('Event name column', 'event', '— none —')}
      {select('Item column', 'item', '— none —')}
      {select('Value column', 'value', '— none —')}
    </div>
  );
}

function FinancialsRoles({
  header,
  value,
  onChange,
  startingCash,
  onStartingCash,
}: Props<'financials'> & { startingCash: string; onStartingCash: (v: string) => void }) {
  return (
    <div className="stack">
      <div className="row">
        <ColumnSelect
          label="Period column"
          header={header}
          value={value.date ?? ''}
          onChange={(v) => onChange({ ...value, date: orNull(v) })}
        />
        <ColumnSelect
          label="Revenue column"
          header={header}
          value={value.revenue ?? ''}
          onChange={(v) => onChange({ ...value, revenue: orNull(v) })}
        />
        <ColumnSelect
          label="Cash balance column"
          header={header}
          value={value.cash ?? ''}
          onChange={(v) => onChange({ ...value, cash: orNull(v) })}
          optional="— none: enter starting cash —"
        />
      </div>
      {!value.cash && (
        <label>
          Starting cash
          <input
            type="text"
            inputMode="decimal"
            value={startingCash}
            onChange={(e) => onStartingCash(e.target.value)}
            placeholder="cash at the start of the first period, e.g. 500000"
          />
        </label>
      )}
      <ColumnChecks
        label="Expense columns"
        columns={header.filter((h) => h !== value.date && h !== value.revenue && h !== value.cash)}
        value={value.expenses}
        onChange={(expenses) => onChange({ ...value, expenses })}
      />
    </div>
  );
}

function CustomersRoles({ header, value, onChange }: Props<'customers'>) {
  return (
    <div className="row">
      <ColumnSelect
        label="Customer id column"
        header={header}
        value={value.id ?? ''}
        onChange={(v) => onChange({ ...value, id: orNull(v) })}
      />
      <ColumnSelect
        label="Churned? (yes/no) column"
        header={header}
        value={value.label ?? ''}
        onChange={(v) => onChange({ ...value, label: orNull(v) })}
        optional="— none: store only —"
      />
    </div>
  );
}
