import { useFrame } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, Color, type InstancedMesh, type MeshBasicMaterial } from 'three';
import { useUi } from '../../state/uiStore';
import { sky } from '../sky/daylight';
import { useSite3d } from './site3d';
import { buildStructures } from './structures';
import { placeAt } from './place';

const _c = new Color();
const ARM_UP = new Color('#2fd46b');
const ARM_DOWN = new Color('#ff3b30');

/**
 * What is built at the crossings (canopies, booths, gate tower, inspection hall, cranes, fences, yard markings and
 * lamps): two merged meshes, two draw calls. Barrier arms are one instanced mesh that follows the lanes'
 * reported state (an arm down and red when its barrier sensor or the operator closed the lane).
 */
export function Structures() {
  const { geo, queueLines, heightAt, dark } = useSite3d();
  const built = useMemo(() => buildStructures(geo, queueLines, heightAt, dark), [geo, queueLines, heightAt, dark]);
  const arms = useRef<InstancedMesh>(null);
  const lampMat = useRef<MeshBasicMaterial>(null);
  const bar = useMemo(() => new BoxGeometry(1, 1, 1).translate(0.5, 0, 0), []);
  const shown = useRef<unknown>(null);
  useEffect(() => () => {
    built.solid?.dispose();
    built.lamps?.dispose();
  }, [built]);
  useEffect(() => () => bar.dispose(), [bar]);
  useLayoutEffect(() => {
    shown.current = null;
  }, [built]);
  useFrame(() => {
    const lamp = lampMat.current;
    if (lamp) lamp.color.setRGB(0.35 + 0.65 * sky.night, 0.33 + 0.6 * sky.night, 0.25 + 0.4 * sky.night);
    const mesh = arms.current;
    const lanes = useUi.getState().kpi?.lanes;
    if (!mesh || shown.current === (lanes ?? built)) return;
    shown.current = lanes ?? built;
    built.barriers.forEach((b, i) => {
      const open = lanes?.find((l) => l.lane === b.lane)?.open ?? true;
      // Raised arms point up at 80°, lowered ones across the lane.
      mesh.setMatrixAt(i, placeAt(b.x, b.y, b.up, b.yaw, b.length, 0.35, 0.35, open ? 1.4 : 0));
      mesh.setColorAt(i, _c.copy(open ? ARM_UP : ARM_DOWN));
    });
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  });
  return (
    <group>
      {built.solid && (
        <mesh geometry={built.solid} name="structures">
          <meshLambertMaterial vertexColors />
        </mesh>
      )}
      {built.lamps && (
        <mesh geometry={built.lamps} name="lamps">
          <meshBasicMaterial ref={lampMat} vertexColors toneMapped={false} />
        </mesh>
      )}
      {built.barriers.length > 0 && (
        <instancedMesh key={built.barriers.length} ref={arms} args={[bar, undefined, built.barriers.length]} frustumCulled={false} name="barriers">
          <meshLambertMaterial color="#ffffff" emissive="#222222" />
        </instancedMesh>
      )}
    </group>
  );
}
