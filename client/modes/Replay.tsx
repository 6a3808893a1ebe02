import { useCallback, useEffect, useState } from 'react';
import { ExecPanel } from '../hud/ExecPanel';
import { Header } from '../hud/Header';
import { findNewestDayFor } from '../hud/replay/newestDay';
import { parseReplayLink } from '../hud/replay/replayLink';
import { ReplayBar } from '../hud/replay/ReplayBar';
import { WhatIfPanel } from '../hud/replay/WhatIfPanel';
import { useLang } from '../i18n/useLang';
import { startReplay } from '../net/connection';
import { useUi } from '../state/uiStore';
import { ExecStage } from './Exec';

/** While nothing is recorded yet, how often `/replay` without a day looks again for one. */
const NO_DAY_RETRY_MS = 10_000;

/**
 * The replay screen (`/replay?token=…&day=…&t=…&cam=…`): the executive scene and HUD fed by a recorded day,
 * with the day picker, the transport controls and timeline, and the what-if comparison. Without `day=` it opens the
 * newest recorded day (today while it is recorded) at its latest minute.
 */
export function Replay({ token }: { token: string }) {
  const { t } = useLang();
  const site = useUi((s) => s.site);
  const status = useUi((s) => s.replay);
  const conn = useUi((s) => s.conn);
  const open = useCallback((day: string, at?: number) => {
    void startReplay(token)
      .open(day, at)
      .then((r) => {
        useUi.setState({ connError: r.ok ? null : r.error });
      });
  }, [token]);
  // Without `day=`, the newest day is being looked for ('finding'), or none is recorded yet ('none').
  const [newest, setNewest] = useState<'finding' | 'none' | null>(() => (parseReplayLink(location.search).day ? null : 'finding'));
  useEffect(() => {
    const link = parseReplayLink(location.search);
    if (link.cam) useUi.setState((s) => ({ camera: 'pose' in link.cam! ? { preset: 'pose', pose: link.cam.pose, nonce: s.camera.nonce + 1 } : { preset: link.cam!.preset, nonce: s.camera.nonce + 1 } }));
    if (link.day) {
      open(link.day, link.at ?? undefined);
      return;
    }
    // No day asked for: the newest recorded day, at its latest minute (looked for again while there is none).
    let alive = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const look = () =>
      void findNewestDayFor(token).then((r) => {
        if (!alive) return;
        // On success the message stays until the day's first status replaces the splash with the scene.
        if (!r.ok) useUi.setState({ connError: r.error });
        else if (r.data.day !== null) {
          setNewest('finding');
          open(r.data.day, r.data.at);
        } else {
          setNewest('none');
          retry = setTimeout(look, NO_DAY_RETRY_MS);
        }
      });
    look();
    return () => {
      alive = false;
      clearTimeout(retry);
    };
  }, [open, token]);
  const error = useUi((s) => s.connError);
  const waiting = newest === 'none' ? t('replay.noDays') : newest === 'finding' ? t('replay.openingNewest') : conn === 'connected' && !status ? t('replay.choose') : t(`conn.${conn}`);
  return (
    <div className="app replay">
      <Header />
      <div className="exec-body">
        {site && status ? (
          <ExecStage site={site} />
        ) : (
          <main className="stage stage-empty">
            <div className="splash-msg">{error ? t('replay.error', { error }) : waiting}</div>
          </main>
        )}
        {site && status ? <ExecPanel extra={{ id: 'whatif', label: t('whatif.title'), body: <WhatIfPanel token={token} onOpen={(day) => open(day)} /> }} /> : null}
      </div>
      <ReplayBar token={token} onOpen={(day) => open(day)} />
    </div>
  );
}
