import type { AccountContext } from '../domain/context.ts';
import type { Result, Router } from '../http/router.ts';
import type { TokenService } from './tokens.ts';

// The consent page (amocrm-api.md §2.1): "Разрешить" redirects to the integration's redirect_uri
// with code, referer (the account host), state, platform=1 and client_id; "Отказать" with
// error=access_denied. Not rate limited.

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const html = (status: number, body: string): Result => ({
  status,
  body: `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Предоставить доступ</title></head><body>${body}</body></html>`,
  contentType: 'text/html; charset=utf-8',
});

export function consentRoutes(r: Router, ctx: AccountContext, tokens: () => TokenService): void {
  const param = (q: Record<string, unknown>, k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '');

  r.get('/oauth', (req) => {
    const clientId = param(req.query, 'client_id');
    const integration = tokens().integration(clientId);
    if (!integration) return html(400, '<h1>Интеграция не найдена</h1>');
    const qs = new URLSearchParams({ client_id: clientId, state: param(req.query, 'state') });
    return html(
      200,
      `<h1>Интеграция запрашивает доступ к аккаунту ${escapeHtml(ctx.store.account.subdomain)}</h1>` +
        `<form method="get" action="/oauth/allow">` +
        `<input type="hidden" name="client_id" value="${escapeHtml(clientId)}">` +
        `<input type="hidden" name="state" value="${escapeHtml(param(req.query, 'state'))}">` +
        `<button type="submit" id="allow">Разрешить</button></form>` +
        `<p><a id="deny" href="/oauth/deny?${escapeHtml(qs.toString())}">Отказать</a></p>`,
    );
  });

  const redirect = (clientId: string, params: Record<string, string>): Result => {
    const integration = tokens().integration(clientId);
    if (!integration) return html(400, '<h1>Интеграция не найдена</h1>');
    const target = new URL(integration.redirectUri);
    for (const [k, v] of Object.entries(params)) if (v !== '') target.searchParams.set(k, v);
    return { status: 302, headers: { location: target.toString() }, body: '', contentType: 'text/html' };
  };

  r.get('/oauth/allow', (req) => {
    const clientId = param(req.query, 'client_id');
    if (!tokens().integration(clientId)) return html(400, '<h1>Интеграция не найдена</h1>');
    return redirect(clientId, {
      code: tokens().issueCode(clientId),
      referer: new URL(ctx.baseUrl).host,
      state: param(req.query, 'state'),
      platform: '1',
      client_id: clientId,
    });
  });

  r.get('/oauth/deny', (req) => {
    const clientId = param(req.query, 'client_id');
    return redirect(clientId, {
      error: 'access_denied',
      client_id: clientId,
      state: param(req.query, 'state'),
    });
  });
}
