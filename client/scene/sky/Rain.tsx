import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { BufferAttribute, BufferGeometry, type LineSegments, ShaderMaterial, Vector3 } from 'three';
import { mulberry32 } from '../../../server/protocol/random';
import { sky } from './daylight';
import { view } from '../vehicles/viewScale';

/** Streaks drawn, and the share of the view distance the rain box spans and a streak falls per second. */
const STREAKS = 6000;
const BOX_OF_VIEW = 0.9;
const FALL_OF_VIEW = 0.12;
const _dir = new Vector3();
/** The streaks' uniforms, written each frame (one rain layer per scene). */
const uniforms = { uTime: { value: 0 }, uCentre: { value: new Vector3() }, uSize: { value: 1000 }, uAlpha: { value: 0 } };

/**
 * Rain from the weather stations (`sky.rain`): one draw call of streaks in a box before the camera, sized to
 * the view distance so rain reads on the wall's overview and close up alike; they fall in the vertex shader,
 * so a frame costs the CPU two uniform writes. Hidden when dry.
 */
export function Rain() {
  const lines = useRef<LineSegments>(null);
  // Shown (transparent) for the first frames so its shader compiles at start, not when the first rain falls.
  const warm = useRef(2);
  const geometry = useMemo(() => {
    const rnd = mulberry32(7);
    const seed = new Float32Array(STREAKS * 2 * 3);
    const end = new Float32Array(STREAKS * 2);
    for (let i = 0; i < STREAKS; i++) {
      const x = rnd(), y = rnd(), z = rnd();
      seed.set([x, y, z, x, y, z], i * 6);
      end[i * 2 + 1] = 1;
    }
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(seed, 3));
    g.setAttribute('tail', new BufferAttribute(end, 1));
    return g;
  }, []);
  const material = useMemo(
    () =>
      new ShaderMaterial({
        transparent: true,
        depthWrite: false,
        uniforms,
        vertexShader: /* glsl */ `
          attribute float tail;
          uniform float uTime; uniform vec3 uCentre; uniform float uSize;
          void main() {
            vec3 p = position;
            p.y = fract(p.y - uTime * ${FALL_OF_VIEW / BOX_OF_VIEW});
            vec3 w = uCentre + (p - 0.5) * uSize;
            // A streak slants a little with the wind and is as long as a fiftieth of the box.
            w += tail * vec3(0.006, 0.02, 0.0) * uSize;
            gl_Position = projectionMatrix * viewMatrix * vec4(w, 1.0);
          }`,
        fragmentShader: /* glsl */ `
          uniform float uAlpha;
          void main() { gl_FragColor = vec4(0.82, 0.87, 0.93, uAlpha); }`,
      }),
    [],
  );
  useEffect(() => () => {
    geometry.dispose();
    material.dispose();
  }, [geometry, material]);
  useFrame(({ camera, clock }) => {
    const l = lines.current;
    if (!l) return;
    if (warm.current > 0) warm.current--;
    l.visible = sky.rain > 0.01 || warm.current > 0;
    if (!l.visible) return;
    const size = view.distance * BOX_OF_VIEW;
    camera.getWorldDirection(_dir);
    // The box sits between the camera and what it looks at, nearer the camera so the streaks are not lost in haze.
    uniforms.uCentre.value.copy(camera.position).addScaledVector(_dir, view.distance * 0.45);
    uniforms.uSize.value = size;
    uniforms.uTime.value = clock.elapsedTime;
    uniforms.uAlpha.value = sky.rain > 0.01 ? 0.25 + 0.5 * sky.rain : 0;
  });
  return <lineSegments ref={lines} geometry={geometry} material={material} frustumCulled={false} name="rain" renderOrder={3} />;
}
