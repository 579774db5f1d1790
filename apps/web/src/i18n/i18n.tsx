import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Locale, LOCALES, type MessageKey } from './messages';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** Date and time in the current locale, e.g. 2025年3月4日 14:05 / Mar 4, 2025, 2:05 PM. */
  formatDate(iso: string): string;
  /** A span of time, e.g. 2025年3月4日 14:05–14:09; the end names its date only on another day. */
  formatDateRange(fromIso: string, toIso: string): string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'review.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLocaleState(l);
  }, []);
  useEffect(() => {
    // Screen readers and the CJK font fallback both read the document language.
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(() => {
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const times = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
    return {
      locale,
      setLocale,
      t: (key, vars) =>
        LOCALES[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`)),
      formatDate: (iso) => dates.format(new Date(iso)),
      formatDateRange: (fromIso, toIso) => {
        const from = new Date(fromIso);
        const to = new Date(toIso);
        const sameDay = days.format(from) === days.format(to);
        if (sameDay && times.format(from) === times.format(to)) return dates.format(from);
        // Not Intl's formatRange: it writes Chinese dates as 2025/3/4, unlike every other date on the page.
        return `${dates.format(from)}–${sameDay ? times.format(to) : dates.format(to)}`;
      },
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
