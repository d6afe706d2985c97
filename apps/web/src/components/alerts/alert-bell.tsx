'use client';

import { defaultRuleName, ruleSentence } from '@foresight/api/alert-text';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '~/trpc/react';
import { choiceLabel, fieldsOf, textsOf, withNumbers, type RuleSpec } from './rule-form';
import { useCanManageAlerts } from './use-can-manage';
import './alerts.css';

export type { RuleSpec } from './rule-form';

export function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/**
 * "Alert me": a bell beside a number that opens a small form pre-filled for it (the rule kinds in
 * `choices`, the first one picked). Owners and admins only; nothing for members.
 */
export function AlertBell({
  datasetId,
  subject,
  choices,
}: {
  datasetId: string;
  /** What the number is, in words ("north", "your runway"): the button's accessible name. */
  subject: string;
  choices: RuleSpec[];
}) {
  const canManage = useCanManageAlerts();
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onDown = (e: MouseEvent) => {
      if (wrapper.current && !wrapper.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  if (!canManage || choices.length === 0) return null;
  return (
    <div className="alert-bell" ref={wrapper}>
      <button
        type="button"
        className="bell-button"
        aria-label={`Alert me about ${subject}`}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon /> Alert me
      </button>
      {open && (
        <AlertForm
          datasetId={datasetId}
          subject={subject}
          choices={choices}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}

function AlertForm({
  datasetId,
  subject,
  choices,
  onClose,
}: {
  datasetId: string;
  subject: string;
  choices: RuleSpec[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [choice, setChoice] = useState(0);
  const [rule, setRule] = useState<RuleSpec>(choices[0]!);
  const [texts, setTexts] = useState(() => textsOf(choices[0]!));
  const [name, setName] = useState<string | null>(null);
  const [email, setEmail] = useState(false);
  const create = useMutation(
    trpc.alerts.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }),
    }),
  );

  const checked = withNumbers(rule, texts);
  const fields = fieldsOf(rule);

  function pick(index: number) {
    const preset = choices[index]!;
    setChoice(index);
    setRule(preset);
    setTexts(textsOf(preset));
    setName(null);
    create.reset();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (checked.problems.length > 0) return;
    create.mutate({
      datasetId,
      name: name?.trim() || defaultRuleName(checked.rule),
      rule: checked.rule,
      email,
    });
  }

  if (create.data) {
    return (
      <div className="popover" role="dialog" aria-label={`New alert on ${subject}`}>
        <p className="sentence" role="status">
          Alert created: “{create.data.name}”.
        </p>
        <p className="muted small">
          It is checked after every upload and retrain, and every hour; when it fires you get a
          notification (the bell at the top).
        </p>
        <div className="row between">
          <Link href="/alerts">See all alerts</Link>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <form
      className="popover"
      role="dialog"
      aria-label={`New alert on ${subject}`}
      onSubmit={onSubmit}
    >
      <h3>New alert on {subject}</h3>
      {choices.length > 1 && (
        <fieldset>
          <legend>Tell me when</legend>
          {choices.map((c, i) => (
            <label key={i} className="inline">
              <input
                type="radio"
                name={`${id}-kind`}
                style={{ width: 'auto' }}
                checked={choice === i}
                onChange={() => pick(i)}
              />
              {choiceLabel(c)}
            </label>
          ))}
        </fieldset>
      )}

      <div className="fields">
        {rule.kind === 'metric_anomaly' && (
          <>
            <label>
              Usual range
              <select
                value={rule.params.coverage}
                onChange={(e) =>
                  setRule({
                    ...rule,
                    params: {
                      ...rule.params,
                      coverage: Number(e.target.value) as 0.8 | 0.9 | 0.95,
                    },
                  })
                }
              >
                <option value={0.8}>80% (more alerts)</option>
                <option value={0.9}>90%</option>
                <option value={0.95}>95% (fewer alerts)</option>
              </select>
            </label>
            <label>
              Direction
              <select
                value={rule.params.direction}
                onChange={(e) =>
                  setRule({
                    ...rule,
                    params: {
                      ...rule.params,
                      direction: e.target.value as 'both' | 'up' | 'down',
                    },
                  })
                }
              >
                <option value="both">Either way</option>
                <option value="up">Only above</option>
                <option value="down">Only below</option>
              </select>
            </label>
          </>
        )}
        {rule.kind === 'threshold' && (
          <label>
            When it
            <select
              value={rule.params.direction}
              onChange={(e) =>
                setRule({
                  ...rule,
                  params: { ...rule.params, direction: e.target.value as 'above' | 'below' },
                })
              }
            >
              <option value="above">rises above</option>
              <option value="below">falls below</option>
            </select>
          </label>
        )}
        {fields.map((f) => (
          <label key={f.key}>
            {f.label}
            {f.unit ? ` (${f.unit})` : ''}
            <input
              inputMode="decimal"
              value={texts[f.key] ?? ''}
              onChange={(e) => setTexts({ ...texts, [f.key]: e.target.value })}
              aria-invalid={checked.problems.some((p) => p.includes(`“${f.label}”`))}
            />
          </label>
        ))}
      </div>

      {checked.problems.length > 0 ? (
        <ul className="error small">
          {checked.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : (
        <p className="sentence" data-testid="alert-sentence">
          {ruleSentence(checked.rule)}
        </p>
      )}

      <div className="fields">
        <label style={{ flex: 1 }}>
          Name
          <input
            style={{ width: '100%' }}
            maxLength={120}
            value={name ?? defaultRuleName(checked.rule)}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
      </div>
      <label className="inline small">
        <input
          type="checkbox"
          style={{ width: 'auto' }}
          checked={email}
          onChange={(e) => setEmail(e.target.checked)}
        />
        Also e-mail the admins (when e-mail is set up)
      </label>
      {create.error && <p className="error">{create.error.message}</p>}
      <div className="row between">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="submit"
          className="primary"
          disabled={create.isPending || checked.problems.length > 0}
        >
          Create alert
        </button>
      </div>
    </form>
  );
}
