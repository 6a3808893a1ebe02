import { Color, type DirectionalLight, Fog, type HemisphereLight, type Scene } from 'three';
import type { WeatherReading } from '../../../server/protocol/viewer';
import { view } from '../vehicles/viewScale';

/** Vietnam's and Guangxi's shared offset from UTC for the sun (UTC+7 is close enough to solar time at 106.7° E). */
const SOLAR_OFFSET_H = 7.1;

/**
 * The sky now, shared per frame: 0 = full day, 1 = full night; fog 0 = clear, 1 = thick; rain 0 = dry, 1 = heavy;
 * sun elevation and azimuth (rad).
 */
export const sky = { night: 0, fog: 0, rain: 0, sunUp: 0.8, sunAz: 0 };

/** Where the weather comes from: `auto` follows the weather stations; `clear`, `fog`, `rain` force it (URL, debug hook). */
export type WeatherMode = 'auto' | 'clear' | 'fog' | 'rain';
export const weather: { mode: WeatherMode } = { mode: weatherFrom(typeof location === 'undefined' ? '' : location.search) };

/** The weather asked for in a query string (`?weather=fog`); `auto` (the sensors) when absent or unknown. */
export function weatherFrom(search: string): WeatherMode {
  const w = new URLSearchParams(search).get('weather');
  return w === 'fog' || w === 'rain' || w === 'clear' ? w : 'auto';
}

/** Visibility (m) at and below which the fog is at its thickest, and at and above which the air is clear. */
export const THICK_FOG_M = 150;
export const CLEAR_AIR_M = 10_000;
/** Rain rate (mm/h) drawn as the heaviest rain. */
export const HEAVY_RAIN_MM_H = 10;

/**
 * Fog (0–1) and rain (0–1) from the weather stations' readings: the poorest visibility anywhere on the site, on
 * a log scale between CLEAR_AIR_M and THICK_FOG_M; the heaviest rain rate, linear up to HEAVY_RAIN_MM_H.
 * No readings: clear and dry.
 */
export function weatherOfReadings(readings: readonly WeatherReading[] | undefined): { fog: number; rain: number } {
  let vis = Infinity;
  let rain = 0;
  if (readings) {
    for (let i = 0; i < readings.length; i++) {
      const r = readings[i]!;
      if (r.visibilityM !== undefined && r.visibilityM < vis) vis = r.visibilityM;
      if (r.rainMmH !== undefined && r.rainMmH > rain) rain = r.rainMmH;
    }
  }
  const fog = vis === Infinity ? 0 : Math.min(1, Math.max(0, Math.log(CLEAR_AIR_M / Math.max(1, vis)) / Math.log(CLEAR_AIR_M / THICK_FOG_M)));
  return { fog, rain: Math.min(1, rain / HEAVY_RAIN_MM_H) };
}

/** A fixed local hour to show instead of twin time (debug hook, screenshots); NaN follows the twin clock. */
export const skyOverride = { hour: NaN };

/** Sun elevation (rad) and azimuth (rad from north) at twin time `t` (epoch ms), for a day near the equinox. */
export function sunAt(t: number): { elevation: number; azimuth: number } {
  const hour = Number.isNaN(skyOverride.hour) ? (((t / 3_600_000 + SOLAR_OFFSET_H) % 24) + 24) % 24 : skyOverride.hour;
  // Hour angle from noon; at 22° N near the equinox the sun rises ~6:00 and sets ~18:00 and peaks at ~68°.
  const ha = ((hour - 12) / 12) * Math.PI;
  const elevation = Math.asin(Math.cos(ha) * Math.cos(0.39));
  return { elevation, azimuth: Math.PI + ha };
}

/** How dark it is (0–1) for a sun elevation: day above 6°, night below −6° (civil twilight between). */
export const nightness = (elevation: number): number => Math.min(1, Math.max(0, (0.105 - elevation) / 0.21));

/** Fog and rain (0–1) for the weather mode, the sensors' readings deciding in `auto`. */
export function weatherNow(mode: WeatherMode, readings: readonly WeatherReading[] | undefined): { fog: number; rain: number } {
  switch (mode) {
    case 'auto':
      return weatherOfReadings(readings);
    case 'clear':
      return { fog: 0, rain: 0 };
    case 'fog':
      return { fog: 1, rain: 0 };
    case 'rain':
      return { fog: 0.45, rain: 0.6 };
  }
}

const DAY_SKY = new Color('#a9c6de');
const DUSK_SKY = new Color('#1a2740');
const NIGHT_SKY = new Color('#04070c');
const FOG_SKY = new Color('#b7bec6');
const NIGHT_FOG = new Color('#1b2129');
const _c = new Color();

/**
 * Sets `sky` for twin time `t` and the weather stations' `readings` (or the forced weather), and lights,
 * background and fog to match (no allocation once set up).
 */
export function applySky(scene: Scene, hemi: HemisphereLight, sun: DirectionalLight, dark: boolean, t: number, readings?: readonly WeatherReading[]): void {
  const s = sunAt(t);
  sky.night = nightness(s.elevation);
  sky.sunUp = s.elevation;
  sky.sunAz = s.azimuth;
  const w = weatherNow(weather.mode, readings);
  sky.fog = w.fog;
  sky.rain = w.rain;
  const bg = scene.background instanceof Color ? scene.background : (scene.background = new Color());
  bg.copy(DAY_SKY);
  if (dark) bg.lerp(NIGHT_SKY, 0.55);
  bg.lerp(sky.night < 0.5 ? DUSK_SKY : NIGHT_SKY, sky.night);
  if (sky.fog > 0) bg.lerp(_c.copy(FOG_SKY).lerp(NIGHT_FOG, sky.night), 0.85 * sky.fog);
  const fog = scene.fog instanceof Fog ? scene.fog : (scene.fog = new Fog(bg.getHex(), 9000, 24000));
  fog.color.copy(bg);
  // Thick fog closes in to the view's own subject, not to a fixed distance: the hills beyond fade out while the
  // yards and trucks the camera looks at stay legible (an operations picture, not a weather simulator).
  const d = Math.min(9000, Math.max(300, view.distance));
  fog.near = 9000 + (0.55 * d - 9000) * sky.fog;
  fog.far = 24000 + (2.4 * d - 24000) * sky.fog;
  hemi.intensity = (dark ? 1.4 : 1.6) * (1 - 0.72 * sky.night) * (1 - 0.25 * sky.fog);
  const up = Math.max(0.15, Math.sin(Math.max(0, s.elevation)));
  sun.intensity = (dark ? 1.5 : 2.2) * (1 - 0.9 * sky.night) * (1 - 0.6 * sky.fog) * (1 - 0.4 * sky.rain);
  sun.position.set(-Math.sin(s.azimuth) * 6000, 8000 * up, Math.cos(s.azimuth) * 6000);
}
