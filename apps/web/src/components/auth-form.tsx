'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '~/lib/auth-client';

/** Where to go after signing in: only a path of this app (an invitation link), never elsewhere. */
function safeNext(next: string | undefined): string | null {
  return next && /^\/(?!\/)[\w\-/]*$/.test(next) ? next : null;
}

export function AuthForm({
  mode,
  next,
  email: prefilledEmail,
}: {
  mode: 'sign-in' | 'sign-up';
  /** Path to return to (from an invitation link). */
  next?: string;
  /** E-mail to prefill (the invited address). */
  email?: string;
}) {
  const returnTo = safeNext(next);
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    const result =
      mode === 'sign-up'
        ? await authClient.signUp.email({ email, password, name: String(form.get('name') ?? '') })
        : await authClient.signIn.email({ email, password });
    setPending(false);
    if (result.error) {
      setError(result.error.message ?? 'Something went wrong, please try again');
      return;
    }
    router.replace(returnTo ?? (mode === 'sign-up' ? '/data' : '/trends'));
    router.refresh();
  }

  return (
    <form className="stack" onSubmit={onSubmit}>
      <h1>{mode === 'sign-up' ? 'Create your account' : 'Sign in'}</h1>
      {mode === 'sign-up' && (
        <label>
          Your name
          <input name="name" autoComplete="name" required maxLength={100} />
        </label>
      )}
      <label>
        Email
        <input
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={prefilledEmail}
          required
        />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
          minLength={8}
          required
        />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? 'Please wait…' : mode === 'sign-up' ? 'Create account' : 'Sign in'}
      </button>
      <p className="muted">
        {mode === 'sign-up' ? (
          <>
            Already have an account?{' '}
            <Link href={returnTo ? `/sign-in?next=${encodeURIComponent(returnTo)}` : '/sign-in'}>
              Sign in
            </Link>
          </>
        ) : (
          <>
            New to Foresight?{' '}
            <Link href={returnTo ? `/sign-up?next=${encodeURIComponent(returnTo)}` : '/sign-up'}>
              Create an account
            </Link>
          </>
        )}
      </p>
    </form>
  );
}
