'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ColumnSelect } from '~/components/column-select';
import { CsvUploadForm } from '~/components/csv-upload-form';
import { useUploadDone } from '~/components/use-upload-done';
import { guessMarketColumns } from '~/lib/csv-sniff';
import { useTRPC } from '~/trpc/react';

export function UploadMarketForm() {
  const trpc = useTRPC();
  const done = useUploadDone((r) => `/trends?dataset=${r.datasetId}`);
  const upload = useMutation(trpc.datasets.uploadMarket.mutationOptions({ onSuccess: done }));
  const [mapping, setMapping] = useState({ date: '', value: '', series: '' });
  const role = (key: keyof typeof mapping) => ({
    value: mapping[key],
    onChange: (v: string) => setMapping((m) => ({ ...m, [key]: v })),
  });
  return (
    <CsvUploadForm
      label="Upload market data"
      title="Upload market data"
      description="A CSV with a date column and a numeric column (revenue, sign-ups, price…), optionally one row per series. Foresight trains a forecast as soon as it is stored."
      submitLabel="Upload and forecast"
      upload={upload}
      sniff={(text) => {
        const g = guessMarketColumns(text);
        setMapping({ date: g.date ?? '', value: g.value ?? '', series: g.series ?? '' });
        return g;
      }}
      fields={() => ({
        dateColumn: mapping.date,
        valueColumn: mapping.value,
        seriesColumn: mapping.series,
      })}
    >
      {(header) => (
        <div className="row">
          <ColumnSelect label="Date column" header={header} {...role('date')} />
          <ColumnSelect label="Value column" header={header} {...role('value')} />
          <ColumnSelect
            label="Series column (optional)"
            header={header}
            optional="— one series —"
            {...role('series')}
          />
        </div>
      )}
    </CsvUploadForm>
  );
}
