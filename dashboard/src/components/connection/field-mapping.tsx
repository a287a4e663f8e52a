/** Which CRM field shows what, the ids setup found for them, and renaming (setup then runs again). */
import { useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { Connection } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useT } from '../../i18n/i18n.tsx';
import { fieldLabel, setupStatusLabel } from '../../lib/labels.ts';
import { ErrorBox } from '../error-box.tsx';
import { Panel } from '../panel.tsx';

type Props = { readonly connection: Connection; readonly onSaved: () => Promise<void> };

export function FieldMapping({ connection, onSaved }: Props) {
  const t = useT();
  const [names, setNames] = useState<Record<string, string>>({ ...connection.options.fieldNames });
  const [saved, setSaved] = useState(false);
  const items = connection.setup.report?.items ?? [];
  const save = useAction(async () => {
    await admin.changeConnection(connection.id, { options: { fieldNames: names } });
    await onSaved();
    setSaved(true);
  });
  const changed = Object.entries(names).some(([key, value]) => connection.options.fieldNames[key] !== value);
  return (
    <Panel title={t('mapping.title')} testId="field-mapping">
      <p className="muted">{t(`mapping.lead.${connection.kind}`)}</p>
      <table className="mapping-table">
        <thead>
          <tr>
            <th>{t('mapping.col.content')}</th>
            <th>{t('mapping.col.crmField')}</th>
            <th>{t('mapping.col.remoteId')}</th>
            <th>{t('mapping.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.keys(connection.options.fieldNames).map((key) => {
            const item = items.find((i) => i.name === connection.options.fieldNames[key]);
            return (
              <tr key={key}>
                <td>{fieldLabel(t, key)}</td>
                <td>
                  <input
                    value={names[key] ?? ''}
                    onChange={(e) => setNames((n) => ({ ...n, [key]: e.target.value }))}
                    aria-label={fieldLabel(t, key)}
                  />
                </td>
                <td className="mono">{item?.remoteId ?? '—'}</td>
                <td>
                  {item ? (
                    <span className={`badge setup-${item.status}`}>{setupStatusLabel(t, item.status)}</span>
                  ) : (
                    <span className="muted small">{t('mapping.notSetUp')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">{t('mapping.standard')}</p>
      <div className="row-actions">
        <button
          type="button"
          className="button primary"
          disabled={!changed || save.busy}
          onClick={() => void save.run()}
        >
          {t('common.save')}
        </button>
        {saved ? <span className="ok-text small">{t('mapping.savedRunSetup')}</span> : null}
      </div>
      <ErrorBox error={save.error} onClose={save.clearError} />
    </Panel>
  );
}
