import { useEffect, useMemo, useRef, useState } from 'react';
import type { KpiHistory } from '../../../server/protocol/history';
import type { DayTimeline, ReplayControl, ReplayStatus } from '../../../server/protocol/replay';
import { REPLAY_MAX_SPEED, REPLAY_MIN_SPEED } from '../../../server/protocol/replay';
import { fmtNumber } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { poll } from '../../net/poll';
import { replayConnection } from '../../net/connection';
import { currentCameraPose } from '../../scene/camera/cameraPose';
import { freightCrossings, seedHistory } from '../../state/seriesStore';
import { useUi } from '../../state/uiStore';
import { dayTracks, fetchDayHistory } from './historyTracks';
import { jumpToAlert } from './jumpToAlert';
import { fetchDayTimeline } from './dayTimeline';
import { Icon } from '../Icon';
import { DayPicker } from './DayPicker';
import { buildReplayLink } from './replayLink';
import { Timeline } from './Timeline';

/** How often the timeline of the replayed day is fetched again (a day still being recorded grows). */
const TIMELINE_REFRESH_MS = 60_000;
/** The day's history is fetched again when the recording's end moves, but no more often than this. */
const HISTORY_MIN_GAP_MS = 10_000;
const JUMPS: ReadonlySet<string> = new Set(['open', 'seek', 'next-alert', 'prev-alert']);
const DEFAULT_ZONES = { vn: 7, cn: 8 };

/** Replay speeds offered (twin seconds per wall second), 1× to 3600×. */
export const SPEEDS = [1, 10, 60, 300, 900, 3600].filter((s) => s >= REPLAY_MIN_SPEED && s <= REPLAY_MAX_SPEED);

/** Props: the page token and what to do when a day is chosen. */
export interface ReplayBarProps {
  token: string;
  onOpen: (day: string) => void;
}

