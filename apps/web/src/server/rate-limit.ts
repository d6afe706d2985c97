import 'server-only';
import {
  hitRateLimit,
  peekRateLimit,
  type ApiKeyRateLimit,
  type RateLimitState,
} from '@foresight/db';
import { env } from '~/env';
import { refusal } from './refusal';
import { db } from './services';

const FIFTEEN_MINUTES = 15 * 60;

/** The client's address: the first X-Forwarded-For hop (set by Next or the reverse proxy). */
export function clientIp(headers: Headers): string {
  return (
    headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || 'unknown'
  );
}

/** A refused sign-in or sign-up, in better-auth's error shape (what its client reads). */
export function tooManyRequests(retryAfterSeconds: number, message: string): Response {
  return Response.json(
    { code: 'TOO_MANY_REQUESTS', message },
    { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
}

function signInKeys(ip: string, email: string): { key: string; limit: number }[] {
  const perPair = env().FORESIGHT_SIGNIN_FAILURES_PER_15_MIN;
  return [
    { key: `signin-fail:${email}:${ip}`, limit: perPair },
    // Guessing across many accounts from one address.
    { key: `signin-fail-ip:${ip}`, limit: perPair * 5 },
  ];
}

/**
 * Runs a sign-in attempt unless the account+IP (or the IP) has too many recent failures; counts
 * the attempt when it fails. Successful sign-ins do not count.
 */
export async function limitSignIn(
  req: Request,
  handle: (req: Request) => Promise<Response>,
): Promise<Response> {
  const body = (await req
    .clone()
    .json()
    .catch(() => ({}))) as { email?: unknown };
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  const keys = signInKeys(clientIp(req.headers), email);
  for (const { key, limit } of keys) {
    const state = await peekRateLimit(db(), key, FIFTEEN_MINUTES, limit);
    if (!state.allowed) {
      return tooManyRequests(
        state.retryAfterSeconds,
        `Too many failed sign-ins; try again in ${Math.ceil(state.retryAfterSeconds / 60)} minutes`,
      );
    }
  }
  const response = await handle(req);
  if (response.status === 401 || response.status === 403) {
    for (const { key, limit } of keys) await hitRateLimit(db(), key, FIFTEEN_MINUTES, limit);
  }
  return response;
}

/**
 * A wrong current password on `/change-password` counts like a failed sign-in (per IP, same
 * limit), so a stolen session cannot be used to guess the password behind it.
 */
export async function limitPasswordChange(
  req: Request,
  handle: (req: Request) => Promise<Response>,
): Promise<Response> {
  const key = `password-change:${clientIp(req.headers)}`;
  const limit = env().FORESIGHT_SIGNIN_FAILURES_PER_15_MIN;
  const state = await peekRateLimit(db(), key, FIFTEEN_MINUTES, limit);
  if (!state.allowed) {
    return tooManyRequests(
      state.retryAfterSeconds,
      `Too many wrong passwords; try again in ${Math.ceil(state.retryAfterSeconds / 60)} minutes`,
    );
  }
  const response = await handle(req);
  if (response.status === 400 || response.status === 401) {
    const body = (await response
      .clone()
      .json()
      .catch(() => ({}))) as { code?: unknown };
    if (body.code === 'INVALID_PASSWORD') await hitRateLimit(db(), key, FIFTEEN_MINUTES, limit);
  }
  return response;
}

/** Counts a sign-up against the caller's IP; refuses past the hourly limit. */
export async function limitSignUp(
  req: Request,
  handle: (req: Request) => Promise<Response>,
): Promise<Response> {
  const state = await hitRateLimit(
    db(),
    `signup:${clientIp(req.headers)}`,
    3600,
    env().FORESIGHT_SIGNUPS_PER_HOUR,
  );
  if (!state.allowed) {
    return tooManyRequests(
      state.retryAfterSeconds,
      'Too many sign-ups from this address; try again later',
    );
  }
  return handle(req);
}

/** The per-minute request limit of an API key, counted as the key is checked. */
export function apiKeyRateLimit(): ApiKeyRateLimit {
  return { windowSeconds: 60, limit: env().FORESIGHT_API_KEY_REQUESTS_PER_MINUTE };
}

/** 429 with Retry-After once a key is over its per-minute limit, else null. */
export function refuseOverLimit(rate: RateLimitState | null): Response | null {
  return !rate || rate.allowed
    ? null
    : refusal(
        'TOO_MANY_REQUESTS',
        `Rate limit of this API key reached (${env().FORESIGHT_API_KEY_REQUESTS_PER_MINUTE} requests a minute); retry in ${rate.retryAfterSeconds} s`,
        { 'Retry-After': String(rate.retryAfterSeconds) },
      );
}
