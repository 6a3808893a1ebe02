import type { ForkLane, ForkState, ForkTruck } from '../../../server/forecast/types';
import { T0 } from '../../support/builders';

const MIN = 60_000;
export const hours = { open: '07:00', close: '19:00' };

/** A fork at 15:00 (T0 is 08:00 local) with `queued` trucks waiting per direction at one crossing. */
export function buildFork(over: Partial<ForkState> = {}, queued: [number, number] = [120, 40]): ForkState {
  const now = T0 + 7 * 60 * MIN;
  const lanes: ForkLane[] = [
    { id: 'HN-1', crossing: 'HN', direction: 'export', running: 'export', open: true, serviceS: 180, hours },
    { id: 'HN-2', crossing: 'HN', direction: 'reversible', running: 'import', open: true, serviceS: 180, hours },
    { id: 'HN-3', crossing: 'HN', direction: 'import', running: 'import', open: true, serviceS: 180, hours },
    { id: 'HN-4', crossing: 'HN', direction: 'import', running: 'import', open: false, serviceS: 180, hours },
  ];
  const trucks: ForkTruck[] = [];
  for (const [d, n] of [['export', queued[0]], ['import', queued[1]]] as const) {
    for (let i = 0; i < n; i++) trucks.push({ id: `${d}${i}`, crossing: 'HN', direction: d, perishable: d === 'export' && i % 2 === 0, channel: i % 10 === 0 ? 'red' : 'green', queuedAt: now - (n - i) * MIN });
  }
  return {
    now, tzH: 7, lanes, trucks, clearedToday: [{ crossing: 'HN', count: 300 }],
    arrivals: [
      { crossing: 'HN', direction: 'export', perDay: 300, perishableShare: 0.7, channels: [0.6, 0.3, 0.1] },
      { crossing: 'HN', direction: 'import', perDay: 500, perishableShare: 0.05, channels: [0.6, 0.3, 0.1] },
    ],
    profile: [1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8, 9, 9, 9, 8, 7, 5, 3, 2, 1],
    serviceFactor: [{ crossing: 'HN', factor: 1 }], channelFactor: { green: 1, yellow: 1.5, red: 3 },
    policy: { perishableHeadStartMin: 960, channelHeadStartMin: { green: 1440, yellow: 720, red: 0 }, perishableLimitMin: 120 },
    crossings: [{ id: 'HN', hours, target: 2000 }],
    ...over,
  };
}