/** The replay's controls: day, previous/next alert, play/pause, speed, share link, and the timeline. */
export function ReplayBar({ token, onOpen }: ReplayBarProps) {
  const { t, lang } = useLang();
  const status = useUi((s) => s.replay);
  const alerts = useUi((s) => s.alerts);
  const site = useUi((s) => s.site);
  const zones = site?.timezones ?? DEFAULT_ZONES;
  const offset = zones.vn;
  const [loaded, setLoaded] = useState<{ day: string; timeline: DayTimeline | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const day = status?.day ?? null;
  const timeline = loaded && loaded.day === day ? loaded.timeline : null;
  useEffect(() => {
    if (!day) return;
    // A failed refresh keeps the timeline already shown. Today's recording grows while it is replayed: its density
    // and alert marks are fetched again now and then.
    return poll((alive) =>
      void fetchDayTimeline(day, token).then((tl) => {
        if (alive()) setLoaded((prev) => (tl || prev?.day !== day ? { day, timeline: tl } : prev));
      }), TIMELINE_REFRESH_MS);
  }, [day, token]);
  const dayHistory = useDayHistory(day, token, status?.lastTs ?? null);
  // The charts hold the whole recorded day, so what happened after the instant stands beside what the forecast
  // said then (the queue chart's band), and the replay's own samples follow the playhead over it. This is the one
  // place that seeds them: when the day's history arrives or is fetched again (today's grows), and after every jump
  // (an open empties the series: another day, or a reconnect reopening the same instant).
  const seeded = useRef<{ history: KpiHistory; jump: ReplayStatus | null } | null>(null);
  useEffect(() => {
    if (!dayHistory || !status || dayHistory.day !== status.day) return;
    const jump = JUMPS.has(status.cause) ? status : null;
    const was = seeded.current;
    if (was && was.history === dayHistory && (jump === null || was.jump === jump)) return;
    seeded.current = { history: dayHistory, jump: jump ?? was?.jump ?? null };
    seedHistory(dayHistory, site);
  }, [dayHistory, status, site]);
  const tracks = useMemo(() => (dayHistory && site && dayHistory.day === day ? dayTracks(dayHistory, freightCrossings(site)) : null), [dayHistory, site, day]);
  const send = (c: ReplayControl) =>
    void replayConnection()
      ?.control(c)
      .then((r) => setError(r.ok ? null : r.error));
  const share = async () => {
    if (!status) return;
    const pose = currentCameraPose();
    const link = `${location.origin}${buildReplayLink({ lang }, { day: status.day, at: status.position, cam: pose ? { pose } : { preset: useUi.getState().camera.preset } }, offset)}`;
    history.replaceState(null, '', link);
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      // No clipboard (insecure context, denied permission): the address bar now holds the link.
    }
    setCopied(link);
  };
  // Alert marks: the server's list when it offers one, else the alerts this replay has passed so far.
  const marks = timeline?.alerts ?? alerts.filter((a) => status && a.raisedAt >= status.firstTs && a.raisedAt <= status.lastTs).map((a) => ({ ts: a.raisedAt, alert: a }));
  return (
    <section className="replay-bar" data-testid="replay-bar">
      <div className="replay-controls">
        <DayPicker token={token} current={day} onPick={onOpen} />
        {status ? (
          <>
            <button type="button" onClick={() => send({ action: 'prev-alert' })} title={t('replay.prevAlert')} aria-label={t('replay.prevAlert')}>
              <Icon name="prev" />
            </button>
            <button type="button" className="primary" data-testid="play" onClick={() => send(status.playing ? { action: 'pause' } : { action: 'play', speed: status.speed })}>
              <Icon name={status.playing ? 'pause' : 'play'} /> {status.playing ? t('replay.pause') : t('replay.play')}
            </button>
            <button type="button" onClick={() => send({ action: 'next-alert' })} title={t('replay.nextAlert')} aria-label={t('replay.nextAlert')}>
              <Icon name="next" />
            </button>
            <label className="speed">
              <span>{t('replay.speed')}</span>
              <select data-testid="speed" value={status.speed} onChange={(e) => send({ action: 'speed', speed: Number(e.target.value) })}>
                {SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    ×{fmtNumber(lang, s)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => void share()} data-testid="share">
              <Icon name="link" /> {t('replay.share')}
            </button>
            {copied ? <span className="muted small" title={copied}>{t('replay.copied')}</span> : null}
            {status.cause === 'end' ? <span className="muted">{t('replay.ended')}</span> : null}
          </>
        ) : null}
        {error ? <span className="card-error">{t('replay.error', { error })}</span> : null}
      </div>
      {status ? (
        <Timeline
          first={status.firstTs}
          last={status.lastTs}
          counts={timeline?.counts ?? null}
          tracks={tracks}
          alerts={marks}
          zones={zones}
          onSeek={(to) => send({ action: 'seek', to })}
          onAlert={(ts, alert) => void jumpToAlert(ts, alert).then(setError)}
        />
      ) : null}
    </section>
  );
}

/**
 * The replayed day in 5-minute buckets (`GET /api/kpi/history?day=`), fetched when the day opens, again when the
 * recording's end moves (today, still being recorded, grows) at most every ten seconds, and once a minute.
 */
function useDayHistory(day: string | null, token: string, lastTs: number | null): KpiHistory | null {
  const [loaded, setLoaded] = useState<KpiHistory | null>(null);
  const fetched = useRef<{ day: string; at: number; lastTs: number | null } | null>(null);
  useEffect(() => {
    if (!day) return;
    const f = fetched.current;
    const due = !f || f.day !== day || (lastTs !== f.lastTs && Date.now() - f.at >= HISTORY_MIN_GAP_MS);
    return poll((alive) => {
      fetched.current = { day, at: Date.now(), lastTs };
      void fetchDayHistory(day, token).then((h) => {
        // A failed refresh keeps the history already shown.
        if (alive() && h) setLoaded(h);
      });
    }, TIMELINE_REFRESH_MS, due);
  }, [day, token, lastTs]);
  return loaded && loaded.day === day ? loaded : null;
}
