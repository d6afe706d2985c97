'use client';

export interface WhatIfInputs {
  growthPoints: string;
  costAmount: string;
  costFrom: string;
  raiseAmount: string;
  raiseAt: string;
}

export const EMPTY_WHAT_IF: WhatIfInputs = {
  growthPoints: '',
  costAmount: '',
  costFrom: '1',
  raiseAmount: '',
  raiseAt: '1',
};

export interface Scenario {
  growthRateChange?: number;
  newMonthlyCost?: { amount: number; fromMonth: number };
  fundraise?: { amount: number; atMonth: number };
}

const num = (s: string) => {
  const n = Number(s.replace(/[,$\s]/g, ''));
  return s.trim() !== '' && Number.isFinite(n) ? n : null;
};

/** The scenario the inputs describe, or null when they describe none. */
export function scenarioFrom(inputs: WhatIfInputs): Scenario | null {
  const scenario: Scenario = {};
  const growth = num(inputs.growthPoints);
  if (growth !== null && growth !== 0) scenario.growthRateChange = growth / 100;
  const cost = num(inputs.costAmount);
  if (cost !== null && cost !== 0)
    scenario.newMonthlyCost = { amount: cost, fromMonth: Number(inputs.costFrom) };
  const raise = num(inputs.raiseAmount);
  if (raise !== null && raise > 0)
    scenario.fundraise = { amount: raise, atMonth: Number(inputs.raiseAt) };
  return Object.keys(scenario).length ? scenario : null;
}

export function WhatIfPanel({
  inputs,
  onChange,
  dates,
}: {
  inputs: WhatIfInputs;
  onChange: (next: WhatIfInputs) => void;
  dates: string[];
}) {
  const set = (key: keyof WhatIfInputs) => (e: { target: { value: string } }) =>
    onChange({ ...inputs, [key]: e.target.value });
  const months = dates.map((d, i) => (
    <option key={d} value={String(i + 1)}>
      {d.slice(0, 7)}
    </option>
  ));
  return (
    <section className="card stack" aria-label="What-if">
      <div className="row between">
        <h2>What if…</h2>
        <button type="button" onClick={() => onChange(EMPTY_WHAT_IF)}>
          Reset
        </button>
      </div>
      <div className="row">
        <label>
          Revenue growth change (points / month)
          <input
            inputMode="decimal"
            placeholder="e.g. 2 or -1.5"
            value={inputs.growthPoints}
            onChange={set('growthPoints')}
          />
        </label>
        <label>
          New monthly cost ($)
          <input
            inputMode="decimal"
            placeholder="e.g. 15000 (a hire)"
            value={inputs.costAmount}
            onChange={set('costAmount')}
          />
        </label>
        <label>
          …starting
          <select value={inputs.costFrom} onChange={set('costFrom')}>
            {months}
          </select>
        </label>
        <label>
          Fundraise ($)
          <input
            inputMode="decimal"
            placeholder="e.g. 1000000"
            value={inputs.raiseAmount}
            onChange={set('raiseAmount')}
          />
        </label>
        <label>
          …in
          <select value={inputs.raiseAt} onChange={set('raiseAt')}>
            {months}
          </select>
        </label>
      </div>
    </section>
  );
}
