import { describe, expect, it } from 'vitest';
import { shouting } from '../../../client/hud/CriticalBanner';
import type { Alert } from '../../../server/protocol/viewer';

const alert = (id: string): Alert => ({ id, kind: 'queue-high', severity: 'critical', params: {}, raisedAt: 0 });

describe('critical banner', () => {
  it('shouts the most urgent alert whose minute has not run out, then the next, then nothing', () => {
    const critical = [alert('a'), alert('b')];
    expect(shouting(critical, new Set())?.id).toBe('a');
    expect(shouting(critical, new Set(['a']))?.id).toBe('b');
    expect(shouting(critical, new Set(['a', 'b']))).toBeUndefined();
  });
});
