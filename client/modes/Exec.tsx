import type { Site } from '../../server/protocol/site';
import { ExecPanel } from '../hud/ExecPanel';
import { Header } from '../hud/Header';
import { HeatLegend } from '../hud/HeatLegend';
import { LabelLayer } from '../hud/LabelLayer';
import { PickCard } from '../hud/PickCard';
import { PresetBar } from '../hud/PresetBar';
import { StaleBanner } from '../hud/StaleBanner';
import { VehicleCard } from '../hud/VehicleCard';
import { selectVehicle } from '../net/connection';
import { ExecCamera } from '../scene/camera/ExecCamera';
import { Scene } from '../scene/Scene';
import { pickThing } from '../state/uiStore';
import { useSceneSetup } from './useSceneSetup';

const pickLane = (id: string) => pickThing({ kind: 'lane', id });
const pickZone = (id: string) => pickThing({ kind: 'zone', id });

/** The scene with the executive HUD over it; shared by the live executive screen and the replay screen. */
export function ExecStage({ site }: { site: Site }) {
  const { site3d, labels, presets } = useSceneSetup(site, false);
  return (
    <main className="stage">
      <Scene site3d={site3d} labels={labels} camera={<ExecCamera presets={presets} />} onPick={selectVehicle} onPickLane={pickLane} onPickZone={pickZone} />
      <LabelLayer board={labels} />
      <PresetBar />
      <HeatLegend />
      <VehicleCard />
      <PickCard />
      <StaleBanner />
    </main>
  );
}

/** The executive screen (`/`): orbit camera, crossing presets, legend, cards on click, KPIs, charts and alerts. */
export function Exec({ site }: { site: Site }) {
  return (
    <div className="app exec">
      <Header />
      <div className="exec-body">
        <ExecStage site={site} />
        <ExecPanel />
      </div>
    </div>
  );
}
