import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { accountFor } from './accounts.js';

/** What the login or consent page would show; the test's stand-in browser reads it to know what to post. */
export interface InteractionPage {
  uid: string;
  /** 'login' or 'consent'. */
  prompt: string;
}

/**
 * The issuer's login and consent pages, as JSON and form posts instead of HTML (oidc-provider
 * leaves these to the application):
 * - `GET /interaction/<uid>`: which prompt is pending.
 * - `POST /interaction/<uid>/login` with `account=<sub>`: signs that person in (no password: a test account).
 * - `POST /interaction/<uid>/consent`: grants the requested scopes the account may have and refuses the rest.
 */
export async function handleInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [, , uid, action] = new URL(req.url!, 'http://issuer').pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, { error: 'interaction does not match its cookie' });

  if (req.method === 'GET' && action === undefined) return send(res, 200, { uid, prompt: details.prompt.name } satisfies InteractionPage);

  if (req.method === 'POST' && action === 'login') {
    const sub = new URLSearchParams(await readBody(req)).get('account') ?? '';
    if (!accountFor(sub)) return send(res, 400, { error: `no account "${sub}"` });
    return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
  }

  if (req.method === 'POST' && action === 'consent') {
    const { session, params, prompt, grantId } = details;
    const account = session?.accountId ? accountFor(session.accountId) : undefined;
    if (!account) return send(res, 400, { error: 'nobody is signed in' });
    const grant = grantId ? await provider.Grant.find(grantId) : new provider.Grant({ accountId: account.sub, clientId: String(params.client_id) });
    if (!grant) return send(res, 400, { error: 'grant expired' });
    const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, requested] of Object.entries(missing.missingResourceScopes ?? {})) {
      const allowed = requested.filter((scope) => account.scopes.includes(scope));
      const refused = requested.filter((scope) => !account.scopes.includes(scope));
      if (allowed.length) grant.addResourceScope(indicator, allowed.join(' '));
      if (refused.length) grant.rejectResourceScope(indicator, refused.join(' '));
    }
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  send(res, 404, { error: 'no such interaction step' });
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}
