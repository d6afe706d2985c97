'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { CsvPreview, readHead } from '~/components/csv-preview';
import { guessMarketColumns, type ColumnGuess } from '~/lib/csv-sniff';
import { useTRPC } from '~/trpc/react';

export function UploadMarketForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [guess, setGuess] = useState<ColumnGuess | null>(null);
  const [name, setName] = useState('');
  const [mapping, setMapping] = useState({ date: '', value: '', series: '' });
  const upload = useMutation(
    trpc.datasets.uploadMarket.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.all.queryKey() });
        router.push(`/trends?dataset=${result.datasetId}`);
      },
    }),
  );

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    upload.reset();
    if (!chosen) return setGuess(null);
    const g = guessMarketColumns(await readHead(chosen));
    setGuess(g);
    setName(chosen.name.replace(/\.[^.]+$/, ''));
    setMapping({ date: g.date ?? '', value: g.value ?? '', series: g.series ?? '' });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.set('file', file);
    form.set('name', name);
    form.set('dateColumn', mapping.date);
    form.set('valueColumn', mapping.value);
    form.set('seriesColumn', mapping.series);
    upload.mutate(form);
  }

  const columnSelect = (role: 'date' | 'value' | 'series', label: string, optional = false) => (
    <label>
      {label}
      <select
        name={`${role}Column`}
        value={mapping[role]}
        required={!optional}
        onChange={(e) => setMapping((m) => ({ ...m, [role]: e.target.value }))}
      >
        <option value="">{optional ? '— one series —' : '— choose —'}</option>
        {guess?.header.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <form className="card stack" onSubmit={onSubmit} aria-label="Upload market data">
      <h2>Upload market data</h2>
      <p className="muted">
        A CSV with a date column and a numeric column (revenue, sign-ups, price…), optionally one
        row per series. Foresight trains a forecast as soon as it is stored.
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
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={120}
            />
          </label>
          <div className="row">
            {columnSelect('date', 'Date column')}
            {columnSelect('value', 'Value column')}
            {columnSelect('series', 'Series column (optional)', true)}
          </div>
          <CsvPreview header={guess.header} rows={guess.preview} />
        </>
      )}
      {upload.error && (
        <p role="alert" className="error">
          Upload rejected, nothing was stored: {upload.error.message}
        </p>
      )}
      <button type="submit" className="primary" disabled={!file || upload.isPending}>
        {upload.isPending ? 'Uploading and validating…' : 'Upload and forecast'}
      </button>
    </form>
  );
}
