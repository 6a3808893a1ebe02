/** Camera of a shared link: a named preset, or a pose (position and look-at target, Three.js metres). */
export type CameraRef = { preset: string } | { pose: [number, number, number, number, number, number] };

/** What a `/replay?…` link opens: a day, an instant, a camera. */
export interface ReplayLink {
  day: string | null;
  at: number | null;
  cam: CameraRef | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}(~whatif-\d{1,6})?$/;
const PRESET = /^[a-z0-9][a-z0-9-]{0,63}$/i;

/**
 * Parses `day=2026-11-23`, `t=` (epoch ms, or an ISO time such as `2026-11-23T09:30:00+07:00`) and `cam=` (a
 * preset id, or six comma-separated numbers). Anything malformed is ignored rather than trusted.
 */
export function parseReplayLink(search: string): ReplayLink {
  const q = new URLSearchParams(search);
  const day = q.get('day');
  const t = q.get('t');
  const cam = q.get('cam');
  let at: number | null = null;
  if (t !== null && t.trim() !== '') {
    const n = /^\d+$/.test(t) ? Number(t) : Date.parse(t);
    if (Number.isFinite(n) && n > 946_684_800_000 && n < 7_258_118_400_000) at = n;
  }
  let camera: CameraRef | null = null;
  if (cam) {
    const parts = cam.split(',').map(Number);
    if (parts.length === 6 && parts.every((v) => Number.isFinite(v))) camera = { pose: parts as [number, number, number, number, number, number] };
    else if (PRESET.test(cam)) camera = { preset: cam };
  }
  return { day: day && DAY.test(day) ? day : null, at, cam: camera };
}

/** An ISO local time with its offset (`2026-11-23T09:30:00+07:00`): readable in a link and exact. */
export function isoAt(ms: number, offsetHours: number): string {
  const d = new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19);
  const sign = offsetHours < 0 ? '-' : '+';
  const abs = Math.abs(offsetHours);
  const hh = String(Math.floor(abs)).padStart(2, '0');
  const mm = String(Math.round((abs % 1) * 60)).padStart(2, '0');
  return `${d}${sign}${hh}:${mm}`;
}

/**
 * Builds the shareable link (path and query) that reopens a replay at a day, instant and camera. It never holds a
 * token: whoever opens it uses their own (their tab's session storage, or `?token=` they add themselves).
 */
export function buildReplayLink(base: { lang?: string }, link: { day: string; at: number; cam: CameraRef | null }, offsetHours: number): string {
  const q = new URLSearchParams();
  q.set('day', link.day);
  q.set('t', isoAt(link.at, offsetHours));
  if (link.cam) q.set('cam', 'preset' in link.cam ? link.cam.preset : link.cam.pose.map((v) => Math.round(v)).join(','));
  if (base.lang) q.set('lang', base.lang);
  return `/replay?${q.toString()}`;
}
