/** Items the CRM refused: the error, how many attempts, and a Retry that owes the item again. */
import { useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { Connection, DeadLetter } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import type { ApiState } from '../../hooks/use-api.ts';
import { to } from '../../hooks/use-route.ts';
import { useT } from '../../i18n/i18n.tsx';
import { errorKindLabel, flowLabel } from '../../lib/labels.ts';
import { ErrorBox } from '../error-box.tsx';
import { Loading } from '../loading.tsx';
import { Panel } from '../panel.tsx';
import { When } from '../when.tsx';

type Props = { readonly state: ApiState<{ deadLetters: DeadLetter[] }>; readonly connection: Connection };

/** The hub answers the first 100 (its default page). */
export const DEAD_LETTERS_SHOWN = 100;

export function DeadLetters({ state, connection }: Props) {
  const t = useT();
  const [retried, setRetried] = useState<ReadonlySet<number>>(new Set());
  const retry = useAction(async (ids: readonly number[]) => {
    // One by one: the hub has no batch retry, and a failure stops with the ones done kept.
    for (const id of ids) {
      await admin.retryDeadLetter(id);
      setRetried((held) => new Set([...held, id]));
    }
    await state.reload();
  });
  const letters = state.data?.deadLetters ?? [];
  return (
    <Panel title={t('dead.title')} testId="dead-letters">
      <p className="muted">{t('dead.lead')}</p>
      <ErrorBox error={state.error ?? retry.error} onClose={retry.error ? retry.clearError : undefined} />
      {state.loading && !state.data ? <Loading /> : null}
      {state.data && letters.length === 0 ? <p className="ok-text">{t('dead.none')}</p> : null}
      {retried.size > 0 ? <p className="ok-text small">{t('dead.retried')}</p> : null}
      {letters.length > 0 ? (
        <div className="row-actions">
          <span className="muted small" data-testid="dead-count">
            {t('dead.count', { n: letters.length })}
            {letters.length >= DEAD_LETTERS_SHOWN ? ` ${t('dead.limited', { n: DEAD_LETTERS_SHOWN })}` : ''}
          </span>
          {letters.length > 1 ? (
            <button
              type="button"
              className="button"
              disabled={retry.busy}
              onClick={() => void retry.run(letters.map((letter) => letter.id))}
              data-testid="dead-retry-all"
            >
              {t('dead.retryAll', { n: letters.length })}
            </button>
          ) : null}
        </div>
      ) : null}
      {letters.length > 0 ? (
        <div className="table-wrap tall">
          <table className="dead-table">
            <thead>
              <tr>
                <th>{t('dead.col.item')}</th>
                <th>{t('dead.col.error')}</th>
                <th>{t('dead.col.attempts')}</th>
                <th>{t('dead.col.when')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {letters.map((letter) => (
                <tr key={letter.id} data-testid="dead-letter">
                  <td>
                    {flowLabel(t, letter.flow)}{' '}
                    {letter.flow === 'product' ? (
                      <span className="mono">{letter.entityId}</span>
                    ) : (
                      <a
                        className="mono"
                        href={`${to('tenants', connection.tenantId, 'trail')}?client=${encodeURIComponent(letter.entityId)}`}
                      >
                        {letter.entityId}
                      </a>
                    )}
                  </td>
                  <td className="error-text">
                    <strong>{errorKindLabel(t, letter.error.kind ?? 'unknown')}</strong>
                    {letter.error.detail ? (
                      <span className="clamp" title={letter.error.detail}>
                        {letter.error.detail}
                      </span>
                    ) : null}
                  </td>
                  <td className="num">{letter.attempts}</td>
                  <td className="small">
                    <When at={letter.firstAt} />
                    {letter.lastAt !== letter.firstAt ? (
                      <>
                        {' '}
                        — <When at={letter.lastAt} />
                      </>
                    ) : null}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      disabled={retry.busy}
                      onClick={() => void retry.run([letter.id])}
                      data-testid="dead-retry"
                    >
                      {t('dead.retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}
