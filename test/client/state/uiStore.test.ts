import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../server/protocol/viewer';
import { MAX_ALERTS, upsertAlert } from '../../../client/state/uiStore';

const alert = (id: string, p: Partial<Alert> = {}): Alert => ({ id, kind: 'queue-high', severity: 'warning', params: {}, raisedAt: 1_800_000_000_000, ...p });

describe('alert list', () => {
  it('an update replaces the alert with the same id, newest first', () => {
    const l = upsertAlert(upsertAlert([], alert('a')), alert('b'));
    const cleared = upsertAlert(l, alert('a', { clearedAt: 1_800_000_060_000 }));
    expect(cleared.map((a) => a.id)).toEqual(['a', 'b']);
    expect(cleared[0]!.clearedAt).toBeDefined();
  });
  it('stays bounded, dropping the oldest cleared alerts before any active one', () => {
    let l: Alert[] = [upsertAlert([], alert('active-old', { severity: 'critical' }))[0]!];
    for (let i = 0; i < MAX_ALERTS + 50; i++) l = upsertAlert(l, alert(`c${i}`, { clearedAt: 1_800_000_000_001 }));
    expect(l.length).toBe(MAX_ALERTS);
    expect(l.some((a) => a.id === 'active-old')).toBe(true);
    expect(l[0]!.id).toBe(`c${MAX_ALERTS + 49}`);
  });
});
