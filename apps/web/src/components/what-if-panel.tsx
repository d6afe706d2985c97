'use client';

import { useId, type ReactNode } from 'react';
import {
  EMPTY_WHAT_IF,
  type FieldErrors,
  type WhatIfField,
  type WhatIfInputs,
} from '~/lib/what-if';

interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled control with, when it is wrong, the reason right under it. */
function Field({
  name,
  label,
  error,
  control,
}: {
  name: WhatIfField;
  label: string;
  error: string | undefined;
  control: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field" data-field={name} data-invalid={error ? 'true' : undefined}>
      <label htmlFor={id}>{label}</label>
      {control({ id, 'aria-invalid': !!error, 'aria-describedby': error ? errorId : undefined })}
      {error && (
        <span
          id={errorId}
          className="field-error"
          role="alert"
          data-testid={`what-if-error-${name}`}
        >
          {error}
        </span>
      )}
    </div>
  );
}

/** The what-if fields: growth change, a new monthly cost and a fundraise; `children` shows the result. */
export function WhatIfPanel({
  inputs,
  errors,
  onChange,
  dates,
  children,
}: {
  inputs: WhatIfInputs;
  errors: FieldErrors;
  onChange: (next: WhatIfInputs) => void;
  dates: string[];
  children?: ReactNode;
}) {
  const set = (key: WhatIfField) => (e: { target: { value: string } }) =>
    onChange({ ...inputs, [key]: e.target.value });
  const months = dates.map((d, i) => (
    <option key={d} value={String(i + 1)}>
      {d.slice(0, 7)}
    </option>
  ));
  const text = (name: WhatIfField, placeholder: string) => (props: ControlProps) => (
    <input
      {...props}
      inputMode="decimal"
      placeholder={placeholder}
      value={inputs[name]}
      onChange={set(name)}
    />
  );
  const month = (name: WhatIfField) => (props: ControlProps) => (
    <select {...props} value={inputs[name]} onChange={set(name)}>
      {months}
    </select>
  );
  return (
    <section className="card stack" aria-label="What-if">
      <div className="row between">
        <h2>What if…</h2>
        <button type="button" onClick={() => onChange(EMPTY_WHAT_IF)}>
          Reset
        </button>
      </div>
      <div className="row">
        <Field
          name="growthPoints"
          label="Revenue growth change (points / month)"
          error={errors.growthPoints}
          control={text('growthPoints', 'e.g. 2 or -1.5')}
        />
        <Field
          name="costAmount"
          label="New monthly cost ($)"
          error={errors.costAmount}
          control={text('costAmount', 'e.g. 15000 (a hire)')}
        />
        <Field
          name="costFrom"
          label="…starting"
          error={errors.costFrom}
          control={month('costFrom')}
        />
        <Field
          name="raiseAmount"
          label="Fundraise ($)"
          error={errors.raiseAmount}
          control={text('raiseAmount', 'e.g. 1000000')}
        />
        <Field name="raiseAt" label="…in" error={errors.raiseAt} control={month('raiseAt')} />
      </div>
      {children}
    </section>
  );
}
