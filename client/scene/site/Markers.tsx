import { useFrame } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, type InstancedMesh, Matrix4 } from 'three';
import { useSite3d } from './site3d';
import { view } from '../vehicles/viewScale';

const _m = new Matrix4();
/** A border marker is a ~1.5 m concrete post; drawn taller when zoomed out so it stays visible. */
const POST_W = 1.2;
const POST_H = 6;

/** Marker posts 1088…1120 as one instanced mesh (their labels live in the DOM label layer). */
export function Markers() {
  const { geo, heightAt, dark } = useSite3d();
  const ref = useRef<InstancedMesh>(null);
  const geometry = useMemo(() => new BoxGeometry(POST_W, POST_H, POST_W).translate(0, POST_H / 2, 0), []);
  const last = useRef(0);
  const place = (mesh: InstancedMesh, s: number) => {
    geo.markers.forEach((m, i) => {
      _m.makeScale(s, s, s).setPosition(m.x, heightAt(m.x, m.y), -m.y);
      mesh.setMatrixAt(i, _m);
    });
    mesh.instanceMatrix.needsUpdate = true;
  };
  useLayoutEffect(() => {
    if (ref.current) place(ref.current, view.scale);
  });
  useFrame(() => {
    const mesh = ref.current;
    if (!mesh || Math.abs(view.scale - last.current) < 0.05) return;
    last.current = view.scale;
    place(mesh, view.scale);
  });
  return (
    <instancedMesh ref={ref} args={[geometry, undefined, geo.markers.length]} frustumCulled={false}>
      <meshLambertMaterial color={dark ? '#f4f4f4' : '#ffffff'} emissive={dark ? '#555555' : '#222222'} />
    </instancedMesh>
  );
}
