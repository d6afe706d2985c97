'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { ColumnSelect } from '~/components/column-select';
import { CsvPreview, readHead } from '~/components/csv-preview';
import { guessEventColumns, type EventsGuess } from '~/lib/csv-sniff';
import { useTRPC } from '~/trpc/react';

type Roles = { user: string; time: string; event: string; item: string; value: string };

export function UploadEventsForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [guess, setGuess] = useState<EventsGuess | null>(null);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Roles>({ user: '', time: '', event: '', item: '', value: '' });
  const upload = useMutation(
    trpc.datasets.uploadEvents.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.all.queryKey() });
        router.push(`/churn?dataset=${result.datasetId}`);
      },
    }),
  );

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    upload.reset();
    if (!chosen) return setGuess(null);
    const g = guessEventColumns(await readHead(chosen));
    setGuess(g);
    setName(chosen.name.replace(/\.[^.]+$/, ''));
    setRoles({
      user: g.user ?? '',
      time: g.time ?? '',
      event: g.event ?? '',
      item: g.item ?? '',
      value: g.value ?? '',
    });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.set('file', file);
    form.set('name', name);
    form.set('userColumn', roles.user);
    form.set('timeColumn', roles.time);
    form.set('eventColumn', roles.event);
    form.set('itemColumn', roles.item);
    form.set('valueColumn', roles.value);
    upload.mutate(form);
  }

  const role = (key: keyof Roles) => ({
    value: roles[key],
    onChange: (v: string) => setRoles((r) => ({ ...r, [key]: v })),
  });
  return (
    <form className="card stack" onSubmit={onSubmit} aria-label="Upload events">
      <h2>Upload user events</h2>
      <p className="muted">
        One row per user action: who, when, and optionally what (event name), on which item, and its
        value. Foresight predicts which users are about to go quiet and, with an item column, what
        to recommend to each user.
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
            <ColumnSelect label="User id column" header={guess.header} {...role('user')} />
            <ColumnSelect label="Timestamp column" header={guess.header} {...role('time')} />
            <ColumnSelect
              label="Event name column"
              header={guess.header}
              optional="— none —"
              {...role('event')}
            />
            <ColumnSelect
              label="Item column"
              header={guess.header}
              optional="— none —"
              {...role('item')}
            />
            <ColumnSelect
              label="Value column"
              header={guess.header}
              optional="— none —"
              {...role('value')}
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
        {upload.isPending ? 'Uploading and validating…' : 'Upload and analyse'}
      </button>
    </form>
  );
}
