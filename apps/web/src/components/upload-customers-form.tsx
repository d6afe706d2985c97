'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { ColumnSelect } from '~/components/column-select';
import { CsvPreview, readHead } from '~/components/csv-preview';
import { guessCustomerColumns, type CustomersGuess } from '~/lib/csv-sniff';
import { useTRPC } from '~/trpc/react';

export function UploadCustomersForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [guess, setGuess] = useState<CustomersGuess | null>(null);
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [label, setLabel] = useState('');
  const upload = useMutation(
    trpc.datasets.uploadCustomers.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.all.queryKey() });
        router.push(result.jobId ? `/churn?dataset=${result.datasetId}` : '/data');
      },
    }),
  );

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    upload.reset();
    if (!chosen) return setGuess(null);
    const g = guessCustomerColumns(await readHead(chosen));
    setGuess(g);
    setName(chosen.name.replace(/\.[^.]+$/, ''));
    setId(g.id ?? '');
    setLabel(g.label ?? '');
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!file || !guess) return;
    const form = new FormData();
    form.set('file', file);
    form.set('name', name);
    form.set('idColumn', id);
    form.set('labelColumn', label);
    for (const c of guess.header) form.append('columns', c);
    upload.mutate(form);
  }

  return (
    <form className="card stack" onSubmit={onSubmit} aria-label="Upload customers">
      <h2>Upload customers</h2>
      <p className="muted">
        One row per customer with any attributes (plan, seats, country, usage…) and, to learn from,
        a yes/no column saying who churned. Foresight learns what predicts churn and scores every
        customer.
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
            <ColumnSelect
              label="Customer id column"
              header={guess.header}
              value={id}
              onChange={setId}
            />
            <ColumnSelect
              label="Churned? (yes/no) column"
              header={guess.header}
              value={label}
              onChange={setLabel}
              optional="— none: store only —"
            />
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
        {upload.isPending
          ? 'Uploading and validating…'
          : label
            ? 'Upload and predict churn'
            : 'Upload'}
      </button>
    </form>
  );
}
