import type { ThreeEvent } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { DoubleSide, MeshBasicMaterial } from 'three';
import { useUi } from '../../state/uiStore';
import { ribbonGeometry } from '../terrain/drape';
import { disposeHeat, paintHeat, type HeatZone } from './heatPaint';
import { LANE_STRIPS } from '../site/Lanes';
import { useSite3d } from '../site/site3d';

/** Width of a heat band on the ground (m): wider than the road, so it reads as a halo around it. */
const HEAT_W = 70;

/** Congestion along each zone's road, coloured on the fixed scale from `kpi.zones` (updated without React). */
export function Heatmap({ onPick }: { onPick?: (zone: string) => void }) {
  const { geo, heightAt } = useSite3d();
  const zones = useMemo(
    (): HeatZone[] =>
      geo.zones.map((z) => ({
        id: z.id,
        geometry: ribbonGeometry(z.line, HEAT_W, heightAt, 0.4, 25),
        material: new MeshBasicMaterial({ transparent: true, opacity: 0.5, depthWrite: false, side: DoubleSide, polygonOffset: true, polygonOffsetFactor: -1, visible: false }),
      })),
    [geo, heightAt],
  );
  useEffect(() => {
    paintHeat(zones, useUi.getState().kpi);
    const unsubscribe = useUi.subscribe((s, prev) => {
      if (s.kpi !== prev.kpi) paintHeat(zones, s.kpi);
    });
    return () => {
      unsubscribe();
      disposeHeat(zones);
    };
  }, [zones]);
  return (
    <group>
      {zones.map((z) => (
        <mesh
          key={z.id}
          name={`zone-${z.id}`}
          geometry={z.geometry}
          material={z.material}
          renderOrder={1}
          {...(onPick
            ? {
                onClick: (e: ThreeEvent<MouseEvent>) => {
                  // Only a painted band can be picked: a hidden one has no figure to show.
                  if (!z.material.visible) return;
                  // A band lies over its lanes: a click that also hit a lane strip is the lane's (the more precise
                  // thing under the pointer), so it goes on to the lanes' handler.
                  if (e.intersections.some((i) => i.object.name === LANE_STRIPS)) return;
                  e.stopPropagation();
                  onPick(z.id);
                },
              }
            : {})}
        />
      ))}
    </group>
  );
}
