import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 as rng } from '@foresight/sample-data';

async function writeLines(file: string, header: string, rows: number, line: (i: number) => string) {
  const out = createWriteStream(file);
  out.write(`${header}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const EVENTS = [
  'page_view',
  'search',
  'add_to_cart',
  'purchase',
  'share',
  'export',
  'invite',
  'login',
  'upgrade',
  'comment',
];

/** An event log: 1M rows over a year, 50k users, 500 items, revenue on purchases (~60 MB). */
export function writeEventsCsv(file: string, rows: number): Promise<void> {
  const r = rng(7);
  const start = Date.UTC(2025, 0, 1);
  const span = 365 * 86_400_000;
  return writeLines(file, 'user_id,timestamp,event,item_id,amount', rows, (i) => {
    const event = EVENTS[Math.floor(r() * EVENTS.length)]!;
    const at = new Date(start + Math.floor((i / rows) * span + r() * 60_000)).toISOString();
    const amount = event === 'purchase' ? (5 + r() * 95).toFixed(2) : '';
    return `u${Math.floor(r() * 50_000)},${at},${event},sku-${Math.floor(r() * 500)},${amount}`;
  });
}

/** Daily values of 100 series over ~5.5 years (200k rows), with a thousands separator. */
export function writeMarketCsv(file: string, rows: number): Promise<void> {
  const r = rng(11);
  const perSeries = Math.ceil(rows / 100);
  return writeLines(file, 'date,series,value', rows, (i) => {
    const series = Math.floor(i / perSeries);
    const day = i % perSeries;
    const date = new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10);
    const value = 1000 + series * 10 + day * 0.5 + 50 * Math.sin(day / 7) + r() * 20;
    return `${date},metric-${series},"${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}"`;
  });
}
