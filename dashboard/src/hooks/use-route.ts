/**
 * A tiny hash router: the hub's OAuth callback redirects to `/#/connections/<id>?connected=1`, and hash
 * routes need nothing from the server beyond index.html.
 */
import { useEffect, useState } from 'react';

export type Route = {
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
};

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart = '/', queryPart = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter(Boolean).map(safeDecode);
  return { path: `/${segments.join('/')}`, segments, query: new URLSearchParams(queryPart) };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** `href` for a route: `to('tenants', id)` → `#/tenants/<id>`. */
export function to(...segments: readonly string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}

/** Drops one query parameter from the current hash without adding a history entry (e.g. `?connected=1`). */
export function dropQueryParam(name: string): void {
  const route = parseHash(window.location.hash);
  if (!route.query.has(name)) return;
  route.query.delete(name);
  const rest = route.query.toString();
  window.history.replaceState(null, '', `#${route.path}${rest ? `?${rest}` : ''}`);
}
