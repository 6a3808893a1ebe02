import type { Channel } from '../../protocol';
import type { RecordingReader } from '../../recorder/reader';
import type { ArrivalEvent } from '../../sim/world';

/** The trucks of a recorded day as a what-if replays them, and the span they cover. */
export interface RecordedArrivals {
  arrivals: ArrivalEvent[];
  start: number;
  end: number;
}

/**
 * Each truck's arrival in a recording: its first message (crossing, direction, cargo, perishability, the first
 * customs channel it reported, and `ts`). Trucks already in the zone at the day's first keyframe arrive at the
 * start; those already waiting in a queue (or called, or in a lane) are marked `queued` and join it at once.
 */
export function extractArrivals(reader: RecordingReader): RecordedArrivals {
  const sum = reader.summary();
  if (sum.firstTs === null || sum.lastTs === null) throw new Error(`recording ${reader.name} holds nothing`);
  const first = reader.keyframes()[0];
  const start = first?.ts ?? sum.firstTs;
  const byTruck = new Map<string, ArrivalEvent & { channelSeen: boolean }>();
  if (first) {
    for (const t of reader.loadKeyframe(first.id).trucks) {
      if (t.phase === 'crossed' || t.phase === 'departed') continue;
      const spec = { crossing: t.crossing, direction: t.direction, cargo: t.cargo, perishable: t.perishable, channel: t.channel ?? ('green' as Channel) };
      byTruck.set(t.id, { at: start, spec, queued: t.phase !== 'approaching', channelSeen: t.channel !== undefined });
    }
  }
  reader.cursor(first?.pos ?? 0).take(Infinity, (m) => {
    if (m.kind !== 'truck') return;
    const known = byTruck.get(m.id);
    if (!known) {
      // A third-country vehicle stays one in the what-if; its crossing mode is drawn again under the run's levers.
      const spec = { crossing: m.crossing, direction: m.direction, cargo: m.cargo, perishable: m.perishable, channel: m.channel ?? ('green' as Channel), ...(m.thirdCountry !== undefined ? { thirdCountry: m.thirdCountry } : {}) };
      byTruck.set(m.id, { at: m.ts, spec, channelSeen: m.channel !== undefined });
    } else if (!known.channelSeen && m.channel) {
      known.spec.channel = m.channel;
      known.channelSeen = true;
    }
  });
  const arrivals = [...byTruck.values()].map(({ channelSeen: _c, ...a }) => a).sort((a, b) => a.at - b.at);
  return { arrivals, start, end: sum.lastTs };
}
