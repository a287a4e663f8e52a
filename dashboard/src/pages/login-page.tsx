/** The admin token, once: the hub answers with a 12-hour HttpOnly session cookie. */
import { type FormEvent, useState } from 'react';
import { admin } from '../api/endpoints.ts';
import { ErrorBox } from '../components/error-box.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { LimeMark } from '../components/lime-mark.tsx';
import { useAction } from '../hooks/use-action.ts';
import { useT } from '../i18n/i18n.tsx';

export function LoginPage({ onLoggedIn }: { readonly onLoggedIn: () => Promise<void> }) {
  const t = useT();
  const [token, setToken] = useState('');
  const login = useAction(async (value: string) => {
    await admin.login(value);
    await onLoggedIn();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) void login.run(token.trim());
  };
  return (
    <div className="login-screen">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-card panel" onSubmit={submit}>
        <div className="login-brand">
          <LimeMark size={40} />
          <div>
            <h1>limebridge</h1>
            <p className="muted">{t('brand.tagline')}</p>
          </div>
        </div>
        <label className="field">
          <span>{t('login.token')}</span>
          <input
            type="password"
            autoComplete="current-password"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            placeholder="adm_…"
            data-testid="login-token"
            required
          />
          <small className="muted">{t('login.tokenHint')}</small>
        </label>
        <ErrorBox error={login.error} />
        <button type="submit" className="button primary" disabled={login.busy} data-testid="login-submit">
          {login.busy ? t('common.working') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
