import { describe, expect, it } from 'vitest';
import { CLEAR_AIR_M, THICK_FOG_M, weatherFrom, weatherNow, weatherOfReadings } from '../../../../client/scene/sky/daylight';

describe('weather from the weather stations', () => {
  it('thickens the fog as the poorest visibility on the site falls, on a log scale', () => {
    expect(weatherOfReadings([{ zone: 'a', visibilityM: CLEAR_AIR_M }]).fog).toBe(0);
    expect(weatherOfReadings([{ zone: 'a', visibilityM: 20_000 }]).fog).toBe(0);
    expect(weatherOfReadings([{ zone: 'a', visibilityM: 8000 }, { zone: 'b', visibilityM: THICK_FOG_M }]).fog).toBe(1);
    const rainHaze = weatherOfReadings([{ zone: 'a', visibilityM: 1500 }]).fog;
    expect(rainHaze).toBeGreaterThan(0.4);
    expect(rainHaze).toBeLessThan(0.6);
  });

  it('rains as hard as the heaviest gauge says, and is clear and dry without readings', () => {
    expect(weatherOfReadings([{ zone: 'a', rainMmH: 6 }, { zone: 'b', rainMmH: 1 }]).rain).toBeCloseTo(0.6);
    expect(weatherOfReadings([{ zone: 'a', rainMmH: 40 }]).rain).toBe(1);
    expect(weatherOfReadings(undefined)).toEqual({ fog: 0, rain: 0 });
    expect(weatherOfReadings([])).toEqual({ fog: 0, rain: 0 });
  });

  it('follows the sensors unless the URL or a test forces the weather', () => {
    expect(weatherFrom('')).toBe('auto');
    expect(weatherFrom('?weather=fog')).toBe('fog');
    expect(weatherFrom('?weather=snow')).toBe('auto');
    const fog = [{ zone: 'a', visibilityM: THICK_FOG_M }];
    expect(weatherNow('auto', fog).fog).toBe(1);
    expect(weatherNow('clear', fog)).toEqual({ fog: 0, rain: 0 });
    expect(weatherNow('rain', undefined).rain).toBeGreaterThan(0);
  });
});
