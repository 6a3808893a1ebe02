import { useFrame } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, Color, type InstancedMesh, Matrix4 } from 'three';
import { liveStore } from '../../state/liveStore';
import { useSite3d } from './site3d';
import { yardFill } from './yardFill';

const _m = new Matrix4();
const _c = new Color();
const EMPTY = new Color('#38b26b');
const FULL = new Color('#e0362c');
/** Fill bars are recounted at most this often (ms): a yard fills over minutes, not frames. */
const FILL_EVERY_MS = 1000;
const BAR_W = 16;

/** Yards as concrete pads with a fill bar along their south edge (length and colour = trucks ÷ capacity). */
export function Yards() {
  const { geo, heightAt, dark } = useSite3d();
  const pads = useRef<InstancedMesh>(null);
  const bars = useRef<InstancedMesh>(null);
  const box = useMemo(() => new BoxGeometry(1, 1, 1).translate(0, 0.5, 0), []);
  const yards = useMemo(() => geo.yards.map((y) => ({ x: y.x, y: y.y, half: y.half, capacity: y.item.capacity })), [geo]);
  const fill = useMemo(() => new Float32Array(yards.length), [yards]);
  // The fill each bar shows (NaN: not drawn yet); whether `fill` holds a count the bars do not show yet.
  const shown = useRef(new Float64Array(0));
  const counted = useRef(false);
  const next = useRef(0);
  useLayoutEffect(() => {
    const mesh = pads.current;
    if (!mesh) return;
    yards.forEach((y, i) => {
      mesh.setMatrixAt(i, _m.makeScale(y.half * 2, 0.8, y.half * 2).setPosition(y.x, heightAt(y.x, y.y) + 0.2, -y.y));
    });
    mesh.instanceMatrix.needsUpdate = true;
    next.current = 0;
    shown.current = new Float64Array(yards.length).fill(NaN);
    yardFill(liveStore.getState().table, yards, fill);
    counted.current = true;
  }, [yards, heightAt, fill]);
  // Trucks are counted when a stream frame arrives (at most once a second), not in an animation frame.
  useEffect(
    () =>
      liveStore.subscribe((live) => {
        const now = performance.now();
        if (now < next.current) return;
        next.current = now + FILL_EVERY_MS;
        yardFill(live.table, yards, fill);
        counted.current = true;
      }),
    [yards, fill],
  );
  useFrame(() => {
    const mesh = bars.current;
    if (!mesh || !counted.current) return;
    counted.current = false;
    // Only the bars whose fill changed are rewritten and uploaded: most seconds, none.
    const was = shown.current;
    let changed = false;
    for (let i = 0; i < yards.length; i++) {
      const y = yards[i]!;
      const f = Math.min(1, fill[i]!);
      if (f === was[i]) continue;
      was[i] = f;
      changed = true;
      const len = Math.max(0.01, f * y.half * 2);
      const g = heightAt(y.x, y.y);
      mesh.setMatrixAt(i, _m.makeScale(len, 3, BAR_W).setPosition(y.x - y.half + len / 2, g + 1, -(y.y - y.half - BAR_W)));
      mesh.setColorAt(i, _c.copy(EMPTY).lerp(FULL, f));
    }
    if (!changed) return;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  });
  return (
    <group>
      <instancedMesh ref={pads} args={[box, undefined, yards.length]} frustumCulled={false}>
        {/* Dark asphalt: every cargo colour (greys and muted blues too) stands out from it, at dawn as at noon. */}
        <meshLambertMaterial color={dark ? '#3a3f47' : '#5d6168'} />
      </instancedMesh>
      <instancedMesh ref={bars} args={[box, undefined, yards.length]} frustumCulled={false}>
        <meshLambertMaterial color="#ffffff" />
      </instancedMesh>
    </group>
  );
}
