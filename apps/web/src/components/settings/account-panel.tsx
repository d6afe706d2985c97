'use client';

import { useState, type FormEvent } from 'react';
import { authClient } from '~/lib/auth-client';

/** Your account: change the password (with the current one) and sign out other sessions. */
export function AccountPanel() {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onChangePassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const currentPassword = String(form.get('currentPassword') ?? '');
    const newPassword = String(form.get('newPassword') ?? '');
    if (newPassword !== String(form.get('confirmPassword') ?? '')) {
      setMessage({ ok: false, text: 'The new password and its confirmation differ' });
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await authClient.changePassword({
      currentPassword,
      newPassword,
      revokeOtherSessions: form.get('revokeOthers') === 'on',
    });
    setPending(false);
    if (result.error) {
      setMessage({ ok: false, text: result.error.message ?? 'The password was not changed' });
      return;
    }
    formElement.reset();
    setMessage({ ok: true, text: 'Password changed' });
  }

  async function onSignOutOthers() {
    setPending(true);
    setMessage(null);
    const result = await authClient.revokeOtherSessions();
    setPending(false);
    setMessage(
      result.error
        ? { ok: false, text: result.error.message ?? 'Could not sign out the other sessions' }
        : { ok: true, text: 'Signed out everywhere else; this browser stays signed in' },
    );
  }

  return (
    <section className="card stack" aria-label="Account">
      <h2>Your account</h2>
      <form className="stack-sm" onSubmit={onChangePassword} aria-label="Change password">
        <h3>Change password</h3>
        <div className="row">
          <label>
            Current password
            <input
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
            />
          </label>
          <label>
            New password
            <input
              name="newPassword"
              type="password"
              autoComplete="new-password"
              minLength={8}
              maxLength={128}
              required
            />
          </label>
          <label>
            Repeat new password
            <input
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
              minLength={8}
              maxLength={128}
              required
            />
          </label>
        </div>
        <label className="inline">
          <input type="checkbox" name="revokeOthers" style={{ width: 'auto' }} defaultChecked />
          Also sign out my other sessions
        </label>
        <div className="row">
          <button type="submit" className="primary" disabled={pending}>
            Change password
          </button>
        </div>
      </form>
      <div className="stack-sm">
        <h3>Sessions</h3>
        <p className="muted">
          Signed in on another computer or a shared one? Sign out everywhere except this browser.
        </p>
        <div className="row">
          <button type="button" onClick={() => void onSignOutOthers()} disabled={pending}>
            Sign out other sessions
          </button>
        </div>
      </div>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'error'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
