import { to } from '../hooks/use-route.ts';
import { useT } from '../i18n/i18n.tsx';

export function NotFoundPage() {
  const t = useT();
  return (
    <div className="empty">
      <h1>{t('notFound.title')}</h1>
      <a href={to()}>{t('notFound.back')}</a>
    </div>
  );
}
