/** The quiet placeholder while a page's first request runs. */
import { useT } from '../i18n/i18n.tsx';

export function Loading() {
  const t = useT();
  return (
    <p className="loading muted" aria-busy="true">
      {t('common.loading')}
    </p>
  );
}
