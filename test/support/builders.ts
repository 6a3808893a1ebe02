import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyConfiguration, SiteSchema, type AgvMessage, type SensorMessage, type Site, type TruckMessage } from '../../server/protocol';

export const T0 = Date.UTC(2026, 5, 1, 1, 0, 0); // 08:00 in Lạng Sơn (UTC+7)

/** The real site model from assets/, validated, with a configuration applied. */
export function buildSite(configuration = 'today'): Site {
  const raw: unknown = JSON.parse(readFileSync(join(process.cwd(), 'assets', 'site.json'), 'utf8'));
  return applyConfiguration(SiteSchema.parse(raw), configuration);
}

export function buildAgvMessage(over: Partial<AgvMessage> = {}): AgvMessage {
  return { kind: 'agv', id: 'HN-AGV-01', seq: 1, ts: T0, lat: 21.99, lon: 106.72, heading: 45, speed: 5, battery: 0.8, state: 'loaded', ...over };
}

export function buildTruckMessage(over: Partial<TruckMessage> = {}): TruckMessage {
  return {
    kind: 'truck', id: 'T000001', seq: 1, ts: T0, event: 'arrived', crossing: 'huu-nghi-freight', direction: 'export',
    cargo: 'fruit', perishable: true, lat: 21.96, lon: 106.715, ...over,
  };
}

export function buildSensorMessage(over: Partial<SensorMessage> = {}): SensorMessage {
  return { kind: 'sensor', id: 'loop-HN-1', seq: 1, ts: T0, type: 'loop', lane: 'HN-1', value: 12, ...over };
}
