import { Canvas } from '@react-three/fiber';
import type { ReactNode } from 'react';
import { Border } from './Border';
import { Corridors } from './Corridors';
import { Daylight } from './Daylight';
import { Heatmap } from './Heatmap';
import { Inspections } from './Inspections';
import { LabelProjector } from './LabelProjector';
import type { LabelBoard } from './labelBoard';
import { Lanes } from './Lanes';
import { Markers } from './Markers';
import { Rain } from './Rain';
import { Roads } from './Roads';
import { SelectionMarker } from './SelectionMarker';
import { Site3dContext, type Site3d } from './site3d';
import { Structures } from './Structures';
import { Terrain } from './Terrain';
import { Tunnel } from './Tunnel';
import { Yards } from './Yards';
import { exposeRenderer } from './debugHook';
import { SCENE_FOV } from './framing';
import { Vehicles } from './Vehicles';
import { ViewTracker } from './ViewTracker';
import { FLOOR_M } from './terrain';

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
      gl={{ antialias: true, logarithmicDepthBuffer: true }}
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
