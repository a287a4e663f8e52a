/** State in plain words, what waits and what failed, figures per flow, setup and resync. */
import type { Connection } from '../../api/types.ts';
import { to } from '../../hooks/use-route.ts';
import { useT } from '../../i18n/i18n.tsx';
import { errorKindLabel, flowLabel } from '../../lib/labels.ts';
import { FlowCounts } from '../flow-counts.tsx';
import { Panel } from '../panel.tsx';
import { SetupRunner } from '../setup/setup-runner.tsx';
import { StateAdvice } from '../state-advice.tsx';
import { When } from '../when.tsx';
import { ResyncPanel } from './resync-panel.tsx';

type Props = { readonly connection: Connection; readonly onChanged: () => Promise<void> };

export function ConnectionStatus({ connection: c, onChanged }: Props) {
  const t = useT();
  const needsAuth = c.state === 'needs_reauth';
  const backlog = Object.entries(c.backlog).filter(([, n]) => n > 0);
  return (
    <div className="two-columns">
      <div>
        <Panel title={t('conn.stateTitle')}>
          <StateAdvice
            state={c.state}
            action={
              needsAuth ? (
                <a className="button primary" href={to('connections', c.id, 'access')}>
                  {t('conn.reauth')}
                </a>
              ) : null
            }
          />
          <dl className="facts wide">
            <dt>{t('conn.lastSuccess')}</dt>
            <dd>
              <When at={c.lastSuccessAt} relative />
            </dd>
            <dt>{t('conn.polledAt')}</dt>
            <dd>
              <When at={c.polledAt} relative />
            </dd>
            <dt>{t('conn.backlog')}</dt>
            <dd data-testid="backlog">
              {backlog.length === 0
                ? t('conn.backlogNone')
                : backlog
                    .map(([flow, n]) => `${flowLabel(t, flow)}: ${t('conn.backlogItems', { n })}`)
                    .join(', ')}
            </dd>
            <dt>{t('conn.linked')}</dt>
            <dd>
              {[
                t('conn.linkedClients', { n: c.linked.client ?? 0 }),
                t('conn.linkedProducts', { n: c.linked.product ?? 0 }),
                t('conn.linkedPreorders', { n: c.linked.preorder ?? 0 }),
              ].join(', ')}
            </dd>
            <dt>{t('conn.lastError')}</dt>
            <dd>
              {c.lastError ? (
                <span className="error-text">
                  <strong>{errorKindLabel(t, c.lastError.kind)}</strong>
                  {c.lastError.flow ? ` · ${flowLabel(t, c.lastError.flow)}` : ''}: {c.lastError.detail}
                  {c.lastError.at ? (
                    <>
                      {' '}
                      · <When at={c.lastError.at} relative />
                    </>
                  ) : null}
                </span>
              ) : (
                t('conn.noError')
              )}
            </dd>
          </dl>
        </Panel>
        <Panel title={t('conn.countsTitle')}>
          <FlowCounts counts={c.counts} />
        </Panel>
      </div>
      <div>
        <Panel title={t('setup.title')} testId="setup-panel">
          <SetupRunner
            connectionId={c.id}
            report={c.setup.report}
            at={c.setup.at}
            onDone={() => void onChanged()}
          />
        </Panel>
        <Panel title={t('resync.title')}>
          <ResyncPanel connectionId={c.id} />
        </Panel>
      </div>
    </div>
  );
}
