import { formatMoney, formatMoneyCompact } from '~/lib/format';

/** Props of a Recharts Y axis in dollars, with its unit written along it. */
export function moneyAxisProps(unit: string) {
  return {
    tickFormatter: (v: number) => formatMoneyCompact(v),
    tick: { fontSize: 12 },
    width: 76,
    label: {
      value: unit,
      angle: -90,
      position: 'insideLeft' as const,
      style: { textAnchor: 'middle' as const, fontSize: 12, fill: '#6b7280' },
    },
  };
}

/** Tooltip text for a dollar value or a [low, high] dollar range (a shaded band). */
export function moneyTooltip(value: unknown, name: unknown): [string, string] {
  const label = String(name);
  return Array.isArray(value)
    ? [`${formatMoney(Number(value[0]))} – ${formatMoney(Number(value[1]))}`, label]
    : [formatMoney(Number(value)), label];
}
