import { describe, expect, it } from 'vitest';
import { deviceTopic, parseDeviceTopic } from '../../../server/devices/topics';

describe('device topics', () => {
  it.each([
    ['agv', 'HN-AGV-01', 'gatetwin/s1/agv/HN-AGV-01'],
    ['truck', 'LS/29C-123.45', 'gatetwin/s1/truck/LS%2F29C-123.45'],
    ['sensor', 'cam:HN/1', 'gatetwin/s1/sensor/cam%3AHN%2F1'],
  ] as const)('%s %s ↔ %s', (kind, id, topic) => {
    expect(deviceTopic('s1', kind, id)).toBe(topic);
    expect(parseDeviceTopic('s1', topic)).toEqual({ what: 'telemetry', kind, id, address: topic.slice('gatetwin/s1/'.length) });
    expect(parseDeviceTopic('s1', `${topic}/command/reply`)).toMatchObject({ what: 'reply', kind, id });
  });

  it.each([
    ['another site', 'gatetwin/s2/agv/A'],
    ['unknown kind', 'gatetwin/s1/robot/A'],
    ['raw slash in the id', 'gatetwin/s1/agv/A/B'],
    ['bad escape', 'gatetwin/s1/agv/A%2'],
    ['our own command topic', 'gatetwin/s1/agv/A/command'],
    ['no id', 'gatetwin/s1/agv'],
  ])('refuses %s', (_why, topic) => {
    expect(parseDeviceTopic('s1', topic)).toBeUndefined();
  });
});
