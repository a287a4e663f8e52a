/** Which page a hash route shows. */
import type { Info } from './api/types.ts';
import type { Route } from './hooks/use-route.ts';
import { AboutPage } from './pages/about-page.tsx';
import { ConnectPage } from './pages/connect-page.tsx';
import { ConnectionPage } from './pages/connection-page.tsx';
import { NewTenantPage } from './pages/new-tenant-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { TenantPage } from './pages/tenant-page.tsx';

export function sectionOf(route: Route): string {
  const [first] = route.segments;
  return first === 'about' ? 'about' : 'overview';
}

export function Router({ route, info }: { readonly route: Route; readonly info: Info }) {
  const [first, id, sub] = route.segments;
  if (!first) return <OverviewPage />;
  if (first === 'about' && !id) return <AboutPage />;
  if (first === 'tenants' && id === 'new') return <NewTenantPage info={info} />;
  if (first === 'tenants' && id && sub === 'connect') return <ConnectPage tenantId={id} info={info} />;
  if (first === 'tenants' && id)
    return <TenantPage tenantId={id} tab={sub ?? 'connections'} route={route} info={info} />;
  if (first === 'connections' && id)
    return <ConnectionPage connectionId={id} tab={sub ?? 'status'} route={route} info={info} />;
  return <NotFoundPage />;
}
