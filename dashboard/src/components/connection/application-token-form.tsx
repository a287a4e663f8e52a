/**
 * Bitrix24's application token (the proof that an event comes from the portal), given on its own: the hub
 * amends the stored credentials, so the masked webhook URL or app secret need not be typed again.
 */
import { type FormEvent, useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { Connection } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../error-box.tsx';
import { Panel } from '../panel.tsx';

type Props = { readonly connection: Connection; readonly onSaved: () => Promise<void> };

export function ApplicationTokenForm({ connection, onSaved }: Props) {
  const t = useT();
  const [token, setToken] = useState('');
  const [done, setDone] = useState(false);
  const current = connection.auth?.applicationToken;
  const save = useAction(async () => {
    await admin.changeConnection(connection.id, { authPatch: { applicationToken: token.trim() } });
    await onSaved();
    setToken('');
    setDone(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    void save.run();
  };
  const oauth = connection.auth?.type === 'oauth';
  return (
    <Panel title={t('appToken.title')} testId="app-token">
      <p className="muted">{t(oauth ? 'appToken.lead.oauth' : 'appToken.lead.webhook')}</p>
      {typeof current === 'string' && current ? (
        <p className="ok-text small">{t('appToken.set', { hint: current })}</p>
      ) : (
        <p className="advice advice-warn small" data-testid="app-token-missing">
          {t('appToken.missing')}
        </p>
      )}
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>{t('authField.applicationToken')}</span>
          <input
            type="password"
            autoComplete="off"
            value={token}
            required
            onChange={(event) => setToken(event.target.value)}
            data-testid="app-token-input"
          />
        </label>
        <ErrorBox error={save.error} onClose={save.clearError} />
        <button
          type="submit"
          className="button primary"
          disabled={save.busy || token.trim() === ''}
          data-testid="app-token-save"
        >
          {save.busy ? t('common.working') : t('appToken.save')}
        </button>
        {done ? <p className="ok-text">{t('appToken.saved')}</p> : null}
      </form>
    </Panel>
  );
}
