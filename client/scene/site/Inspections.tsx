import { useFrame } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { Color, CylinderGeometry, type InstancedMesh, Matrix4 } from 'three';
import { useSite3d } from './site3d';
import { view } from '../vehicles/viewScale';

/** Inspection point colours by kind. */
export const INSPECTION_COLORS = { customs: '#ffe14d', quarantine: '#7cff6b', 'smart-gate': '#19e3ff', scanner: '#ff9f43' } as const;
const _m = new Matrix4();
const _c = new Color();

/** Customs, quarantine, smart-gate and scanner points as kiosks, grown with distance like vehicles. */
export function Inspections() {
  const { geo, heightAt } = useSite3d();
  const ref = useRef<InstancedMesh>(null);
  const kiosk = useMemo(() => new CylinderGeometry(3, 3, 5, 8).translate(0, 2.5, 0), []);
  const last = useRef(0);
  const place = (mesh: InstancedMesh, s: number) => {
    geo.inspections.forEach((p, i) => {
      mesh.setMatrixAt(i, _m.makeScale(s, s, s).setPosition(p.x, heightAt(p.x, p.y), -p.y));
      mesh.setColorAt(i, _c.set(INSPECTION_COLORS[p.item.kind]));
    });
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  };
  useLayoutEffect(() => {
    if (ref.current) place(ref.current, view.scale * 0.6);
  });
  useFrame(() => {
    const mesh = ref.current;
    if (!mesh || Math.abs(view.scale - last.current) < 0.05) return;
    last.current = view.scale;
    place(mesh, Math.max(1, view.scale * 0.6));
  });
  if (geo.inspections.length === 0) return null;
  return (
    <instancedMesh key={geo.inspections.length} ref={ref} args={[kiosk, undefined, geo.inspections.length]} frustumCulled={false}>
      <meshLambertMaterial color="#ffffff" emissive="#202020" />
    </instancedMesh>
  );
}
