const money = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const compactMoney = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});

export const formatMoney = (v: number) => money.format(v);
export const formatMoneyCompact = (v: number) => compactMoney.format(v);
export const formatPercent = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`;
export const formatMonths = (v: number | null | undefined) =>
  v === null || v === undefined ? 'beyond horizon' : `${v.toFixed(1)} mo`;
export const formatDateRange = (from: string | null, to: string | null) =>
  from && to ? (from === to ? from : `${from} → ${to}`) : '—';
