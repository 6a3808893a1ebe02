import type { ThreeEvent } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, Color, type InstancedMesh } from 'three';
import type { Lane } from '../../../server/protocol/site';
import { LANE_COLORS } from '../palette';
import { placeAt } from './place';
import { useSite3d } from './site3d';
import { LANE_GAP, LANE_W } from './structures';

/** Lane strip length (m): longer than life so a crossing's lane count reads from a crossing view (its width and
 * spacing are the canopy's booths', structures.ts). */
const LANE_L = 180;
const _c = new Color();

/** Colour of a lane: closed, passenger, or its direction. */
export function laneColor(lane: Lane): string {
  if (!lane.open) return LANE_COLORS.closed;
  if (lane.classes.includes('passenger') && !lane.classes.includes('truck')) return LANE_COLORS.passenger;
  return LANE_COLORS[lane.direction];
}

/** Each crossing's lanes side by side across the border, coloured by direction, plus a canopy over them; clickable in exec. */
/** The lane strips' mesh name (picking and tests find it by name). */
export const LANE_STRIPS = 'lanes';

export function Lanes({ onPick }: { onPick?: (lane: string) => void }) {
  const { geo, heightAt } = useSite3d();
  const strips = useRef<InstancedMesh>(null);
  const canopies = useRef<InstancedMesh>(null);
  // Instance k of the strips is laneIds[k] (crossings in site order, lanes in crossing order).
  const laneIds = useMemo(() => geo.crossings.flatMap((c) => c.item.lanes.map((l) => l.id)), [geo]);
  const laneCount = laneIds.length;
  const box = useMemo(() => new BoxGeometry(1, 1, 1).translate(0, 0.5, 0), []);
  useLayoutEffect(() => {
    const mesh = strips.current;
    const roofs = canopies.current;
    if (!mesh || !roofs) return;
    let k = 0;
    geo.crossings.forEach((c, ci) => {
      const n = c.item.lanes.length;
      // Lanes run along the direction of travel; their local −z axis points from Vietnam into China.
      const yaw = Math.atan2(-c.dirX, c.dirY);
      const width = n * LANE_W + (n - 1) * LANE_GAP;
      const ground = heightAt(c.x, c.y);
      c.item.lanes.forEach((lane, i) => {
        const off = -width / 2 + LANE_W / 2 + i * (LANE_W + LANE_GAP);
        // Offset sideways (to the right of travel) in local metres.
        const px = c.x + c.dirY * off;
        const py = c.y - c.dirX * off;
        mesh.setMatrixAt(k, placeAt(px, py, ground + 0.9, yaw, LANE_W, 0.4, LANE_L));
        mesh.setColorAt(k, _c.set(laneColor(lane)));
        k++;
      });
      roofs.setMatrixAt(ci, placeAt(c.x, c.y, ground + 9, yaw, width + 8, 1.5, 14));
    });
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    roofs.instanceMatrix.needsUpdate = true;
  }, [geo, heightAt]);
  return (
    <group>
      <instancedMesh
        key={`lanes-${laneCount}`}
        ref={strips}
        args={[box, undefined, laneCount]}
        frustumCulled={false}
        name={LANE_STRIPS}
        {...(onPick
          ? {
              onClick: (e: ThreeEvent<MouseEvent>) => {
                const id = e.instanceId === undefined ? undefined : laneIds[e.instanceId];
                if (!id) return;
                e.stopPropagation();
                onPick(id);
              },
            }
          : {})}
      >
        <meshLambertMaterial color="#ffffff" />
      </instancedMesh>
      <instancedMesh key={`roofs-${geo.crossings.length}`} ref={canopies} args={[box, undefined, geo.crossings.length]} frustumCulled={false}>
        <meshLambertMaterial color="#dfe6ee" transparent opacity={0.85} />
      </instancedMesh>
    </group>
  );
}
