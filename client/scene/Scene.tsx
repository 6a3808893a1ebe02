import { Canvas } from '@react-three/fiber';
import type { ReactNode } from 'react';
import { Border } from './site/Border';
import { Corridors } from './site/Corridors';
import { Daylight } from './sky/Daylight';
import { Heatmap } from './heat/Heatmap';
import { Inspections } from './site/Inspections';
import { LabelProjector } from './labels/LabelProjector';
import type { LabelBoard } from './labels/labelBoard';
import { Lanes } from './site/Lanes';
import { Markers } from './site/Markers';
import { Rain } from './sky/Rain';
import { Roads } from './site/Roads';
import { SelectionMarker } from './vehicles/SelectionMarker';
import { Site3dContext, type Site3d } from './site/site3d';
import { Structures } from './site/Structures';
import { Terrain } from './terrain/Terrain';
import { Tunnel } from './terrain/Tunnel';
import { Yards } from './site/Yards';
import { exposeRenderer } from './debugHook';
import { SCENE_FOV } from './camera/framing';
import { Vehicles } from './vehicles/Vehicles';
import { ViewTracker } from './camera/ViewTracker';
import { FLOOR_M } from './terrain/terrain';
import { sceneAntialias } from './renderQuality';

/** Props: the built site, its labels, the camera rig of the mode, and the vehicle click handler (exec only). */
export interface SceneProps {
  site3d: Site3d;
  labels: LabelBoard;
  camera: ReactNode;
  onPick?: (handle: number) => void;
  /** Lane and heat-zone clicks (exec and replay). */
  onPickLane?: (lane: string) => void;
  onPickZone?: (zone: string) => void;
}

/** The 3D twin: ground, border, markers, roads and lanes, yards, corridors, heat, vehicles. */
export function Scene({ site3d, labels, camera, onPick, onPickLane, onPickZone }: SceneProps) {
  const dark = site3d.dark;
  const sky = dark ? '#05080d' : '#b9cfe0';
  const pick = onPick ? { onPick } : {};
  return (
    <Canvas
      className="scene"
      gl={{ antialias: sceneAntialias(), logarithmicDepthBuffer: true }}
      dpr={[1, 2]}
      camera={{ fov: SCENE_FOV, near: 2, far: 80_000, position: [0, 8000, 8000] }}
      onCreated={({ gl, scene, camera }) => exposeRenderer(gl, scene, camera)}
    >
      <Site3dContext value={site3d}>
        <color attach="background" args={[sky]} />
        <fog attach="fog" args={[sky, 9_000, 24_000]} />
        <Daylight dark={dark} />
        <ViewTracker groundY={FLOOR_M} />
        <Terrain />
        <Roads />
        <Heatmap {...(onPickZone ? { onPick: onPickZone } : {})} />
        <Corridors />
        <Lanes {...(onPickLane ? { onPick: onPickLane } : {})} />
        <Yards />
        <Structures />
        <Tunnel />
        <Inspections />
        <Border />
        <Markers />
        <Vehicles {...pick} />
        <SelectionMarker />
        <Rain />
        {camera}
        <LabelProjector board={labels} />
      </Site3dContext>
    </Canvas>
  );
}
