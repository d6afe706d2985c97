import type { ReactNode } from 'react';

/** A secret shown once (an API key, an invitation link) with Copy and Done. */
export function ShownOnceSecret({
  heading,
  secret,
  testId,
  onDone,
  children,
}: {
  heading: ReactNode;
  secret: string;
  testId: string;
  onDone: () => void;
  /** Notes under the secret (expiry, mail status). */
  children?: ReactNode;
}) {
  return (
    <div className="callout" role="status" data-testid={testId}>
      <strong>{heading}</strong>
      <code className="secret">{secret}</code>
      {children}
      <div className="row">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(secret)}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
