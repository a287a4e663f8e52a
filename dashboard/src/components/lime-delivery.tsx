/** How events reach Lime: push to its webhook or pull by Lime, what waits, and since when it fails. */
import type { LimeDelivery } from '../api/types.ts';
import { useT } from '../i18n/i18n.tsx';
import { When } from './when.tsx';

type Props = { readonly delivery: LimeDelivery; readonly compact?: boolean };

export function LimeDeliveryView({ delivery, compact = false }: Props) {
  const t = useT();
  const failing = delivery.failingSince !== null;
  return (
    <article className={`card lime-card ${failing ? 'state-edge-blocked' : ''}`} data-testid="lime-delivery">
      <header className="card-head">
        <span className="card-title">
          <span className="kind-dot kind-lime" />
          {t('lime.title')}
        </span>
        <span className={`badge ${failing ? 'state-blocked' : 'state-active'}`}>
          {t(`lime.mode.${delivery.mode}`)}
        </span>
      </header>
      <p className="muted small">{t(`lime.modeHint.${delivery.mode}`)}</p>
      <dl className="facts">
        <dt>{t('lime.undelivered')}</dt>
        <dd className={delivery.undelivered > 0 ? 'warn-text' : undefined}>{delivery.undelivered}</dd>
        <dt>{t('lime.lastSuccess')}</dt>
        <dd>
          <When at={delivery.lastSuccessAt} relative />
        </dd>
        {failing ? (
          <>
            <dt>{t('lime.failingSince')}</dt>
            <dd className="error-text">
              <When at={delivery.failingSince} relative />
            </dd>
          </>
        ) : null}
        {!compact && delivery.nextAttemptAt ? (
          <>
            <dt>{t('lime.nextAttempt')}</dt>
            <dd>
              <When at={delivery.nextAttemptAt} />
            </dd>
          </>
        ) : null}
        {!compact && delivery.attempts > 0 ? (
          <>
            <dt>{t('lime.attempts')}</dt>
            <dd>{delivery.attempts}</dd>
          </>
        ) : null}
      </dl>
      {delivery.lastError ? <p className="last-error small">{delivery.lastError}</p> : null}
    </article>
  );
}
