import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Resolved here, since the child runs in a temp dir where `--import tsx` would not find the package.
const tsx = import.meta.resolve('tsx');
const dir = mkdtempSync(path.join(os.tmpdir(), 'foresight-cli-'));

function foresight(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', tsx, path.join(appDir, 'src/cli.ts'), ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, FORESIGHT_BACKEND: 'wasm', FORESIGHT_QUIET: '1', INIT_CWD: dir },
      timeout: 120_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}

function monthlyCsv(): string {
  const lines = ['month,product,units'];
  for (const [product, base] of [
    ['alpha', 100],
    ['beta', 40],
  ] as const) {
    for (let i = 0; i < 72; i++) {
      const date = new Date(Date.UTC(2018, i, 1)).toISOString().slice(0, 10);
      lines.push(
        `${date},${product},${(base + 1.5 * i + 12 * Math.sin((2 * Math.PI * i) / 12)).toFixed(2)}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

describe('foresight forecast', () => {
  it('writes series,date,p10,p50,p90 for H periods after each series and a report', () => {
    writeFileSync(path.join(dir, 'units.csv'), monthlyCsv());
    const r = foresight(
      'forecast',
      '--input',
      'units.csv',
      '--date-col',
      'month',
      '--value-col',
      'units',
      '--series-col',
      'product',
      '--horizon',
      '6',
      '--out',
      'forecasts.csv',
      '--report',
      'report.json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, ...rows] = readFileSync(path.join(dir, 'forecasts.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(header).toBe('series,date,p10,p50,p90');
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatch(/^alpha,2024-01-01,/);
    expect(rows[5]).toMatch(/^alpha,2024-06-01,/);
    expect(rows[6]).toMatch(/^beta,2024-01-01,/);
    for (const row of rows) {
      const [, , p10, p50, p90] = row.split(',').map(Number);
      expect(p10).toBeLessThanOrEqual(p50!);
      expect(p50).toBeLessThanOrEqual(p90!);
    }
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({
      command: 'forecast',
      series: 2,
      rows: 144,
      frequency: 'monthly',
      horizon: 6,
    });
    expect(report.leaderboard.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['seasonal_naive', 'drift', 'log_linear', 'ets']),
    );
    expect(report.leaderboard.every((c: { fitMs: number }) => c.fitMs >= 0)).toBe(true);
    expect(typeof report.backend).toBe('string');
    // The calibrated band's measured coverage next to the nominal one.
    expect(report.coverage80.nominal).toBe(0.8);
    expect(report.coverage80.measured).toBeGreaterThan(0);
    expect(report.coverage80.measured).toBeLessThanOrEqual(1);
    expect(report.backtestHorizon).toBe(6);
  });

  it('exits 2 with one line for a missing flag, an unknown flag, a missing file and a bad row', () => {
    const missing = foresight(
      'forecast',
      '--input',
      'units.csv',
      '--date-col',
      'month',
      '--value-col',
      'units',
      '--out',
      'x.csv',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('foresight: --horizon: is required (periods to forecast)');

    const unknown = foresight('forecast', '--bogus', '1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/--bogus/);

    const noFile = foresight(
      'forecast',
      '--input',
      'nope.csv',
      '--date-col',
      'd',
      '--value-col',
      'v',
      '--horizon',
      '3',
      '--out',
      'x.csv',
    );
    expect(noFile).toMatchObject({
      code: 2,
      stderr: 'foresight: --input: file not found: nope.csv',
    });

    writeFileSync(path.join(dir, 'bad.csv'), 'd,v\n2024-01-01,1\n2024-01-02,abc\n');
    const bad = foresight(
      'forecast',
      '--input',
      'bad.csv',
      '--date-col',
      'd',
      '--value-col',
      'v',
      '--horizon',
      '3',
      '--out',
      'x.csv',
    );
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'foresight: row 3, column "v": "abc" is not a number',
    });

    const cmd = foresight('predict');
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command "predict"/);
  });
});

describe('foresight forecast reads files as the upload does', () => {
  it('reads a semicolon-delimited Latin-1 file with formula-looking series names', () => {
    // As Excel saves "CSV (semicolon)" on a French or German Windows: Windows-1252, `;`, decimal commas.
    const lines = ['series;date;value'];
    for (const name of ['Montréal', '=HYPERLINK("http://x")']) {
      for (let i = 0; i < 36; i++) {
        const date = new Date(Date.UTC(2021, i, 1)).toISOString().slice(0, 10);
        lines.push(
          `${name};${date};${(100 + 2 * i + 10 * Math.sin(i / 2)).toFixed(2).replace('.', ',')}`,
        );
      }
    }
    writeFileSync(
      path.join(dir, 'latin1-semicolon.csv'),
      Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'),
    );
    const r = foresight(
      'forecast',
      ...['--input', 'latin1-semicolon.csv', '--date-col', 'date', '--value-col', 'value'],
      ...['--series-col', 'series', '--horizon', '3', '--out', 'latin1-forecasts.csv'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = readFileSync(path.join(dir, 'latin1-forecasts.csv'), 'utf8');
    expect(out).not.toContain('\uFFFD');
    const series = out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.slice(0, l.indexOf(',20')));
    expect(new Set(series)).toEqual(new Set(['Montréal', `"'=HYPERLINK(""http://x"")"`]));
  });
});

/** `foresight risk` on a monthly file in the temp dir (revenue column `revenue`); its JSON out. */
function runRisk(file: string, columns: { cash: string; expenses: string; horizon: number }) {
  const out = `${file}.risk.json`;
  const r = foresight(
    'risk',
    ...['--input', file, '--date-col', 'month', '--cash-col', columns.cash],
    ...['--revenue-col', 'revenue', '--expense-col', columns.expenses],
    ...['--horizon', String(columns.horizon), '--paths', '500', '--out', out],
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(readFileSync(path.join(dir, out), 'utf8'));
}

describe('foresight risk', () => {
  it('writes runway, cash-out probabilities and the cash fan as JSON', () => {
    const lines = ['month,revenue,payroll,tools,bank'];
    let cash = 5_000_000;
    for (let m = 0; m < 30; m++) {
      const revenue = 30_000 * 1.04 ** m;
      const payroll = 120_000 + 2_000 * m;
      const tools = 8_000 + 500 * Math.sin(m);
      cash += revenue - payroll - tools;
      lines.push(
        `${new Date(Date.UTC(2022, m, 1)).toISOString().slice(0, 7)},${revenue.toFixed(2)},${payroll},${tools.toFixed(2)},${cash.toFixed(2)}`,
      );
    }
    writeFileSync(path.join(dir, 'fin.csv'), lines.join('\n') + '\n');
    const out = runRisk('fin.csv', { cash: 'bank', expenses: 'payroll,tools', horizon: 12 });
    expect(out).toMatchObject({
      command: 'risk',
      asOf: '2024-06-01',
      horizonMonths: 12,
      paths: 500,
    });
    expect(out.cashFan).toHaveLength(12);
    expect(Object.keys(out.probabilityCashOut).sort()).toEqual(['12', '18', '3', '6']);
    expect(out.constantBurn.runwayMonths).toBeGreaterThan(0);
    expect(out.runwayMonths).toHaveProperty('p50');
  });

  it('answers a 36-month horizon on 24 months, following the growth and saying how it was checked', () => {
    const lines = ['month,revenue,expenses,cash'];
    let cash = 7_000_000;
    for (let m = 0; m < 24; m++) {
      const revenue = 40_000 * 1.04 ** m * (1 + 0.03 * Math.sin(3 * m));
      const expenses = 190_000 * 1.023 ** m * (1 + 0.02 * Math.cos(5 * m));
      cash += revenue - expenses;
      lines.push(
        `${new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 10)},${revenue.toFixed(2)},${expenses.toFixed(2)},${cash.toFixed(2)}`,
      );
    }
    writeFileSync(path.join(dir, 'short.csv'), lines.join('\n') + '\n');
    const out = runRisk('short.csv', { cash: 'cash', expenses: 'expenses', horizon: 36 });
    expect(out.horizonMonths).toBe(36);
    expect(out.backtestHorizonMonths).toBe(8);
    expect(out.notes.join(' ')).toMatch(/checked the last 8/);
    const { revenue, expenses } = out.forecast;
    expect(revenue).toHaveLength(36);
    expect(revenue[35]).toBeGreaterThan(2 * revenue[0]);
    expect(expenses[35]).toBeGreaterThan(1.5 * expenses[0]);
    expect(out.forecastQuality.map((q: { series: string }) => q.series)).toEqual([
      'revenue',
      'expenses',
    ]);
    expect(out.runwayMonths.p10).toBeGreaterThan(3);
    expect(out.runwayMonths.p90 - out.runwayMonths.p10).toBeGreaterThan(0);
  });

  it('exits 2 naming a missing column', () => {
    const r = foresight(
      'risk',
      '--input',
      'fin.csv',
      '--date-col',
      'month',
      '--cash-col',
      'cash',
      '--revenue-col',
      'revenue',
      '--expense-col',
      'payroll',
      '--out',
      'risk.json',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^foresight: The cash balance column "cash" is not in the file's header/,
    );
  });
});

describe('foresight churn', () => {
  function customers(n: number, labelled: boolean, offset = 0) {
    const lines = [labelled ? 'id,plan,logins,tickets,churned' : 'id,plan,logins,tickets'];
    for (let i = 0; i < n; i++) {
      const logins = (i * 7 + offset) % 30;
      const tickets = (i * 3) % 5;
      const plan = ['free', 'pro', 'team'][i % 3];
      const churned = logins < 8 || (tickets > 3 && plan === 'free') ? 'yes' : 'no';
      lines.push(
        [`c${i + offset}`, plan, logins, tickets, ...(labelled ? [churned] : [])].join(','),
      );
    }
    return lines.join('\n') + '\n';
  }

  it('table mode: trains on labelled rows and writes id,score for the rows to predict', () => {
    writeFileSync(path.join(dir, 'train.csv'), customers(400, true));
    writeFileSync(path.join(dir, 'predict.csv'), customers(50, false, 10_000));
    const r = foresight(
      'churn',
      '--train',
      'train.csv',
      '--label-col',
      'churned',
      '--id-col',
      'id',
      '--predict',
      'predict.csv',
      '--out',
      'scores.csv',
      '--report',
      'churn.json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, ...rows] = readFileSync(path.join(dir, 'scores.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('id,score,drivers');
    expect(rows).toHaveLength(50);
    // The drivers column holds sentences with the customer's value and the typical one.
    expect(rows.some((l) => /\(typical [^)]+\)/.test(l))).toBe(true);
    const scores = rows.map((l) => Number(l.split(',')[1]));
    expect(scores.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const report = JSON.parse(readFileSync(path.join(dir, 'churn.json'), 'utf8'));
    expect(report.leaderboard.map((c: { name: string }) => c.name).sort()).toEqual([
      'ensemble',
      'gbdt',
      'logistic',
      'mlp',
    ]);
  });

  it('exits 2 on an unknown label value and on a missing mode', () => {
    writeFileSync(path.join(dir, 'weird.csv'), 'id,x,churned\na,1,yes\nb,2,maybe\nc,3,no\n');
    const bad = foresight(
      'churn',
      '--train',
      'weird.csv',
      '--label-col',
      'churned',
      '--id-col',
      'id',
      '--predict',
      'weird.csv',
      '--out',
      's.csv',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^foresight: .*churned.*maybe/);
    const none = foresight('churn', '--out', 's.csv');
    expect(none).toMatchObject({
      code: 2,
      stderr: 'foresight: give either --train (labelled table mode) or --events (event-log mode)',
    });
  });
});

/** 300 users over 150 days, four taste clusters of items; a third go quiet between days 40 and 130. */
function eventLog(): string {
  const lines = ['user,ts,event,item'];
  for (let u = 0; u < 300; u++) {
    const quits = u % 3 === 0 ? 40 + ((u * 7) % 90) : 999;
    for (let day = u % 7; day < Math.min(150, quits); day += 2 + (u % 3)) {
      const item = `i${(u % 4) * 6 + ((u + day) % 6)}`;
      lines.push(`u${u},${new Date(Date.UTC(2025, 0, 1 + day, u % 24)).toISOString()},use,${item}`);
    }
  }
  return lines.join('\n') + '\n';
}

describe('foresight churn --events and foresight recommend', () => {
  it('event mode scores users active at the end of the log', () => {
    writeFileSync(path.join(dir, 'events.csv'), eventLog());
    const r = foresight(
      'churn',
      '--events',
      'events.csv',
      '--user-col',
      'user',
      '--time-col',
      'ts',
      '--event-col',
      'event',
      '--window-days',
      '14',
      '--out',
      'escores.csv',
      '--report',
      'echurn.json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, ...rows] = readFileSync(path.join(dir, 'escores.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(header).toBe('id,score,drivers');
    expect(rows.some((l) => /(no activity for|events in the last) /.test(l))).toBe(true);
    const ids = rows.map((l) => l.split(',')[0]);
    // Users who went quiet before day 130 are not active in the final window, so they are not scored.
    expect(ids.length).toBeGreaterThan(150);
    expect(ids.some((id) => Number(id!.slice(1)) % 3 === 0)).toBe(false);
    const report = JSON.parse(readFileSync(path.join(dir, 'echurn.json'), 'utf8'));
    expect(report).toMatchObject({ mode: 'events', windowDays: 14 });
  });

  it('recommend writes k unseen items per user as user,item,rank,score,because', () => {
    const r = foresight(
      'recommend',
      '--input',
      'events.csv',
      '--user-col',
      'user',
      '--item-col',
      'item',
      '--time-col',
      'ts',
      '--k',
      '3',
      '--out',
      'recs.csv',
      '--report',
      'recs.json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, ...rows] = readFileSync(path.join(dir, 'recs.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('user,item,rank,score,because');
    const seen = new Map<string, Set<string>>();
    for (const line of readFileSync(path.join(dir, 'events.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)) {
      const [user, , , item] = line.split(',');
      if (!seen.has(user!)) seen.set(user!, new Set());
      seen.get(user!)!.add(item!);
    }
    const perUser = new Map<string, number>();
    for (const line of rows) {
      const [user, item, rank, , because] = line.split(',');
      expect(seen.get(user!)!.has(item!)).toBe(false);
      // "because you used X": X, when given, is one of the user's own items.
      if (because) expect(seen.get(user!)!.has(because)).toBe(true);
      expect(Number(rank)).toBeGreaterThanOrEqual(1);
      perUser.set(user!, (perUser.get(user!) ?? 0) + 1);
    }
    expect(perUser.size).toBe(300);
    expect([...perUser.values()].every((n) => n <= 3)).toBe(true);
    const report = JSON.parse(readFileSync(path.join(dir, 'recs.json'), 'utf8'));
    expect(report.leaderboard.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['item_knn', 'popularity']),
    );
  });

  it('recommend reads 9-digit epoch seconds as times, and names a bad one', () => {
    // A ratings log as MovieLens writes it: 9-digit epoch seconds (2000) in a "timestamp" column.
    const ratings = ['userId,movieId,rating,timestamp'];
    for (let u = 0; u < 40; u++)
      for (let j = 0; j < 6; j++)
        ratings.push(`${u},${(u + j * 3) % 25},4.0,${964980499 + j * 600}`);
    writeFileSync(path.join(dir, 'ratings.csv'), ratings.join('\n') + '\n');
    const args = ['--user-col', 'userId', '--item-col', 'movieId', '--time-col', 'timestamp'];
    const ok = foresight(
      'recommend',
      '--input',
      'ratings.csv',
      ...args,
      '--k',
      '2',
      '--out',
      'r.csv',
    );
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    writeFileSync(
      path.join(dir, 'bad-ratings.csv'),
      'userId,movieId,rating,timestamp\n1,2,4.0,964980499\n1,3,4.0,yesterday\n',
    );
    const bad = foresight('recommend', '--input', 'bad-ratings.csv', ...args, '--out', 'r.csv');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'foresight: row 3, column "timestamp": "yesterday" is not a Unix timestamp (seconds or milliseconds)',
    );
  });

  it('recommend exits 2 naming a missing item column', () => {
    const r = foresight(
      'recommend',
      '--input',
      'events.csv',
      '--user-col',
      'user',
      '--item-col',
      'sku',
      '--out',
      'recs.csv',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^foresight: The item column "sku" is not in the file's header/);
  });
});
