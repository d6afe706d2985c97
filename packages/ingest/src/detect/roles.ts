import {
  type DataKind,
  type InferredColumn,
  type RoleProposal,
  type RoleProposals,
} from '../schema';
import { isEntityName, isIdName, isTimeName, nameHas, nameHasWord } from './column-names';
import { type ProfiledColumn } from './infer-column';

type Columns = readonly ProfiledColumn[];

const DATE_STEMS = ['date', 'day', 'month', 'period', 'week', 'quarter', 'year', 'time'];
const REVENUE_WORDS = ['mrr', 'arr'];
const SERIES_STEMS = [
  'series',
  'symbol',
  'ticker',
  'category',
  'region',
  'country',
  'product',
  'segment',
  'store',
  'sku',
  'name',
  'channel',
  'market',
  'group',
  'city',
  'state',
];
const EVENT_STEMS = ['event', 'action', 'type', 'name', 'activity', 'kind', 'verb'];
const ITEM_STEMS = [
  'item',
  'product',
  'sku',
  'content',
  'article',
  'feature',
  'page',
  'course',
  'plan',
  'video',
  'screen',
  'object',
  'target',
];
const EVENT_VALUE_STEMS = [
  'value',
  'amount',
  'revenue',
  'price',
  'total',
  'quantity',
  'qty',
  'spend',
];
const REVENUE_STEMS = ['revenue', 'sales', 'income', 'turnover', 'bookings', 'receipts'];
const EXPENSE_STEMS = [
  'expense',
  'cost',
  'spend',
  'payroll',
  'salar',
  'wage',
  'rent',
  'hosting',
  'marketing',
  'cogs',
  'opex',
  'burn',
  'software',
  'office',
  'travel',
  'outflow',
  'fee',
  'insurance',
  'utilit',
  'legal',
  'contractor',
  'advertis',
  'tax',
  'benefit',
  'infrastructure',
  'servers',
  'tools',
];
const CASH_STEMS = ['cash', 'balance', 'bank'];
/** Words that make a revenue/expense-looking name a result rather than a line: "net income". */
const NOT_A_LINE = ['net', 'profit', 'margin', 'ebitda', 'growth', 'pct', 'percent', 'ratio'];
const LABEL_STEMS = [
  'churn',
  'cancel',
  'left',
  'lost',
  'label',
  'target',
  'retain',
  'attrit',
  'exited',
];

const isRevenueName = (name: string) =>
  nameHas(name, REVENUE_STEMS) || nameHasWord(name, REVENUE_WORDS);
const isDate = (c: InferredColumn) => c.type === 'date' || c.type === 'datetime';
const isNumeric = (c: InferredColumn) => c.type === 'integer' || c.type === 'decimal';
const isUnique = (c: ProfiledColumn) => (c.distinctShare ?? 0) >= 0.98;
const repeats = (c: ProfiledColumn) => (c.distinctShare ?? 1) < 0.98;

/** The first column passing `test` in order of preference tests; null when none does. */
function pick(
  columns: Columns,
  used: readonly (string | null)[],
  ...tests: ((c: ProfiledColumn) => boolean)[]
): string | null {
  for (const test of tests) {
    const found = columns.find((c) => !used.includes(c.name) && test(c));
    if (found) return found.name;
  }
  return null;
}

function proposeMarket(columns: Columns): RoleProposal<'market'> {
  const date = pick(columns, [], (c) => isDate(c) && nameHas(c.name, DATE_STEMS), isDate);
  const series = pick(
    columns,
    [date],
    (c) => c.type === 'categorical' && nameHas(c.name, SERIES_STEMS),
    (c) => c.type === 'categorical',
  );
  const values = columns
    .filter((c) => isNumeric(c) && c.name !== date && !isIdName(c.name))
    .map((c) => c.name);
  return { date, values, series };
}

