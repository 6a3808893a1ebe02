import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type BufferGeometry, DynamicDrawUsage, InstancedBufferAttribute, type InstancedMesh } from 'three';
import { liveStore } from '../state/liveStore';
import { useSite3d } from './site3d';
import { attachInstanceColors, updateVehicleInstances } from './vehicleInstances';
import { view } from './viewScale';

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

/** Props: the entity kind drawn, its shape, how high above ground it rides, and the click handler. */
export interface VehicleLayerProps {
  kind: number;
  shape: BufferGeometry;
  lift: number;
  onPick?: (handle: number) => void;
}

/**
 * One vehicle class as one InstancedMesh: every frame, each live entity's pose is interpolated ~one frame
 * interval behind real time and written straight into the instance matrix (no React render, no allocation).
 */
export function VehicleLayer({ kind, shape, lift, onPick }: VehicleLayerProps) {
  const { heightAt, yardPads: yards } = useSite3d();
  const ref = useRef<InstancedMesh>(null);
  const [capacity, setCapacity] = useState(1024);
  const lastVersion = useRef(-1);
  const colors = useMemo(() => new InstancedBufferAttribute(new Float32Array(capacity * 3), 3), [capacity]);
  useLayoutEffect(() => {
    if (!ref.current) return;
    attachInstanceColors(ref.current, colors, DynamicDrawUsage);
    lastVersion.current = -1;
  }, [colors]);

  useFrame(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const live = liveStore.getState();
    const n = live.table.counts[kind]!;
    // Growing the buffer is the one case that needs React: a new mesh with room for more instances.
    if (n > capacity) setCapacity(nextPow2(n));
    lastVersion.current = updateVehicleInstances(mesh, colors, live, kind, capacity, heightAt, yards, lift, view.scale, performance.now(), lastVersion.current);
  });

  const click = onPick
    ? {
        onClick: (e: ThreeEvent<MouseEvent>) => {
          if (e.instanceId === undefined) return;
          const { table } = liveStore.getState();
          if (e.instanceId >= table.counts[kind]!) return;
          e.stopPropagation();
          onPick(table.slots[kind]![e.instanceId]!);
        },
      }
    : {};

  return (
    <instancedMesh key={capacity} ref={ref} args={[shape, undefined, capacity]} frustumCulled={false} {...click} name={`vehicles-${kind}`}>
      <meshLambertMaterial vertexColors color="#ffffff" />
    </instancedMesh>
  );
}
