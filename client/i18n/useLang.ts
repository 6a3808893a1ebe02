import { useTranslation } from 'react-i18next';
import { LANGS, type Lang } from './i18n';

/** The current interface language and the translator, re-rendering when the language changes. */
export function useLang(): { lang: Lang; t: ReturnType<typeof useTranslation>['t'] } {
  const { t, i18n } = useTranslation();
  const lang = (LANGS as readonly string[]).includes(i18n.language) ? (i18n.language as Lang) : 'vi';
  return { lang, t };
}
