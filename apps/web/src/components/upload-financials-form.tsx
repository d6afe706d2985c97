'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ColumnSelect } from '~/components/column-select';
import { CsvUploadForm } from '~/components/csv-upload-form';
import { useUploadDone } from '~/components/use-upload-done';
import { guessFinancialColumns } from '~/lib/csv-sniff';
import { useTRPC } from '~/trpc/react';

export function UploadFinancialsForm() {
  const trpc = useTRPC();
  const done = useUploadDone((r) => `/risk?dataset=${r.datasetId}`);
  const upload = useMutation(trpc.datasets.uploadFinancials.mutationOptions({ onSuccess: done }));
  const [date, setDate] = useState('');
  const [revenue, setRevenue] = useState('');
  const [expenses, setExpenses] = useState<string[]>([]);
  const [cash, setCash] = useState('');
  const [startingCash, setStartingCash] = useState('');
  return (
    <CsvUploadForm
      label="Upload financials"
      title="Upload financials"
      description="One row per month with revenue, your costs (one or several columns, summed) and the cash balance — or the cash you had at the start. Foresight forecasts revenue and costs and simulates your runway."
      submitLabel="Upload and assess runway"
      upload={upload}
      canSubmit={expenses.length > 0}
      sniff={(text) => {
        const g = guessFinancialColumns(text);
        setDate(g.date ?? '');
        setRevenue(g.revenue ?? '');
        setExpenses(g.expenses);
        setCash(g.cash ?? '');
        return g;
      }}
      fields={() => ({
        dateColumn: date,
        revenueColumn: revenue,
        expenseColumns: expenses,
        cashColumn: cash,
        startingCash: cash ? '' : startingCash,
      })}
    >
      {(header) => (
        <>
          <div className="row">
            <ColumnSelect label="Period column" header={header} value={date} onChange={setDate} />
            <ColumnSelect
              label="Revenue column"
              header={header}
              value={revenue}
              onChange={setRevenue}
            />
            <ColumnSelect
              label="Cash balance column"
              header={header}
              value={cash}
              onChange={setCash}
              optional="— none: enter starting cash —"
            />
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
            {header
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
        </>
      )}
    </CsvUploadForm>
  );
}
