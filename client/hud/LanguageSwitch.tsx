import { LANGS, setLang } from '../i18n/i18n';
import { useLang } from '../i18n/useLang';

/** Vietnamese / Chinese / English, each named in its own language. */
export function LanguageSwitch() {
  const { lang, t } = useLang();
  return (
    <div className="lang" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button key={l} type="button" className={l === lang ? 'on' : ''} aria-pressed={l === lang} onClick={() => setLang(l)} lang={l}>
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}
