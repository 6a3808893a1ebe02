import { fmtNumber } from '../i18n/format';
import { shortName } from '../i18n/names';
import { useLang } from '../i18n/useLang';
import { useUi } from '../state/uiStore';

/**
 * The executive's ten-second verdict: per crossing with a target, today against it (on track, at risk, off track)
 * from the engine's projection, and the capacity multiple in words (projected day ÷ the 2027 target's lower bound).
 */
export function VerdictBar() {
  const { t, lang } = useLang();
  const kpi = useUi((s) => s.kpi);
  const site = useUi((s) => s.site);
  if (!kpi || !site || kpi.targets.length === 0) return null;
  return (
    <section className="verdict-bar" data-testid="verdict-bar" aria-label={t('status.verdictTitle')}>
      {kpi.targets.map((g) => {
        const c = site.crossings.find((x) => x.id === g.crossing);
        const multiple = g.projected / g.target2027[0];
        return (
          <div key={g.crossing} className={`verdict verdict-${g.verdict}`} data-crossing={g.crossing} data-verdict={g.verdict}>
            <b>{c ? shortName(c.name[lang]) : g.crossing}</b>
            <span className="verdict-word">{t(`status.verdict.${g.verdict}`)}</span>
            {g.dailyTarget !== undefined ? <span className="small">{t('status.projectedOf', { projected: fmtNumber(lang, g.projected), target: fmtNumber(lang, g.dailyTarget) })}</span> : null}
            <span className="small muted">{t('status.multiple', { value: fmtNumber(lang, multiple, 2) })}</span>
          </div>
        );
      })}
    </section>
  );
}
