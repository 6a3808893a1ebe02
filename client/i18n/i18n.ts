import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { vi } from './vi';
import { zh } from './zh';

/** The interface languages, Vietnamese first (the default). */
export const LANGS = ['vi', 'zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Every language's messages, for the key-completeness test and the init below. */
export const MESSAGES = { vi, zh, en } as const;

/** The language asked for in `?lang=`, else the last one chosen, else Vietnamese. */
export function initialLang(search: string, stored: string | null): Lang {
  const ok = (l: string | null): l is Lang => (LANGS as readonly string[]).includes(l ?? '');
  const asked = new URLSearchParams(search).get('lang');
  return ok(asked) ? asked : ok(stored) ? stored : 'vi';
}

/** Starts i18next with the bundled messages (nothing is fetched). */
export function initI18n(lang: Lang): typeof i18next {
  void i18next.use(initReactI18next).init({
    lng: lang,
    fallbackLng: 'vi',
    resources: { vi: { translation: vi }, zh: { translation: zh }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = lang;
  return i18next;
}

/** Switches language and remembers the choice. */
export function setLang(lang: Lang): void {
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem('gatetwin.lang', lang);
  } catch {
    // Private mode: the choice just is not remembered.
  }
}

/** The current language as one of ours. */
export const currentLang = (): Lang => (LANGS as readonly string[]).includes(i18next.language) ? (i18next.language as Lang) : 'vi';
