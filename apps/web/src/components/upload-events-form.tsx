'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ColumnSelect } from '~/components/column-select';
import { CsvUploadForm } from '~/components/csv-upload-form';
import { useUploadDone } from '~/components/use-upload-done';
import { guessEventColumns } from '~/lib/csv-sniff';
import { useTRPC } from '~/trpc/react';

type Roles = { user: string; time: string; event: string; item: string; value: string };

export function UploadEventsForm() {
  const trpc = useTRPC();
  const done = useUploadDone((r) => `/churn?dataset=${r.datasetId}`);
  const upload = useMutation(trpc.datasets.uploadEvents.mutationOptions({ onSuccess: done }));
  const [roles, setRoles] = useState<Roles>({ user: '', time: '', event: '', item: '', value: '' });
  const role = (key: keyof Roles) => ({
    value: roles[key],
    onChange: (v: string) => setRoles((r) => ({ ...r, [key]: v })),
  });
  return (
    <CsvUploadForm
      label="Upload events"
      title="Upload user events"
      description="One row per user action: who, when, and optionally what (event name), on which item, and its value. Foresight predicts which users are about to go quiet and, with an item column, what to recommend to each user."
      submitLabel="Upload and analyse"
      upload={upload}
      sniff={(text) => {
        const g = guessEventColumns(text);
        setRoles({
          user: g.user ?? '',
          time: g.time ?? '',
          event: g.event ?? '',
          item: g.item ?? '',
          value: g.value ?? '',
        });
        return g;
      }}
      fields={() => ({
        userColumn: roles.user,
        timeColumn: roles.time,
        eventColumn: roles.event,
        itemColumn: roles.item,
        valueColumn: roles.value,
      })}
    >
      {(header) => (
        <div className="row">
          <ColumnSelect label="User id column" header={header} {...role('user')} />
          <ColumnSelect label="Timestamp column" header={header} {...role('time')} />
          <ColumnSelect
            label="Event name column"
            header={header}
            optional="— none —"
            {...role('event')}
          />
          <ColumnSelect label="Item column" header={header} optional="— none —" {...role('item')} />
          <ColumnSelect
            label="Value column"
            header={header}
            optional="— none —"
            {...role('value')}
          />
        </div>
      )}
    </CsvUploadForm>
  );
}
