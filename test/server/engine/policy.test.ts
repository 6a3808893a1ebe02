import { describe, expect, it } from 'vitest';
import { defaultEngineConfig } from '../../../server/engine';
import { resolveConfig } from '../../../server/engine/config';
import { policyOf } from '../../../server/engine/policy';
import { POLICY_NAMES, PolicyNameSchema, recordedPolicy, WhatIfRequestSchema } from '../../../server/protocol';

describe('scheduling policies', () => {
  it('every name in the schema has a policy of that name', () => {
    for (const name of POLICY_NAMES) expect(policyOf(defaultEngineConfig(name)).name).toBe(name);
  });

  it('the baseline plans first come, first served with pinned lanes; the default gives head starts and advice', () => {
    const fifo = policyOf({ policy: 'fifo-static' });
    const smart = policyOf({ policy: 'default' });
    expect(fifo.headStarts(resolveConfig(defaultEngineConfig('fifo-static')))).toBeUndefined();
    expect(smart.headStarts(resolveConfig(defaultEngineConfig()))).toEqual({ perishableMs: 960 * 60_000, channelMs: [1440 * 60_000, 720 * 60_000, 0] });
    expect([fifo.reversibleLanes, fifo.advisesDiversions, fifo.perishableContainersFirst]).toEqual(['pin-default', false, false]);
    expect([smart.reversibleLanes, smart.advisesDiversions, smart.perishableContainersFirst]).toEqual(['balance', true, true]);
  });

  it('names are checked wherever they come in: what-if requests and recordings', () => {
    expect(PolicyNameSchema.safeParse('fastest').success).toBe(false);
    expect(WhatIfRequestSchema.safeParse({ day: '2026-06-01', policy: 'fastest' }).success).toBe(false);
    expect(recordedPolicy(undefined)).toBe('default');
    expect(recordedPolicy('fifo-static')).toBe('fifo-static');
    expect(() => recordedPolicy('fastest')).toThrow(/unknown policy "fastest": one of default, fifo-static/);
  });
});
