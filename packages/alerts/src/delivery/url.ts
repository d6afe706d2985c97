/** Why a webhook URL is refused, in words for the admin entering it; null when it is fine. */
export function webhookUrlProblem(
  raw: string,
  options: { allowLocalHttp: boolean },
): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full URL, starting with https://';
  }
  if (url.username || url.password) return 'Put credentials in the signing secret, not in the URL';
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'Webhook URLs must start with https://';
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (local && options.allowLocalHttp) return null;
  return local
    ? 'http:// to this machine is allowed only when FORESIGHT_ALLOW_LOCAL_WEBHOOKS=1 is set'
    : 'Webhook URLs must use https:// (http:// is allowed only to localhost, when enabled)';
}
