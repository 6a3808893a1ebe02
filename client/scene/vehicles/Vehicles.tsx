import { type ThreeEvent, useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import type { InstancedMesh, PerspectiveCamera } from 'three';
import { FRAME_INTERVAL_MS, liveStore } from '../../state/liveStore';
import { useUi } from '../../state/uiStore';
import { RAIL_HEIGHT_M } from '../site/Corridors';
import { useSite3d } from '../site/site3d';
import { floorRaycast, sizeFloorMaterial, updateFloor } from './sizeFloor';
import { Batch, bindBatch, createVehicleDraw, mounted } from './vehicleBatches';
import { frameVehicles } from './vehicleWriter';
import { agvCarrier, carTransporter, containerTruck, flatbedTruck, railShuttle, reeferTruck } from './vehicleModels';

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

/**
 * Every vehicle, one InstancedMesh per model (six draw calls whatever the count). A new frame updates the
 * batches in place (only vehicles that came, left or changed colour or model); each animation frame rewrites
 * only the poses that can have moved, straight into the instance buffers, and uploads only their range. No React
 * render, no allocation per animation frame.
 */
export function Vehicles({ onPick }: { onPick?: (handle: number) => void }) {
  const { heightAt, queue, queueLines } = useSite3d();
  const models = useMemo(() => [containerTruck(), reeferTruck(), carTransporter(), flatbedTruck(), agvCarrier(), railShuttle()], []);
  const materials = useMemo(() => models.map((m) => sizeFloorMaterial(m.width, m.length)), [models]);
  // Wheels stand on the yard pads' top (1 m) and above the road ribbons; shuttles hang from their rail.
  const draw = useMemo(() => createVehicleDraw(models.map((_, i) => (i === Batch.rail ? RAIL_HEIGHT_M : 1.0))), [models]);
  const [caps, setCaps] = useState(() => models.map(() => 1024));
  useEffect(() => {
    mounted.draw = draw;
    mounted.layout = queue;
    mounted.lines = queueLines;
    mounted.heightAt = heightAt;
    mounted.sizes = models.map((m) => ({ width: m.width, length: m.length, height: m.height }));
    return () => {
      models.forEach((m) => m.geometry.dispose());
      materials.forEach((m) => m.dispose());
      if (mounted.draw === draw) mounted.draw = null;
    };
  }, [draw, queue, queueLines, heightAt, models, materials]);

  useFrame(({ camera, size }) => {
    updateFloor(camera as PerspectiveCamera, size.height);
    const sel = useUi.getState().selection?.handle ?? -1;
    const need = frameVehicles(draw, liveStore.getState(), queueLines, queue, heightAt, performance.now() - FRAME_INTERVAL_MS, sel);
    // Growing a buffer is the one case that needs React: a new mesh with room for more instances.
    if (need > 0) setCaps(draw.batches.map((b, i) => (draw.need[i]! > b.capacity ? nextPow2(draw.need[i]!) : b.capacity)));
  });

  return (
    <group>
      {models.map((model, bi) => {
        const cap = caps[bi]!;
        const bind = (mesh: InstancedMesh | null) => {
          // A remount (bigger capacity) replaces the mesh; the old one is never drawn again.
          if (mesh) bindBatch(draw, bi, mesh, cap, (rc, hits) => floorRaycast(mesh, model.width, model.length, rc, hits));
        };
        const click = onPick
          ? {
              onClick: (e: ThreeEvent<MouseEvent>) => {
                const b = draw.batches[bi]!;
                if (e.instanceId === undefined || e.instanceId >= b.count) return;
                e.stopPropagation();
                onPick(b.handles[e.instanceId]!);
              },
            }
          : {};
        return (
          <instancedMesh key={`${model.name}-${cap}`} ref={bind} args={[model.geometry, materials[bi], cap]} frustumCulled={false} name={`vehicles-${model.name}`} {...click} />
        );
      })}
    </group>
  );
}
