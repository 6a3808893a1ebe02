import { useEffect, useMemo } from 'react';
import { useSite3d } from '../site/site3d';
import { buildTunnel } from './tunnel';

/** The AGV corridor's tunnel through the Chinese-side cut (site `terrain.cut`): portals, and a see-through shell. */
export function Tunnel() {
  const { site, geo, heightAt } = useSite3d();
  const built = useMemo(() => buildTunnel(geo, site.terrain, heightAt), [geo, site.terrain, heightAt]);
  useEffect(() => () => {
    built.portals?.dispose();
    built.shell?.dispose();
  }, [built]);
  return (
    <group>
      {built.portals && (
        <mesh geometry={built.portals} name="tunnel-portals">
          <meshLambertMaterial vertexColors />
        </mesh>
      )}
      {built.shell && (
        <mesh geometry={built.shell} name="tunnel-shell" renderOrder={2}>
          <meshLambertMaterial vertexColors transparent opacity={0.28} depthWrite={false} />
        </mesh>
      )}
    </group>
  );
}
