import { useCallback, useEffect } from 'react';
import { ExecPanel } from '../hud/ExecPanel';
import { Header } from '../hud/Header';
import { parseReplayLink } from '../hud/replay/replayLink';
import { ReplayBar } from '../hud/replay/ReplayBar';
import { WhatIfPanel } from '../hud/replay/WhatIfPanel';
import { useLang } from '../i18n/useLang';
import { startReplay } from '../net/connection';
import { useUi } from '../state/uiStore';
import { ExecStage } from './Exec';

/**
 * The replay screen (`/replay?token=…&day=…&t=…&cam=…`): the executive scene and HUD fed by a recorded day,
 * with the day picker, the transport controls and timeline, and the what-if comparison.
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
  useEffect(() => {
    const link = parseReplayLink(location.search);
    if (link.cam) useUi.setState((s) => ({ camera: 'pose' in link.cam! ? { preset: 'pose', pose: link.cam.pose, nonce: s.camera.nonce + 1 } : { preset: link.cam!.preset, nonce: s.camera.nonce + 1 } }));
    if (link.day) open(link.day, link.at ?? undefined);
  }, [open]);
  const error = useUi((s) => s.connError);
  return (
    <div className="app replay">
      <Header />
      <div className="exec-body">
        {site && status ? (
          <ExecStage site={site} />
        ) : (
          <main className="stage stage-empty">
            <div className="splash-msg">{error ? t('replay.error', { error }) : conn === 'connected' && !status ? t('replay.choose') : t(`conn.${conn}`)}</div>
          </main>
        )}
        {site && status ? <ExecPanel extra={{ id: 'whatif', label: t('whatif.title'), body: <WhatIfPanel token={token} onOpen={(day) => open(day)} /> }} /> : null}
      </div>
      <ReplayBar token={token} onOpen={(day) => open(day)} />
    </div>
  );
}
