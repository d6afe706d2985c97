/** Word-level matching of column names: "customerId", "Customer ID", "customer_id" all match. */

/** Lower-case words of a column name, split at punctuation, spaces and camelCase humps. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Some word of `name` starts with one of `stems` ("salar" matches "salaries", not "rent" in "current"). */
export function nameHas(name: string, stems: readonly string[]): boolean {
  return nameWords(name).some((word) => stems.some((stem) => word.startsWith(stem)));
}

/** Some word of `name` is exactly one of `words`. */
export function nameHasWord(name: string, words: readonly string[]): boolean {
  return nameWords(name).some((word) => words.includes(word));
}

const TIME_STEMS = ['time', 'timestamp', 'created', 'occurred', 'date', 'when', 'datetime'];
/** Short names matched as whole words only ("at" must not match "attribute"). */
const TIME_WORDS = ['ts', 'at', 'on'];

/** Named as a time: "timestamp", "created_at", "occurredOn", "event_time", "ts". */
export function isTimeName(name: string): boolean {
  return nameHas(name, TIME_STEMS) || nameHasWord(name, TIME_WORDS);
}

const ENTITY_STEMS = [
  'user',
  'customer',
  'cust',
  'account',
  'client',
  'member',
  'visitor',
  'subscriber',
  'person',
  'player',
  'email',
  'e-mail',
];

/** Named as an id: "id", "user_id", "customerId", "Order ID", "uuid", "userid". */
export function isIdName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (['id', 'ids', 'uuid', 'guid', 'uid', 'key'].includes(last)) return true;
  return /^(user|customer|cust|account|client|member|visitor|order|session|device|product|item|person|subscriber)id$/.test(
    last,
  );
}

/** Words that make "active_users" or "customer_count" a quantity rather than an id. */
const QUANTITY_WORDS = [
  'count',
  'counts',
  'number',
  'num',
  'total',
  'sum',
  'active',
  'new',
  'churned',
  'avg',
  'mean',
  'rate',
  'share',
  'pct',
  'percent',
  'amount',
  'value',
  'revenue',
  'n',
  'age',
  'ltv',
  'score',
];

/** Names a person or account (user, customer, account, member, email…), not a quantity of them. */
export function isEntityName(name: string): boolean {
  if (nameHasWord(name, QUANTITY_WORDS)) return false;
  return nameHas(name, ENTITY_STEMS) || /^(user|customer|account|client)/i.test(name);
}