function proposeEvents(columns: Columns): RoleProposal<'events'> {
  const time = pick(
    columns,
    [],
    (c) => c.type === 'datetime' && isTimeName(c.name),
    (c) => c.type === 'datetime',
    (c) => c.type === 'date' && isTimeName(c.name),
    (c) => c.type === 'date',
  );
  const userLike = (c: ProfiledColumn) => isEntityName(c.name) && !nameHas(c.name, ['name']);
  const user = pick(
    columns,
    [time],
    (c) => c.type === 'identifier' && userLike(c),
    (c) => userLike(c) && ['categorical', 'text', 'integer'].includes(c.type),
    (c) => c.type === 'identifier' && repeats(c) && !nameHas(c.name, ITEM_STEMS),
    (c) => c.type === 'identifier',
  );
  const event = pick(
    columns,
    [time, user],
    (c) => c.type === 'categorical' && nameHas(c.name, EVENT_STEMS),
    (c) => c.type === 'categorical' && !nameHas(c.name, ITEM_STEMS),
  );
  const item = pick(
    columns,
    [time, user, event],
    (c) => !isDate(c) && c.type !== 'boolean' && !isNumeric(c) && nameHas(c.name, ITEM_STEMS),
    (c) => c.type === 'integer' && isIdName(c.name) && nameHas(c.name, ITEM_STEMS),
  );
  const value = pick(
    columns,
    [time, user, event, item],
    (c) => isNumeric(c) && nameHas(c.name, EVENT_VALUE_STEMS),
  );
  return { user, time, event, item, value };
}

function proposeFinancials(columns: Columns): RoleProposal<'financials'> {
  const date = pick(columns, [], (c) => isDate(c) && nameHas(c.name, DATE_STEMS), isDate);
  const line = (c: ProfiledColumn) => isNumeric(c) && !nameHasWord(c.name, NOT_A_LINE);
  const cash = pick(columns, [date], (c) => isNumeric(c) && nameHas(c.name, CASH_STEMS));
  const revenue = pick(columns, [date, cash], (c) => line(c) && isRevenueName(c.name));
  const expenses = columns
    .filter(
      (c) =>
        ![date, cash, revenue].includes(c.name) &&
        line(c) &&
        nameHas(c.name, EXPENSE_STEMS) &&
        !isRevenueName(c.name),
    )
    .map((c) => c.name);
  return { date, revenue, expenses, cash, startingCash: null };
}

function proposeCustomers(columns: Columns): RoleProposal<'customers'> {
  const named = (c: ProfiledColumn) => isIdName(c.name) || isEntityName(c.name);
  const id = pick(
    columns,
    [],
    (c) => c.type === 'identifier' && isUnique(c) && named(c),
    (c) => c.type === 'identifier' && isUnique(c),
    (c) => c.type === 'identifier' && named(c),
    (c) => c.type === 'identifier',
  );
  const label = pick(columns, [id], (c) => c.type === 'boolean' && nameHas(c.name, LABEL_STEMS));
  return { id, label };
}

const PROPOSERS: { [K in DataKind]: (columns: Columns) => RoleProposal<K> } = {
  market: proposeMarket,
  events: proposeEvents,
  financials: proposeFinancials,
  customers: proposeCustomers,
};

/** Which column plays which role for `kind`, judged from types first and names second. */
export function proposeRoles<K extends DataKind>(kind: K, columns: Columns): RoleProposal<K> {
  return PROPOSERS[kind](columns);
}

export function proposeAll(columns: Columns): RoleProposals {
  return {
    market: proposeMarket(columns),
    events: proposeEvents(columns),
    financials: proposeFinancials(columns),
    customers: proposeCustomers(columns),
  };
}

/** The kind the columns most look like, or null when nothing fits. */
export function guessKind(columns: Columns): DataKind | null {
  const hasDate = columns.some(isDate);
  const customers = proposeCustomers(columns);
  if (customers.id !== null) {
    const idColumn = columns.find((c) => c.name === customers.id);
    if (!hasDate) return 'customers';
    // A customer table with a signup date still has one row per customer and a churn label.
    if (idColumn && isUnique(idColumn) && customers.label !== null) return 'customers';
  }
  const events = proposeEvents(columns);
  const timeColumn = columns.find((c) => c.name === events.time);
  const userColumn = columns.find((c) => c.name === events.user);
  if (
    timeColumn?.type === 'datetime' &&
    userColumn &&
    (userColumn.type === 'identifier' || isEntityName(userColumn.name)) &&
    repeats(userColumn)
  ) {
    return 'events';
  }
  const financials = proposeFinancials(columns);
  if (financials.date && financials.revenue && financials.expenses.length > 0) return 'financials';
  const market = proposeMarket(columns);
  if (market.date && market.values.length > 0) return 'market';
  return null;
}
