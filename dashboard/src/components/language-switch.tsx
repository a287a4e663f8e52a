/** Русский / English; the choice is remembered in localStorage. */
import { LANGS, useI18n } from '../i18n/i18n.tsx';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <fieldset className="lang-switch" aria-label={t('lang.label')}>
      {LANGS.map((code) => (
        <button
          key={code}
          type="button"
          className={code === lang ? 'lang active' : 'lang'}
          aria-pressed={code === lang}
          onClick={() => setLang(code)}
          data-testid={`lang-${code}`}
        >
          {t(`lang.${code}`)}
        </button>
      ))}
    </fieldset>
  );
}
