// Writes examples/market-sample.csv: daily revenue for two regions over 18 months with a trend,
// weekly seasonality and noise (seeded, so the file is reproducible). Used by the README's
// walkthrough and the e2e test.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(2024);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const weekly = [0.82, 1.05, 1.08, 1.1, 1.12, 1.0, 0.83]; // Sun..Sat
const regions = [
  { name: 'north', level: 1200, growth: 1.6 },
  { name: 'south', level: 700, growth: 0.9 },
];
const days = 548;
const start = Date.UTC(2024, 0, 1);
const lines = ['date,region,revenue'];
for (let i = 0; i < days; i++) {
  const date = new Date(start + i * 86_400_000);
  for (const r of regions) {
    const value = (r.level + r.growth * i) * weekly[date.getUTCDay()]! * (1 + 0.04 * gaussian());
    lines.push(`${date.toISOString().slice(0, 10)},${r.name},${value.toFixed(2)}`);
  }
}
const out = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../examples/market-sample.csv',
);
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length - 1} rows to ${out}`);
