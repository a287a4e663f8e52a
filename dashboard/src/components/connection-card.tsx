/** A connection at a glance: state and what to do, backlog, last success and error, figures per flow. */
import type { Connection } from '../api/types.ts';
import { to } from '../hooks/use-route.ts';
import { useT } from '../i18n/i18n.tsx';
import { totalBacklog } from '../lib/flow-counts.ts';
import { errorKindLabel, flowLabel, kindLabel } from '../lib/labels.ts';
import { FlowCounts } from './flow-counts.tsx';
import { StateAdvice } from './state-advice.tsx';
import { StateBadge } from './state-badge.tsx';
import { When } from './when.tsx';

export function ConnectionCard({ connection }: { readonly connection: Connection }) {
  const t = useT();
  const backlog = totalBacklog(connection.backlog);
  const error = connection.lastError;
  return (
    <article className={`card connection-card state-edge-${connection.state}`} data-testid="connection-card">
      <header className="card-head">
        <a href={to('connections', connection.id)} className="card-title">
          <span className={`kind-dot kind-${connection.kind}`} />
          {connection.label}
        </a>
        <StateBadge state={connection.state} />
      </header>
      <p className="muted small">{kindLabel(t, connection.kind)}</p>
      {connection.state !== 'active' ? <StateAdvice state={connection.state} /> : null}
      <dl className="facts">
        <dt>{t('conn.lastSuccess')}</dt>
        <dd>
          <When at={connection.lastSuccessAt} relative />
        </dd>
        <dt>{t('conn.backlog')}</dt>
        <dd className={backlog > 0 ? 'warn-text' : undefined}>
          {backlog > 0 ? t('conn.backlogItems', { n: backlog }) : t('conn.backlogNone')}
        </dd>
      </dl>
      {!connection.setup.at ? <p className="advice advice-warn small">{t('conn.setupMissing')}</p> : null}
      {error ? (
        <p className="last-error small" title={error.detail}>
          <strong>{errorKindLabel(t, error.kind)}</strong>
          {error.flow ? ` · ${flowLabel(t, error.flow)}` : ''}: {error.detail}
          {error.at ? (
            <>
              {' '}
              (<When at={error.at} relative />)
            </>
          ) : null}
        </p>
      ) : null}
      <FlowCounts counts={connection.counts} compact />
      <a className="card-more" href={to('connections', connection.id)}>
        {t('conn.open')} →
      </a>
    </article>
  );
}
