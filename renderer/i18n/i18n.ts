import { create } from 'zustand';
import { messagesVi, type MessageKey } from './messagesVi';
import { messagesEn } from './messagesEn';

export type Locale = 'vi' | 'en';

const catalogs: Record<Locale, Record<MessageKey, string>> = { vi: messagesVi, en: messagesEn };

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

/** The UI language; Vietnamese by default. */
export const useLocale = create<LocaleState>((set) => ({
  locale: 'vi',
  setLocale: (locale) => set({ locale }),
}));

/** Formats a message, replacing `{name}` placeholders. Unknown placeholders stay visible so they get noticed. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalogs[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** React hook returning `t(key, params)` bound to the current locale. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const locale = useLocale((state) => state.locale);
  return (key, params) => translate(locale, key, params);
}

export type { MessageKey };
