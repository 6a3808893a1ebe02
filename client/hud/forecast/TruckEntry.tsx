import { useEffect, useState } from 'react';
import type { TruckForecast } from '../../../server/protocol/forecast';
import { siteTime, siteTimeBare } from '../../i18n/siteTime';
import { useLang } from '../../i18n/useLang';
import { getJson } from '../../net/http';
import { pageToken } from '../../net/token';
import { useForecast } from '../../state/forecastStore';
import { useUi } from '../../state/uiStore';

/** Phases in which a truck still waits for a lane: the forecast has an expected entry for these. */
const WAITING = new Set(['approaching', 'queued']);

const DEFAULT_ZONES = { vn: 7, cn: 8 };

/**
 * A waiting truck's expected lane entry from the latest forecast (`GET /api/forecast?truck=ID`), as two card rows:
 * median time and the p10–p90 range. Nothing when the truck is not waiting or the forecast does not know it.
 */
export function TruckEntry({ id, state }: { id: string; state: string }) {
  const { t, lang } = useLang();
  const from = useForecast((s) => s.forecast?.from);
  const horizon = useForecast((s) => s.forecast?.horizon ?? Infinity);
  const live = useUi((s) => s.hello?.mode === 'live');
  const zones = useUi((s) => s.site?.timezones) ?? DEFAULT_ZONES;
  const [entry, setEntry] = useState<TruckForecast | null>(null);
  const waiting = live && WAITING.has(state);
  useEffect(() => {
    const token = pageToken();
    if (!waiting || !token || from === undefined) return;
    let current = true;
    void getJson<TruckForecast>(`/api/forecast?truck=${encodeURIComponent(id)}`, token).then((r) => {
      if (current) setEntry(r.ok ? r.data : null);
    });
    return () => {
      current = false;
    };
  }, [id, from, waiting]);
  if (!waiting || !entry) return null;
  // The median says its zone; the range beside it is in the same zone (the zone in every one of three times is noise).
  const time = (ms: number) => siteTime(lang, ms, zones);
  const bare = (ms: number) => siteTimeBare(lang, ms, zones);
  const { p10, p50, p90 } = entry.entryAt;
  return (
    <div data-testid="vehicle-entry-forecast">
      <dt>{t('forecast.entry')}</dt>
      <dd>{p50 >= horizon ? t('forecast.entryLate', { time: time(horizon) }) : p10 === p90 ? time(p50) : t('forecast.entryValue', { time: time(p50), from: bare(p10), to: bare(p90) })}</dd>
    </div>
  );
}
