/**
 * Every user-facing string comes from ru.json / en.json through `useT()`. Russian is the default; the choice
 * is remembered in localStorage. Keys are flat (`overview.title`); `{name}` placeholders are filled from vars,
 * and a message with `|`-separated plural forms picks the one for `vars.n` (Russian: one|few|many).
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
  const rules = new Intl.PluralRules(lang);
  return (key, vars) => {
    const message = catalog[key] ?? key;
    const text = typeof vars?.n === 'number' ? pluralForm(lang, rules, message, vars.n) : message;
    return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole)) : text;
  };
}

/** The form of each plural category, in the order a message lists them (`1 запись|2 записи|5 записей`). */
const PLURAL_FORM_INDEX: Readonly<Record<Lang, Partial<Record<Intl.LDMLPluralRule, number>>>> = {
  ru: { one: 0, few: 1, many: 2, other: 1 },
  en: { one: 0, other: 1 },
};

/** A message with `|`-separated plural forms → the one for `n` (a message without `|` is returned as is). */
export function pluralForm(lang: Lang, rules: Intl.PluralRules, message: string, n: number): string {
  if (!message.includes('|')) return message;
  const forms = message.split('|');
  const index = PLURAL_FORM_INDEX[lang][rules.select(n)] ?? forms.length - 1;
  return forms[Math.min(index, forms.length - 1)] ?? message;
}

function readStoredLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'en' || stored === 'ru' ? stored : 'ru';
  } catch {
    return 'ru';
  }
}
