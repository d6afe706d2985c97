import type { RouterInputs } from '@foresight/api';
import { SCENARIO_LIMITS } from '@foresight/api/scenario';
import { parseNumber as parseAnyNumber } from '@foresight/ingest/numbers';

/** The what-if panel's fields, as typed (strings: a field can hold anything while being edited). */
export interface WhatIfInputs {
  growthPoints: string;
  costAmount: string;
  costFrom: string;
  raiseAmount: string;
  raiseAt: string;
}

export type WhatIfField = keyof WhatIfInputs;
export type Scenario = RouterInputs['risk']['whatIf']['scenario'];
/** Why each field that is wrong is wrong, in words. */
export type FieldErrors = Partial<Record<WhatIfField, string>>;

export const EMPTY_WHAT_IF: WhatIfInputs = {
  growthPoints: '',
  costAmount: '',
  costFrom: '1',
  raiseAmount: '',
  raiseAt: '1',
};

/**
 * The server's own bounds (`@foresight/api/scenario`), so a field says what is wrong as it is
 * typed: growth in points a month (the server takes fractions).
 */
export const WHAT_IF_LIMITS = {
  growthPoints: {
    min: SCENARIO_LIMITS.growthRateChange.min * 100,
    max: SCENARIO_LIMITS.growthRateChange.max * 100,
  },
  money: SCENARIO_LIMITS.money,
  month: SCENARIO_LIMITS.month,
} as const;

/**
 * A number as people type it ("15,000", "$1.5e6", "−2"), read by the ingest's number parser, or
 * null when it is not one. A "%" keeps the number in points ("2%" is 2), as the growth field asks.
 */
export function parseNumber(text: string): number | null {
  return parseAnyNumber(text, { percent: 'points' });
}

type Check = { value: number | null; error?: string };

/** An optional number field: blank is fine; anything else must be a number `problem` accepts. */
function checkNumber(text: string, example: string, problem: (n: number) => string | null): Check {
  if (text.trim() === '') return { value: null };
  const n = parseNumber(text);
  if (n === null) return { value: null, error: `Enter a number, e.g. ${example}` };
  const error = problem(n);
  return error ? { value: null, error } : { value: n };
}

function checkMonth(text: string): Check {
  const n = Number(text);
  const { min, max } = WHAT_IF_LIMITS.month;
  return Number.isInteger(n) && n >= min && n <= max
    ? { value: n }
    : { value: null, error: `Pick a month between ${min} and ${max} months ahead` };
}

const { growthPoints: growth, money } = WHAT_IF_LIMITS;
const growthProblem = (n: number) =>
  n < growth.min || n > growth.max
    ? `The growth change must be between ${growth.min} and +${growth.max} points a month`
    : null;
const moneyProblem = (n: number) =>
  n < money.min || n > money.max ? 'The amount must be at most $1 trillion either way' : null;
const raiseProblem = (n: number) => (n < 0 ? 'A fundraise cannot be negative' : moneyProblem(n));

/**
 * The scenario the fields describe (null when they describe none) and why any field is wrong.
 * While `errors` has an entry, the scenario must not be shown as applied.
 */
export function checkWhatIf(inputs: WhatIfInputs): {
  scenario: Scenario | null;
  errors: FieldErrors;
} {
  const errors: FieldErrors = {};
  const scenario: Scenario = {};

  const g = checkNumber(inputs.growthPoints, '2 or -1.5', growthProblem);
  if (g.error) errors.growthPoints = g.error;
  else if (g.value) scenario.growthRateChange = g.value / 100;

  const cost = checkNumber(inputs.costAmount, '15000', moneyProblem);
  if (cost.error) errors.costAmount = cost.error;
  else if (cost.value) {
    const from = checkMonth(inputs.costFrom);
    if (from.value === null) errors.costFrom = from.error;
    else scenario.newMonthlyCost = { amount: cost.value, fromMonth: from.value };
  }

  const raise = checkNumber(inputs.raiseAmount, '1000000', raiseProblem);
  if (raise.error) errors.raiseAmount = raise.error;
  else if (raise.value) {
    const at = checkMonth(inputs.raiseAt);
    if (at.value === null) errors.raiseAt = at.error;
    else scenario.fundraise = { amount: raise.value, atMonth: at.value };
  }

  const valid = Object.keys(errors).length === 0;
  return { scenario: valid && Object.keys(scenario).length > 0 ? scenario : null, errors };
}

/** Where the server's scenario paths land in the panel. */
const FIELD_OF_PATH: Record<string, WhatIfField> = {
  'scenario.growthRateChange': 'growthPoints',
  'scenario.newMonthlyCost.amount': 'costAmount',
  'scenario.newMonthlyCost.fromMonth': 'costFrom',
  'scenario.newMonthlyCost': 'costAmount',
  'scenario.fundraise.amount': 'raiseAmount',
  'scenario.fundraise.atMonth': 'raiseAt',
  'scenario.fundraise': 'raiseAmount',
};

/**
 * A BAD_REQUEST answer's message ("scenario.fundraise.amount: A fundraise cannot be negative; …")
 * split onto the fields it names; parts naming no field are left in `other`.
 */
export function serverFieldErrors(message: string): { errors: FieldErrors; other: string[] } {
  const errors: FieldErrors = {};
  const other: string[] = [];
  for (const part of message.split('; ')) {
    const at = part.indexOf(': ');
    const field = at > 0 ? FIELD_OF_PATH[part.slice(0, at)] : undefined;
    if (field) errors[field] ??= part.slice(at + 2);
    else if (part.trim()) other.push(part);
  }
  return { errors, other };
}

/** What the what-if query holds, as far as the panel's state is concerned. */
export interface WhatIfQuery<R> {
  data: R | undefined;
  isPlaceholderData: boolean;
  error: { message: string; data?: { code?: string } | null } | null;
}

/**
 * Where the scenario stands, from the fields' own checks and the server's answer. A server refusal
 * (400) is never silent: a reason naming a field goes next to that field (state `invalid`), any
 * other reason is shown as "Scenario not applied: …" (state `error`); neither keeps the previous
 * scenario's numbers on screen. `settled`: the query is for the fields as they are now.
 */
export function whatIfStateOf<R>(
  checked: { scenario: Scenario | null; errors: FieldErrors },
  settled: boolean,
  query: WhatIfQuery<R>,
): { errors: FieldErrors; state: WhatIfStateOf<R> } {
  const refused = settled && query.error?.data?.code === 'BAD_REQUEST';
  const server = refused ? serverFieldErrors(query.error!.message) : { errors: {}, other: [] };
  const errors: FieldErrors = { ...server.errors, ...checked.errors };
  const state = ((): WhatIfStateOf<R> => {
    if (Object.keys(errors).length > 0) return { state: 'invalid' };
    if (checked.scenario === null) return { state: 'none' };
    if (settled && query.error) {
      return { state: 'error', message: server.other.join('; ') || query.error.message };
    }
    if (settled && query.data && !query.isPlaceholderData) {
      return { state: 'applied', result: query.data };
    }
    return { state: 'pending', previous: query.error ? null : (query.data ?? null) };
  })();
  return { errors, state };
}

/**
 * Where the scenario stands. Only `applied` numbers belong to the fields as they are now; `pending`
 * carries the previous scenario's numbers, to be shown as out of date until the new ones arrive.
 */
export type WhatIfStateOf<R> =
  | { state: 'none' }
  | { state: 'invalid' }
  | { state: 'error'; message: string }
  | { state: 'pending'; previous: R | null }
  | { state: 'applied'; result: R };
