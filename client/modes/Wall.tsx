import { useCallback, useRef } from 'react';
import type { Site } from '../../server/protocol/site';
import { AlertTicker } from '../hud/AlertTicker';
import { CriticalBanner } from '../hud/CriticalBanner';
import { Header } from '../hud/Header';
import { HeatLegend } from '../hud/HeatLegend';
import { LabelLayer } from '../hud/LabelLayer';
import { StaleBanner } from '../hud/StaleBanner';
import { WallTiles } from '../hud/WallTiles';
import { shortName } from '../i18n/names';
import { useLang } from '../i18n/useLang';
import { OVERVIEW } from '../scene/camera/cameraPresets';
import { Scene } from '../scene/Scene';
import { WallTour } from '../scene/camera/WallTour';
import { useSceneSetup } from './useSceneSetup';

/**
 * The control-room wall (`/wall`): dark, large text, no controls, an automatic tour of the crossings. Tiles sit
 * in a band above the scene on 16:9 and in a column beside it on 32:9 (CSS decides by aspect ratio).
 */
export function Wall({ site }: { site: Site }) {
  const { site3d, labels, presets } = useSceneSetup(site, true);
  const { t, lang } = useLang();
  const caption = useRef<HTMLDivElement>(null);
  // Called by the tour from the render loop only when the stop changes: writes the caption without React.
  const onStop = useCallback(
    (id: string, urgent: boolean) => {
      const el = caption.current;
      if (!el) return;
      const c = site.crossings.find((x) => x.id === id);
      el.textContent = `${urgent ? t('wall.alertFocus') : t('wall.nowShowing')}: ${id === OVERVIEW || !c ? t('app.overview') : shortName(c.name[lang])}`;
      el.dataset.preset = id;
      el.classList.toggle('urgent', urgent);
    },
    [site, t, lang],
  );
  return (
    <div className="app wall">
      <Header wall />
      <div className="wall-body">
        <WallTiles />
        <main className="stage">
          <Scene site3d={site3d} labels={labels} camera={<WallTour presets={presets} onStop={onStop} />} />
          <LabelLayer board={labels} />
          <HeatLegend vehicles={false} />
          <div className="tour-caption" ref={caption} data-testid="tour-caption" data-occludes />
          <CriticalBanner />
          <StaleBanner />
        </main>
      </div>
      <AlertTicker />
    </div>
  );
}
