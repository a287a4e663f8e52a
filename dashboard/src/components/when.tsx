/** A moment: `DD.MM.YYYY HH:MM` in the tenant's timezone, with "2 мин. назад" when `relative`. */
import { useNow } from '../hooks/use-now.ts';
import { formatDateTime, formatRelative } from '../i18n/format-date.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useZone } from './zone.tsx';

type Props = { readonly at: string | null | undefined; readonly relative?: boolean };

export function When({ at, relative = false }: Props) {
  const { t, lang } = useI18n();
  const zone = useZone();
  const now = useNow();
  if (!at) return <span className="muted">{t('common.never')}</span>;
  const absolute = formatDateTime(at, zone);
  if (!relative)
    return (
      <time dateTime={at} title={zone}>
        {absolute}
      </time>
    );
  const ago = formatRelative(at, now, lang) ?? t('common.justNow');
  return (
    <time dateTime={at} title={`${absolute} (${zone})`}>
      {ago}
      <span className="muted small"> · {absolute}</span>
    </time>
  );
}
