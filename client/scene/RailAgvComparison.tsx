import { Canvas, useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import * as THREE from 'three';
import { localFrame, polyline, pointAt, type Polyline } from '../../server/protocol/geo';
import type { Site } from '../../server/protocol/site';
import { sceneAntialias } from './renderQuality';

/** Props: the site (its rail corridor's path), and how many vehicles each model runs. */
export interface RailAgvComparisonProps {
  site: Site;
  agvs: number;
  carriers: number;
}

// Heights and widths are exaggerated so both read at the scale of a 4 km corridor.
const RAIL_HEIGHT_M = 90;
const PYLON_EVERY_M = 250;
const _p = { x: 0, y: 0, heading: 0 };
const _m = new THREE.Matrix4();
const _q = new THREE.Quaternion();
const _v = new THREE.Vector3();
const _s = new THREE.Vector3(1, 1, 1);
const _x = new THREE.Vector3(1, 0, 0);
const _pt = new THREE.Vector3();
const _tan = new THREE.Vector3();

/**
 * The two smart-gate models drawn in their corridor, side by side: left, ground AGVs on a four-lane closed road;
 * right, carriers hanging under an overhead rail on pylons over a strip a third as wide. Vehicles shuttle along the
 * corridor (moved in useFrame, instanced: one draw call per kind).
 */
export function RailAgvComparison({ site, agvs, carriers }: RailAgvComparisonProps) {
  const line = useMemo(() => {
    const rail = site.corridors.find((c) => c.kind === 'rail') ?? site.corridors[0]!;
    const frame = localFrame(site.origin);
    const raw = polyline(frame, rail.path);
    // Centre the corridor on the origin so both copies sit in view.
    pointAt(raw, raw.length / 2, _p);
    const cx = _p.x;
    const cy = _p.y;
    // Turn the corridor to run left to right across the screen (its end-to-end direction along x).
    pointAt(raw, 0, _p);
    const [x0, z0] = [_p.x, -_p.y];
    pointAt(raw, raw.length, _p);
    return { raw, cx, cy, angle: Math.atan2(-_p.y - z0, _p.x - x0) };
  }, [site]);
  const span = line.raw.length;
  return (
    <Canvas className="compare-scene" camera={{ position: [0, span * 0.32, span * 0.62], fov: 45, near: 10, far: span * 6 }} gl={{ antialias: sceneAntialias() }}>
      <color attach="background" args={['#0d1520']} />
      <ambientLight intensity={0.7} />
      <directionalLight position={[1000, 3000, 1500]} intensity={1.4} />
      <mesh rotation={[-Math.PI / 2, 0, 0]} position={[0, -1, 0]}>
        <planeGeometry args={[span * 4, span * 4]} />
        <meshStandardMaterial color="#2e3d28" />
      </mesh>
      <group position={[0, 0, span * 0.12]}>
        <group rotation={[0, line.angle, 0]}>
          <Corridor line={line.raw} cx={line.cx} cy={line.cy} kind="agv" count={agvs} />
        </group>
      </group>
      <group position={[0, 0, -span * 0.16]}>
        <group rotation={[0, line.angle, 0]}>
          <Corridor line={line.raw} cx={line.cx} cy={line.cy} kind="rail" count={carriers} />
        </group>
      </group>
    </Canvas>
  );
}

/** One corridor copy: its road or rail with pylons, and its shuttling vehicles. */
function Corridor({ line, cx, cy, kind, count }: { line: Polyline; cx: number; cy: number; kind: 'agv' | 'rail'; count: number }) {
  const rail = kind === 'rail';
  const at = (d: number, h: number): [number, number, number] => {
    pointAt(line, d, _p);
    return [_p.x - cx, h, -(_p.y - cy)];
  };
  const track = useMemo(() => new THREE.CatmullRomCurve3(Array.from({ length: 41 }, (_, i) => new THREE.Vector3(...at((i / 40) * line.length, rail ? RAIL_HEIGHT_M : 0.5)))), [line, rail]); // eslint-disable-line react-hooks/exhaustive-deps
  const pylons = useMemo(() => Array.from({ length: Math.floor(line.length / PYLON_EVERY_M) + 1 }, (_, i) => at(i * PYLON_EVERY_M, RAIL_HEIGHT_M / 2)), [line]); // eslint-disable-line react-hooks/exhaustive-deps
  const vehicles = useRef<THREE.InstancedMesh>(null);
  useFrame(({ clock }) => {
    const mesh = vehicles.current;
    if (!mesh) return;
    const t = clock.getElapsedTime();
    for (let i = 0; i < count; i++) {
      // Each vehicle shuttles end to end, phases spread over the fleet; the rail is faster (36 vs 25 km/h).
      const phase = ((t * (rail ? 0.05 : 0.035)) + i / count) % 2;
      const u = phase < 1 ? phase : 2 - phase;
      const p = track.getPointAt(u, _pt);
      const tangent = track.getTangentAt(u, _tan);
      _q.setFromUnitVectors(_x, _v.set(tangent.x, 0, tangent.z).normalize());
      const lane = (phase < 1 ? 1 : -1) * (rail ? 0 : 14);
      _m.compose(_v.set(p.x + lane * tangent.z, rail ? RAIL_HEIGHT_M - 26 : 12, p.z - lane * tangent.x), _q, _s);
      mesh.setMatrixAt(i, _m);
    }
    mesh.instanceMatrix.needsUpdate = true;
  });
  return (
    <group>
      <mesh>
        <tubeGeometry args={[track, 200, rail ? 8 : 28, 8, false]} />
        <meshStandardMaterial color={rail ? '#9fb3c8' : '#5b6672'} />
      </mesh>
      {rail
        ? pylons.map((p, i) => (
            <mesh key={i} position={p}>
              <boxGeometry args={[10, RAIL_HEIGHT_M, 10]} />
              <meshStandardMaterial color="#7d8b99" />
            </mesh>
          ))
        : null}
      <instancedMesh ref={vehicles} args={[undefined, undefined, Math.max(1, count)]} frustumCulled={false}>
        <boxGeometry args={[70, rail ? 24 : 20, 26]} />
        <meshStandardMaterial color={rail ? '#ffb347' : '#3fd0ff'} emissive={rail ? '#553300' : '#00334d'} />
      </instancedMesh>
    </group>
  );
}
