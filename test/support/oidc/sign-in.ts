import { ACCOUNTS, type AccountName } from './accounts.js';
import type { InteractionPage } from './interactions.js';

const MAX_STEPS = 20;

/**
 * A stand-in for the person's browser: follows an authorization URL through the issuer's
 * redirects with its cookies, posts the login form for `account` and the consent form, and
 * returns the first redirect that leaves the issuer (the client's redirect URI with `code`, or
 * with `error`). Nothing listens at the redirect URI: it is caught, not fetched.
 */
export async function driveSignIn(authorizationUrl: URL, issuer: string, account: AccountName): Promise<URL> {
  const cookies = new Map<string, string>();
  let next = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (next.origin !== new URL(issuer).origin) return next;
    const response = await fetch(next, {
      method: form ? 'POST' : 'GET',
      body: form,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) keepCookie(cookies, line);
    const location = response.headers.get('location');
    if (location) {
      next = new URL(location, next);
      form = undefined;
      await response.body?.cancel();
      continue;
    }
    const page = (await response.json()) as Partial<InteractionPage>;
    if (!response.ok || !page.uid) throw new Error(`sign-in stopped at ${next.pathname}: ${response.status} ${JSON.stringify(page)}`);
    next = new URL(`/interaction/${page.uid}/${page.prompt}`, issuer);
    form = new URLSearchParams(page.prompt === 'login' ? { account: ACCOUNTS[account].sub } : {});
  }
  throw new Error(`sign-in did not return to the client in ${MAX_STEPS} steps`);
}

/** Keeps a Set-Cookie by name (the issuer's cookies have distinct names), dropping one it expires. */
function keepCookie(cookies: Map<string, string>, line: string): void {
  const [pair = '', ...attributes] = line.split(';');
  const at = pair.indexOf('=');
  const name = pair.slice(0, at).trim();
  const value = pair.slice(at + 1).trim();
  const expired = attributes.some((attribute) => /^\s*expires=/i.test(attribute) && Date.parse(attribute.split('=')[1]!) <= Date.now());
  if (expired || value === '') cookies.delete(name);
  else cookies.set(name, value);
}
