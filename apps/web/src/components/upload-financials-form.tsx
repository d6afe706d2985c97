'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { CsvPreview, readHead } from '~/components/csv-preview';
import { guessFinancialColumns, type FinancialsGuess } from '~/lib/csv-sniff';
import { useTRPC } from '~/trpc/react';

export function UploadFinancialsForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [guess, setGuess] = useState<FinancialsGuess | null>(null);
  const [name, setName] = useState('');
  const [date, setDate] = useState('');
  const [revenue, setRevenue] = useState('');
  const [expenses, setExpenses] = useState<string[]>([]);
  const [cash, setCash] = useState('');
  const [startingCash, setStartingCash] = useState('');
  const upload = useMutation(
    trpc.datasets.uploadFinancials.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.all.queryKey() });
        router.push(`/risk?dataset=${result.datasetId}`);
      },
    }),
  );

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    upload.reset();
    if (!chosen) return setGuess(null);
    const g = guessFinancialColumns(await readHead(chosen));
    setGuess(g);
    setName(chosen.name.replace(/\.[^.]+$/, ''));
    setDate(g.date ?? '');
    setRevenue(g.revenue ?? '');
    setExpenses(g.expenses);
    setCash(g.cash ?? '');
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.set('file', file);
    form.set('name', name);
    form.set('dateColumn', date);
    form.set('revenueColumn', revenue);
    for (const e of expenses) form.append('expenseColumns', e);
    form.set('cashColumn', cash);
    form.set('startingCash', cash ? '' : startingCash);
    upload.mutate(form);
  }

  const options = (placeholder: string) => [
    <option key="" value="">
      {placeholder}
    </option>,
    ...(guess?.header ?? []).map((h) => (
      <option key={h} value={h}>
        {h}
      </option>
    )),
  ];

  return (
    <form className="card stack" onSubmit={onSubmit} aria-label="Upload financials">
      <h2>Upload financials</h2>
      <p className="muted">
        One row per month with revenue, your costs (one or several columns, summed) and the cash
        balance — or the cash you had at the start. Foresight forecasts revenue and costs and
        simulates your runway.
      </p>
      <label>
        CSV file
        <input type="file" name="file" accept=".csv,text/csv" onChange={onFile} required />
      </label>
      {guess && (
        <>
          <label>
            Dataset name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={120}
            />
          </label>
          <div className="row">
            <label>
              Period column
              <select value={date} onChange={(e) => setDate(e.target.value)} required>
                {options('— choose —')}
              </select>
            </label>
            <label>
              Revenue column
              <select value={revenue} onChange={(e) => setRevenue(e.target.value)} required>
                {options('— choose —')}
              </select>
            </label>
            <label>
              Cash balance column
              <select value={cash} onChange={(e) => setCash(e.target.value)}>
                {options('— none: enter starting cash —')}
              </select>
            </label>
          </div>
          {!cash && (
            <label>
              Cash at the start of the first period
              <input
                inputMode="decimal"
                value={startingCash}
                onChange={(e) => setStartingCash(e.target.value)}
                placeholder="e.g. 500000"
                required
              />
            </label>
          )}
          <fieldset className="checks">
            <legend>Expense columns (summed)</legend>
            {guess.header
              .filter((h) => h !== date && h !== revenue && h !== cash)
              .map((h) => (
                <label key={h} className="inline">
                  <input
                    type="checkbox"
                    style={{ width: 'auto' }}
                    checked={expenses.includes(h)}
                    onChange={(e) =>
                      setExpenses((list) =>
                        e.target.checked ? [...list, h] : list.filter((x) => x !== h),
                      )
                    }
                  />
                  {h}
                </label>
              ))}
          </fieldset>
          <CsvPreview header={guess.header} rows={guess.preview} />
        </>
      )}
      {upload.error && (
        <p role="alert" className="error">
          Upload rejected, nothing was stored: {upload.error.message}
        </p>
      )}
      <button
        type="submit"
        className="primary"
        disabled={!file || expenses.length === 0 || upload.isPending}
      >
        {upload.isPending ? 'Uploading and validating…' : 'Upload and assess runway'}
      </button>
    </form>
  );
}
