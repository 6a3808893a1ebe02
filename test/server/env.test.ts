import { describe, expect, it } from 'vitest';
import { budgetsFromEnv, parseEnv } from '../../server/env';

describe('the environment, parsed by one schema', () => {
  it('fills every default when nothing is set, and ignores variables it does not know', () => {
    const env = parseEnv({ PATH: '/usr/bin', HOME: '/root' });
    expect(env).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', GATETWIN_SIM: 'on', GATETWIN_SIM_SPEED: 4, GATETWIN_POLICY: 'default', GATETWIN_NATS_REPLICAS: 1, LOG_LEVEL: 'warn' });
    expect(budgetsFromEnv(env)).toEqual({});
  });

  it('reads numbers, names and switches', () => {
    const env = parseEnv({ PORT: '0', GATETWIN_SIM: 'off', GATETWIN_SIM_SPEED: '0.5', GATETWIN_POLICY: 'fifo-static', GATETWIN_REPLAY_TOTAL: '3', GATETWIN_WHATIF_QUEUE: '0', GATETWIN_METRICS_TOKEN: '' });
    expect(env).toMatchObject({ PORT: 0, GATETWIN_SIM: 'off', GATETWIN_SIM_SPEED: 0.5, GATETWIN_POLICY: 'fifo-static' });
    // An empty variable is unset.
    expect(env.GATETWIN_METRICS_TOKEN).toBeUndefined();
    expect(budgetsFromEnv(env)).toEqual({ sessionsTotal: 3, whatifQueue: 0 });
  });

  it.each([
    ['GATETWIN_POLICY', 'fastest', /GATETWIN_POLICY: .*default.*fifo-static/],
    ['GATETWIN_SIM_SPEED', '0', /GATETWIN_SIM_SPEED: must be a number in \(0, 3600\]/],
    ['GATETWIN_SIM_SPEED', 'fast', /GATETWIN_SIM_SPEED: must be a number ≥ 0 and ≤ 3600/],
    ['GATETWIN_SIM', 'yes', /GATETWIN_SIM: must be on or off/],
    ['PORT', '70000', /PORT: must be a whole number ≥ 0 and ≤ 65535/],
    ['GATETWIN_RETENTION_DAYS', '1.5', /GATETWIN_RETENTION_DAYS: must be a whole number ≥ 1/],
    ['GATETWIN_NATS_REPLICAS', '6', /GATETWIN_NATS_REPLICAS: must be a whole number ≥ 1 and ≤ 5/],
    ['GATETWIN_METRICS_TOKEN', 'short', /GATETWIN_METRICS_TOKEN: must be at least 16 characters/],
    ['GATETWIN_READER_THREADS', '0', /GATETWIN_READER_THREADS: must be a whole number ≥ 1/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
  ])('refuses %s=%s naming the variable and what it must be', (name, value, error) => {
    expect(() => parseEnv({ [name]: value })).toThrow(error);
  });

  it('reports every bad variable at once', () => {
    expect(() => parseEnv({ GATETWIN_POLICY: 'x', PORT: 'y' })).toThrow(/PORT: .*; GATETWIN_POLICY: |GATETWIN_POLICY: .*; PORT: /);
  });
});
