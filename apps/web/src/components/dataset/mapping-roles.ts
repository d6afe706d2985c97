const ROLE_LABELS: Record<string, string> = {
  date: 'date',
  values: 'values',
  series: 'series',
  user: 'user id',
  time: 'timestamp',
  event: 'event name',
  item: 'item',
  value: 'value',
  revenue: 'revenue',
  expenses: 'expenses',
  cash: 'cash balance',
  startingCash: 'starting cash',
  id: 'customer id',
  label: 'churned?',
};

/**
 * The roles of a dataset's column mapping as "role → column(s)" pairs. Older datasets stored
 * other shapes; anything unrecognised gives an empty list.
 */
export function mappingRoles(mapping: unknown): { role: string; columns: string }[] {
  if (typeof mapping !== 'object' || mapping === null || !('roles' in mapping)) return [];
  const { roles } = mapping;
  if (typeof roles !== 'object' || roles === null) return [];
  const out: { role: string; columns: string }[] = [];
  for (const [key, value] of Object.entries(roles)) {
    const text = describe(value);
    if (text) out.push({ role: ROLE_LABELS[key] ?? key, columns: text });
  }
  return out;
}

function describe(value: unknown): string | null {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value.toLocaleString();
  if (Array.isArray(value)) {
    const names = value.filter((v): v is string => typeof v === 'string');
    return names.length ? names.join(', ') : null;
  }
  return null;
}
