/** Logged in or not: `GET /admin/v1/info` answers 401 without a session, and then the login page shows. */
import { useCallback, useEffect } from 'react';
import { onUnauthorized } from './api/client.ts';
import { admin } from './api/endpoints.ts';
import { ErrorBox } from './components/error-box.tsx';
import { Loading } from './components/loading.tsx';
import { Shell } from './components/shell.tsx';
import { useApi } from './hooks/use-api.ts';
import { useRoute } from './hooks/use-route.ts';
import { LoginPage } from './pages/login-page.tsx';
import { Router, sectionOf } from './router.tsx';

export function App() {
  const info = useApi(() => admin.info(), []);
  const route = useRoute();
  const { reload } = info;
  useEffect(() => onUnauthorized(() => void reload()), [reload]);
  const logout = useCallback(async () => {
    await admin.logout().catch(() => undefined);
    await reload();
  }, [reload]);

  if (info.error?.status === 401) return <LoginPage onLoggedIn={reload} />;
  if (!info.data) return info.error ? <ErrorBox error={info.error} /> : <Loading />;
  return (
    <Shell info={info.data} section={sectionOf(route)} onLogout={logout}>
      <Router route={route} info={info.data} />
    </Shell>
  );
}
