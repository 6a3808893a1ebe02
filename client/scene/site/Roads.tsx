import { Line } from '@react-three/drei';
import { useMemo } from 'react';
import { DoubleSide } from 'three';
import { drapedPoints, ribbonGeometry } from '../terrain/drape';
import { useSite3d } from './site3d';

/** Road width drawn on the ground (m); a centre line in screen pixels keeps roads visible from afar. */
const ROAD_W = 14;

/** Every crossing's roads on both sides of the border: asphalt strips plus a thin line for distance views. */
export function Roads() {
  const { geo, heightAt, dark } = useSite3d();
  const roads = useMemo(
    () =>
      geo.crossings.flatMap((c) =>
        (['vn', 'cn'] as const).map((side) => {
          const line = side === 'vn' ? c.roadVn : c.roadCn;
          return {
            key: `${c.item.id}:${side}`,
            side,
            ribbon: ribbonGeometry(line, ROAD_W, heightAt, 0.6, 20),
            points: drapedPoints(line, heightAt, 1.2, 40),
          };
        }),
      ),
    [geo, heightAt],
  );
  return (
    <group>
      {roads.map((r) => (
        <group key={r.key}>
          <mesh geometry={r.ribbon}>
            <meshLambertMaterial color={dark ? '#3a3f46' : '#5b5f66'} side={DoubleSide} polygonOffset polygonOffsetFactor={-2} />
          </mesh>
          <Line points={r.points} color={r.side === 'vn' ? '#e9e4d4' : '#d8dde6'} lineWidth={2} transparent opacity={0.85} />
        </group>
      ))}
    </group>
  );
}
