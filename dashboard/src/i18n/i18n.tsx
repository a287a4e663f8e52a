/**
 * Every user-facing string comes from ru.json / en.json through `useT()`. Russian is the default; the choice
 * is remembered in localStorage. Keys are flat (`overview.title`); `{name}` placeholders are filled from vars.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import en from './en.json';
import ru from './ru.json';

export type MessageKey = keyof typeof ru;
export type Lang = 'ru' | 'en';
export const LANGS: readonly Lang[] = ['ru', 'en'];

// en.json must have every key ru.json has: this line fails the type check otherwise.
const catalogs: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { ru, en };

const STORAGE_KEY = 'limebridge.lang';

export type Vars = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

type I18n = { readonly lang: Lang; readonly setLang: (lang: Lang) => void; readonly t: Translate };

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: translator(lang) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

export function useT(): Translate {
  return useI18n().t;
}

/** Whether a key exists: labels for operations come from data, so unknown ones fall back to the raw name. */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(ru, key);
}

function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  return (key, vars) => {
    const text = catalog[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole)) : text;
  };
}

function readStoredLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'en' || stored === 'ru' ? stored : 'ru';
  } catch {
    return 'ru';
  }
}
