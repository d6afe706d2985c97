'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ColumnSelect } from '~/components/column-select';
import { CsvUploadForm } from '~/components/csv-upload-form';
import { useUploadDone } from '~/components/use-upload-done';
import { guessCustomerColumns } from '~/lib/csv-sniff';
import { useTRPC } from '~/trpc/react';

export function UploadCustomersForm() {
  const trpc = useTRPC();
  const done = useUploadDone((r) => (r.jobId ? `/churn?dataset=${r.datasetId}` : '/data'));
  const upload = useMutation(trpc.datasets.uploadCustomers.mutationOptions({ onSuccess: done }));
  const [header, setHeader] = useState<string[]>([]);
  const [id, setId] = useState('');
  const [label, setLabel] = useState('');
  return (
    <CsvUploadForm
      label="Upload customers"
      title="Upload customers"
      description="One row per customer with any attributes (plan, seats, country, usage…) and, to learn from, a yes/no column saying who churned. Foresight learns what predicts churn and scores every customer."
      submitLabel={label ? 'Upload and predict churn' : 'Upload'}
      upload={upload}
      sniff={(text) => {
        const g = guessCustomerColumns(text);
        setHeader(g.header);
        setId(g.id ?? '');
        setLabel(g.label ?? '');
        return g;
      }}
      fields={() => ({ idColumn: id, labelColumn: label, columns: header })}
    >
      {(columns) => (
        <div className="row">
          <ColumnSelect label="Customer id column" header={columns} value={id} onChange={setId} />
          <ColumnSelect
            label="Churned? (yes/no) column"
            header={columns}
            value={label}
            onChange={setLabel}
            optional="— none: store only —"
          />
        </div>
      )}
    </CsvUploadForm>
  );
}
