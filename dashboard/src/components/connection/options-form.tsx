/** The connection's options: erasure policy, which flows run, the pre-order pipeline and stages, timings. */
import { type FormEvent, useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { Connection, ConnectionOptions, FlowName, StageKey } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../error-box.tsx';
import { Panel } from '../panel.tsx';

const FLOWS: readonly FlowName[] = ['contacts', 'notes', 'products', 'preorders'];
const STAGES: readonly StageKey[] = ['new', 'to_lime', 'sent', 'accepted', 'won', 'lost'];

type Props = { readonly connection: Connection; readonly onSaved: () => Promise<void> };

export function OptionsForm({ connection, onSaved }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<ConnectionOptions>(connection.options);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    const { fieldNames: _names, ...options } = draft;
    await admin.changeConnection(connection.id, { options });
    await onSaved();
    setSaved(true);
  });
  const set = (patch: Partial<ConnectionOptions>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  return (
    <form onSubmit={submit} className="options-form" data-testid="options-form">
      <div className="two-columns">
        <Panel title={t('options.flowsTitle')}>
          {FLOWS.map((flow) => (
            <label key={flow} className="check">
              <input
                type="checkbox"
                checked={draft.flows[flow]}
                onChange={(e) => set({ flows: { ...draft.flows, [flow]: e.target.checked } })}
                data-testid={`flow-${flow}`}
              />
              <span>
                <strong>{t(`options.flow.${flow}`)}</strong>
                <span className="muted small">{t(`options.flowHint.${flow}`)}</span>
              </span>
            </label>
          ))}
          <h3>{t('options.erasureTitle')}</h3>
          {(['delete', 'blank'] as const).map((mode) => (
            <label key={mode} className="check">
              <input
                type="radio"
                name="erasure"
                checked={draft.erasure === mode}
                onChange={() => set({ erasure: mode })}
              />
              <span>
                <strong>{t(`options.erasure.${mode}`)}</strong>
                <span className="muted small">{t(`options.erasureHint.${mode}`)}</span>
              </span>
            </label>
          ))}
          <h3>{t('options.timingTitle')}</h3>
          <label className="field">
            <span>{t('options.flushDelay')}</span>
            <input
              type="number"
              min={0}
              max={600}
              step={0.5}
              value={draft.flushDelayMs / 1000}
              onChange={(e) => set({ flushDelayMs: Math.round(Number(e.target.value) * 1000) })}
            />
            <small className="muted">{t('options.flushDelayHint')}</small>
          </label>
          <label className="field">
            <span>{t('options.pollInterval')}</span>
            <input
              type="number"
              min={10}
              max={86400}
              value={draft.pollIntervalSeconds}
              onChange={(e) => set({ pollIntervalSeconds: Number(e.target.value) })}
            />
            <small className="muted">{t('options.pollIntervalHint')}</small>
          </label>
        </Panel>
        <Panel title={t('options.preorderTitle')}>
          <p className="muted">{t('options.preorderLead')}</p>
          <label className="field">
            <span>{t('options.pipeline')}</span>
            <input
              value={draft.preorderPipeline}
              onChange={(e) => set({ preorderPipeline: e.target.value })}
              required
            />
          </label>
          {STAGES.map((stage) => (
            <label key={stage} className="field">
              <span>{t(`options.stage.${stage}`)}</span>
              <input
                value={draft.preorderStages[stage]}
                onChange={(e) =>
                  set({ preorderStages: { ...draft.preorderStages, [stage]: e.target.value } })
                }
                required
              />
            </label>
          ))}
        </Panel>
      </div>
      <div className="row-actions">
        <button type="submit" className="button primary" disabled={save.busy} data-testid="options-save">
          {save.busy ? t('common.working') : t('common.save')}
        </button>
        {saved ? <span className="ok-text">{t('options.saved')}</span> : null}
      </div>
      <ErrorBox error={save.error} onClose={save.clearError} />
    </form>
  );
}
