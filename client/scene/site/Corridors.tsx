import { Line } from '@react-three/drei';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { CylinderGeometry, DoubleSide, type InstancedMesh, Matrix4 } from 'three';
import { drapedPoints, ribbonGeometry } from '../terrain/drape';
import { useSite3d } from './site3d';

/** AGV corridors are cyan, the overhead rail violet: neither colour is used by roads, border or heat. */
export const AGV_CORRIDOR_COLOR = '#19e3ff';
export const RAIL_COLOR = '#9d7bff';
/** Height of the overhead rail above ground (m). */
export const RAIL_HEIGHT_M = 14;
const PYLON_EVERY_M = 120;
const _m = new Matrix4();

/** AGV corridors (closed roads, drawn distinct from public roads) and the optional overhead rail on pylons. */
export function Corridors() {
  const { geo, heightAt } = useSite3d();
  const pylons = useRef<InstancedMesh>(null);
  const items = useMemo(
    () =>
      geo.corridors.map((c) => {
        const rail = c.item.kind === 'rail';
        const lift = rail ? RAIL_HEIGHT_M : 1.4;
        return {
          id: c.item.id,
          rail,
          points: drapedPoints(c.line, heightAt, lift + 0.6, 30),
          ribbon: rail ? null : ribbonGeometry(c.line, 8 * c.item.lanesEachWay, heightAt, 0.9, 20),
          line: c.line,
        };
      }),
    [geo, heightAt],
  );
  const pylonSpots = useMemo(
    () =>
      items
        .filter((c) => c.rail)
        .flatMap((c) => drapedPoints(c.line, heightAt, 0, PYLON_EVERY_M)),
    [items, heightAt],
  );
  const pylon = useMemo(() => new CylinderGeometry(0.8, 1.1, RAIL_HEIGHT_M, 6).translate(0, RAIL_HEIGHT_M / 2, 0), []);
  useLayoutEffect(() => {
    const mesh = pylons.current;
    if (!mesh) return;
    pylonSpots.forEach(([x, y, z], i) => mesh.setMatrixAt(i, _m.makeTranslation(x, y, z)));
    mesh.instanceMatrix.needsUpdate = true;
  }, [pylonSpots]);
  return (
    <group>
      {items.map((c) => (
        <group key={c.id}>
          {c.ribbon ? (
            <mesh geometry={c.ribbon}>
              <meshLambertMaterial color="#1d6f80" side={DoubleSide} polygonOffset polygonOffsetFactor={-3} />
            </mesh>
          ) : null}
          <Line points={c.points} color={c.rail ? RAIL_COLOR : AGV_CORRIDOR_COLOR} lineWidth={c.rail ? 2 : 3} dashed={c.rail} dashSize={40} gapSize={25} />
        </group>
      ))}
      {pylonSpots.length > 0 ? (
        <instancedMesh key={pylonSpots.length} ref={pylons} args={[pylon, undefined, pylonSpots.length]} frustumCulled={false}>
          <meshLambertMaterial color="#c9c4dd" />
        </instancedMesh>
      ) : null}
    </group>
  );
}
