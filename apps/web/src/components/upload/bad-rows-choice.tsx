import type { BadRows } from '~/lib/uploads';

/** What to do with rows that cannot be read. */
export function BadRowsChoice({
  value,
  onChange,
}: {
  value: BadRows;
  onChange: (value: BadRows) => void;
}) {
  return (
    <fieldset className="checks">
      <legend>If a row has a problem</legend>
      <label className="inline">
        <input
          type="radio"
          name="bad-rows"
          className="check"
          checked={value === 'reject'}
          onChange={() => onChange('reject')}
        />
        Reject the whole file (nothing is stored)
      </label>
      <label className="inline">
        <input
          type="radio"
          name="bad-rows"
          className="check"
          checked={value === 'skip'}
          onChange={() => onChange('skip')}
        />
        Skip bad rows and report them
      </label>
    </fieldset>
  );
}
