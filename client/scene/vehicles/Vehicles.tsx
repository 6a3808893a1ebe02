import { type ThreeEvent, useFrame } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { InstancedMesh, PerspectiveCamera } from 'three';
import { FRAME_INTERVAL_MS, liveStore } from '../../state/liveStore';
import { useUi } from '../../state/uiStore';
import { RAIL_HEIGHT_M } from '../site/Corridors';
import { useSite3d } from '../site/site3d';
import { floorRaycast, sizeFloorMaterial, updateFloor } from './sizeFloor';
import { Batch, bindBatch, createVehicleDraw, mounted } from './vehicleBatches';
import { frameVehicles, syncMatrices, updateVehicles } from './vehicleWriter';
import { agvCarrier, carTransporter, containerTruck, flatbedTruck, railShuttle, reeferTruck } from './vehicleModels';

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

/**
 * Every vehicle, one InstancedMesh per model (six draw calls whatever the count). A new frame of the stream
 * updates the batches in place when it arrives (only vehicles that came, left or changed colour or model) and
 * writes the new drawing segments; the vertex shader interpolates them, so an animation frame only uploads the
 * ranges written and sets the shader's clock: no per-vehicle work, no React render, no allocation.
 */
export function Vehicles({ onPick }: { onPick?: (handle: number) => void }) {
  const { heightAt, queue, queueLines } = useSite3d();
  const models = useMemo(() => [containerTruck(), reeferTruck(), carTransporter(), flatbedTruck(), agvCarrier(), railShuttle()], []);
  // Wheels stand on the yard pads' top (1 m) and above the road ribbons; shuttles hang from their rail.
  const draw = useMemo(() => createVehicleDraw(models.map((_, i) => (i === Batch.rail ? RAIL_HEIGHT_M : 1.0))), [models]);
  const materials = useMemo(() => models.map((m) => sizeFloorMaterial(m.width, m.length, draw.clock)), [models, draw]);
  const [caps, setCaps] = useState(() => models.map(() => 1024));
  // Growing a buffer is the one case that needs React: a new mesh with room for more instances.
  const grow = useCallback(() => setCaps(draw.batches.map((b, i) => (draw.need[i]! > b.capacity ? nextPow2(draw.need[i]!) : b.capacity))), [draw]);
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
  // A stream frame is applied to the instances when it arrives (once), not in every animation frame that follows.
  useEffect(
    () =>
      liveStore.subscribe((live) => {
        const need = updateVehicles(draw, live, queueLines, queue, heightAt, useUi.getState().selection?.handle ?? -1);
        if (need > 0) grow();
      }),
    [draw, queueLines, queue, heightAt, grow],
  );

  useFrame(({ camera, size }) => {
    updateFloor(camera as PerspectiveCamera, size.height);
    const sel = useUi.getState().selection?.handle ?? -1;
    const need = frameVehicles(draw, liveStore.getState(), queueLines, queue, heightAt, performance.now() - FRAME_INTERVAL_MS, sel);
    if (need > 0) grow();
  });

  return (
    <group>
      {models.map((model, bi) => {
        const cap = caps[bi]!;
        const bind = (mesh: InstancedMesh | null) => {
          // A remount (bigger capacity) replaces the mesh; the old one is never drawn again.
          if (mesh) {
            bindBatch(draw, bi, mesh, cap, (rc, hits) => {
              syncMatrices(draw);
              floorRaycast(mesh, model.width, model.length, rc, hits);
            });
          }
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
