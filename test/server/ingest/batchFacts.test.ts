import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../../server/audit/auditLog';
import { SecurityEdge } from '../../../server/security/edge';
import { securitySettings } from '../../../server/security/settings';
import { TokenStore, type Principal } from '../../../server/tokens';
import { buildSensorMessage, buildTruckMessage } from '../../support/builders';

describe('SecurityEdge.admitTelemetry tells the pipeline when every message already passed the schema check', () => {
  const edge = new SecurityEdge(securitySettings({}), new TokenStore({ tokens: [] }), new MemoryAuditLog(), pino({ level: 'silent' }));
  const who: Principal = { key: 'device-1', name: 'device-1', role: 'device' };

  it.each([
    { name: 'a batch of valid messages', batch: [buildTruckMessage({ id: 'T-1' }), buildSensorMessage({ id: 'S-1' })], valid: true },
    { name: 'a batch with one invalid message', batch: [buildTruckMessage({ id: 'T-1' }), { ...buildTruckMessage({ id: 'T-2' }), speed: -5 }], valid: false },
    { name: 'something that is not a batch', batch: { kind: 'truck' }, valid: false },
  ])('$name: valid is $valid', ({ batch, valid }) => {
    expect(edge.admitTelemetry(who, batch)).toEqual({ ok: true, valid });
  });
});
