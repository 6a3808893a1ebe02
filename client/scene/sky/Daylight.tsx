import { useFrame } from '@react-three/fiber';
import { useRef } from 'react';
import type { DirectionalLight, HemisphereLight } from 'three';
import { useUi } from '../../state/uiStore';
import { twinNow } from '../../state/twinClock';
import { applySky } from './daylight';

/** The sky is recomputed this often (ms): the sun moves slowly even at 60×. */
const EVERY_MS = 500;

/**
 * Sun, sky and fog from twin time and weather: the sun's arc over the day, dusk and night (the gates work until
 * 22:00–23:00 in peaks: lamps glow), fog and rain from the weather stations' readings in the KPIs. Lights,
 * background and fog are changed in place.
 */
export function Daylight({ dark }: { dark: boolean }) {
  const hemi = useRef<HemisphereLight>(null);
  const sun = useRef<DirectionalLight>(null);
  const next = useRef(0);
  useFrame(({ scene }) => {
    const now = performance.now();
    if (now < next.current || !hemi.current || !sun.current) return;
    next.current = now + EVERY_MS;
    const { clock, kpi } = useUi.getState();
    applySky(scene, hemi.current, sun.current, dark, clock ? twinNow(clock, Date.now()) : Date.now(), kpi?.weather);
  });
  return (
    <>
      <hemisphereLight ref={hemi} args={[dark ? '#8d9db5' : '#ffffff', dark ? '#1c242c' : '#4a5a3a', dark ? 1.4 : 1.6]} />
      <directionalLight ref={sun} position={[-4000, 6000, 3000]} intensity={dark ? 1.5 : 2.2} />
    </>
  );
}
