import { TELEMETRY_KIND_NAMES, type TelemetryKind } from '../protocol';

/** Kinds a device topic may name. */
const KINDS: ReadonlySet<string> = new Set<TelemetryKind>(TELEMETRY_KIND_NAMES);

/** What a `gatetwin/<site>/…` topic carries: a device's telemetry, or its reply to a command. */
export type DeviceTopic = { what: 'telemetry' | 'reply'; kind: TelemetryKind; id: string; address: string };

/**
 * A device's topic: `gatetwin/<site>/<kind>/<id>`. The id is URL-encoded (encodeURIComponent), so ids holding
 * `/`, `+` or `#` (all allowed by the protocol, all special in MQTT topics) fit in one topic level.
 */
export function deviceTopic(site: string, kind: TelemetryKind, id: string): string {
  return `gatetwin/${site}/${kind}/${encodeURIComponent(id)}`;
}

/** Parses a topic under `gatetwin/<site>/`; undefined when it is not one we take (unknown kind, bad encoding). */
export function parseDeviceTopic(site: string, topic: string): DeviceTopic | undefined {
  const prefix = `gatetwin/${site}/`;
  if (!topic.startsWith(prefix)) return undefined;
  const parts = topic.slice(prefix.length).split('/');
  const [kind, encoded] = parts;
  if (kind === undefined || encoded === undefined || !KINDS.has(kind)) return undefined;
  let what: DeviceTopic['what'];
  if (parts.length === 2) what = 'telemetry';
  else if (parts.length === 4 && parts[2] === 'command' && parts[3] === 'reply') what = 'reply';
  else return undefined;
  let id: string;
  try {
    id = decodeURIComponent(encoded);
  } catch {
    return undefined; // a malformed %-escape
  }
  return { what, kind: kind as TelemetryKind, id, address: `${kind}/${encoded}` };
}
