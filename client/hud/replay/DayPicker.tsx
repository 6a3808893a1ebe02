import { useEffect, useState } from 'react';
import type { RecordingEntry } from '../../../server/protocol/replay';
import { fmtDayName, fmtNumber } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { getJson } from '../../net/http';

/** Props: the token for the list, the day open now, and what to do when another is chosen. */
export interface DayPickerProps {
  token: string;
  current: string | null;
  onPick: (day: string) => void;
}

/** The recorded days (`GET /api/recordings`), newest first; what-if runs are marked. */
export function DayPicker({ token, current, onPick }: DayPickerProps) {
  const { t, lang } = useLang();
  const [days, setDays] = useState<RecordingEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    void getJson<RecordingEntry[]>('/api/recordings', token).then((r) => {
      if (!alive) return;
      if (r.ok && Array.isArray(r.data)) setDays([...r.data].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0)));
      else setError(r.ok ? 'bad list' : r.error);
    });
    return () => {
      alive = false;
    };
  }, [token, current]);
  if (error) return <span className="card-error">{t('replay.error', { error })}</span>;
  if (!days) return <span className="muted">{t('replay.loadingDays')}</span>;
  if (days.length === 0) return <span className="muted">{t('replay.noDays')}</span>;
  const label = (d: RecordingEntry) => {
    const m = /~whatif-(\d+)$/.exec(d.day);
    const name = fmtDayName(lang, d.day);
    return `${name}${m ? ` · ${t('replay.whatifRun')} ${m[1]}` : ''}${d.kept ? ` · ${t('replay.kept')}` : ''} · ${fmtNumber(lang, d.bytes / 1e6, 1)} MB`;
  };
  return (
    <label className="day-picker">
      <span>{t('replay.days')}</span>
      <select data-testid="day-picker" value={current ?? ''} onChange={(e) => e.target.value && onPick(e.target.value)}>
        {current ? null : <option value="">{t('replay.choose')}</option>}
        {days.map((d) => (
          <option key={d.day} value={d.day}>
            {label(d)}
          </option>
        ))}
      </select>
    </label>
  );
}
