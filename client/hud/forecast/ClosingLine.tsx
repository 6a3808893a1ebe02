import { fmtNumber } from '../../i18n/format';
import { siteClock } from '../../i18n/siteTime';
import { useLang } from '../../i18n/useLang';
import { useUi } from '../../state/uiStore';
import { useForecast } from '../../state/forecastStore';
import { closingFigure } from './forecastView';
import './forecast.css';

const DEFAULT_ZONES = { vn: 7, cn: 8 };

/** The wall tile's line about closing: "at 20:00: 420 ± 60 waiting" (median and half the p10–p90 spread). */
export function ClosingLine({ crossing }: { crossing: string }) {
  const { t, lang } = useLang();
  const zones = useUi((s) => s.site?.timezones) ?? DEFAULT_ZONES;
  // A new forecast comes once a minute: re-rendering the tile then is cheap.
  // The twin's time as the latest KPIs give it (once a second): a closing already past is not shown.
  const now = useUi((s) => s.kpi?.ts);
  const fig = closingFigure(useForecast((s) => s.forecast), crossing, now, zones.vn);
  if (!fig) return null;
  return (
    <span className="tile-sub tile-forecast" data-testid="tile-forecast" data-waiting={fig.waiting} data-spread={fig.spread}>
      {t(fig.tomorrow ? 'forecast.closingTomorrow' : 'forecast.closing', { time: siteClock(lang, fig.close, zones), waiting: fmtNumber(lang, fig.waiting), spread: fmtNumber(lang, fig.spread) })}
    </span>
  );
}
