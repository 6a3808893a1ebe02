import type { Namespace, Socket } from 'socket.io';
import type { Logger } from 'pino';
import { OPERATOR_ROLES, VIEWER_ROLES, principalOf, requireRole } from '../auth';
import type { z } from 'zod';
import {
  AlertAckSchema,
  AlertsListSchema,
  LaneSetSchema,
  VehicleGetSchema,
  PROTOCOL_VERSION,
  formatZodError,
  type Alert,
  type Hello,
  type Kpi,
  type LaneSet,
  type Plan,
  type Site,
  type LaneStatus,
  type Reply,
  type VehicleDetail,
} from '../protocol';
import type { SecurityCounters } from '../security/counters';
import type { SecurityEdge } from '../security/edge';
import type { TokenStore } from '../tokens';
import type { AuditInput } from '../audit/auditLog';
import type { Clock } from '../clock';
import type { FrameBuilder } from '../stream/frames';

/** What the namespace serves: the live hub (server/live.ts) is one; broadcast sits under it and names only this. */
export interface LiveView {
  readonly clock: Clock;
  readonly site: Site;
  readonly configuration: string;
  readonly frames: FrameBuilder;
  readonly kpi: Kpi | undefined;
  readonly plan: Plan | undefined;
  readonly alerts: ReadonlyMap<string, Alert>;
  audit(entry: AuditInput): void;
  vehicleDetail(handle: number): VehicleDetail | undefined;
  setLane(cmd: LaneSet, who: string): { ok: true; status: LaneStatus } | { ok: false; error: string };
  ackAlert(id: string, who: string): Alert | undefined;
}

type Handler<R> = (query: unknown, reply: (r: Reply<R>) => void) => void;

const EVENTS: ReadonlySet<string> = new Set(['vehicle:get', 'alerts:list', 'lane:set', 'alert:ack']);

/**
 * The `/twin` namespace: hello + keyframe on connect, then frames, kpi, plans and alerts; operator commands.
 * Every request is parsed by its protocol schema; operator commands are authorised per event, and every one,
 * allowed, denied or malformed, goes to the audit log.
 */
export function mountTwin(ns: Namespace, deps: { tokens: TokenStore; live: LiveView; log: Logger; security?: SecurityEdge }): void {
  const { live } = deps;
  const counters = deps.security?.counters;
  ns.use(requireRole(deps.tokens, VIEWER_ROLES));
  ns.on('connection', (socket) => {
    const who = principalOf(socket);
    const from = { via: '/twin', ip: socket.handshake.address };
    const now = live.clock.now();
    const hello: Hello = {
      protocolVersion: PROTOCOL_VERSION,
      mode: 'live',
      clock: { twinTime: now, wallTime: Date.now(), rate: live.clock.rate },
      site: live.site,
      configuration: live.configuration,
      role: who.role,
    };
    socket.emit('hello', hello);
    socket.emit('frame', live.frames.keyframe(now));
    if (live.kpi) socket.emit('kpi', live.kpi);
    if (live.plan) socket.emit('plan', live.plan);
    for (const a of live.alerts.values()) socket.emit('alert', a);

    socket.onAny((event: unknown) => {
      if (counters && (typeof event !== 'string' || !EVENTS.has(event))) counters.badCommands++;
    });
    const bad = (error: string) => {
      if (counters) counters.badCommands++;
      return { ok: false as const, error };
    };
    /** Role check, then schema; both outcomes of an operator command are audited. */
    const command = <T>(action: string, input: unknown, schema: z.ZodType<T>, forbidden: string): { ok: true; data: T } | { ok: false; error: string } => {
      if (!OPERATOR_ROLES.includes(who.role)) {
        if (counters) counters.deniedCommands++;
        live.audit({ who: who.name, role: who.role, action, target: input, result: 'denied', detail: forbidden, ...from });
        return { ok: false, error: forbidden };
      }
      const parsed = schema.safeParse(input);
      if (parsed.success) return { ok: true, data: parsed.data };
      const error = formatZodError(parsed.error);
      live.audit({ who: who.name, role: who.role, action, target: input, result: 'error', detail: error, ...from });
      return bad(error);
    };

    on(socket, counters, 'vehicle:get', (q: unknown, reply: (r: Reply<VehicleDetail>) => void) => {
      const parsed = VehicleGetSchema.safeParse(q);
      if (!parsed.success) return reply(bad(formatZodError(parsed.error)));
      const detail = live.vehicleDetail(parsed.data.handle);
      reply(detail ? { ok: true, data: detail } : { ok: false, error: 'no vehicle with that handle' });
    });
    on(socket, counters, 'alerts:list', (q: unknown, reply: (r: Reply<Alert[]>) => void) => {
      const parsed = AlertsListSchema.safeParse(q);
      if (!parsed.success) return reply(bad(formatZodError(parsed.error)));
      reply({ ok: true, data: [...live.alerts.values()] });
    });
    on(socket, counters, 'lane:set', (cmd: unknown, reply: (r: Reply<LaneStatus>) => void) => {
      const c = command('lane:set', cmd, LaneSetSchema, 'forbidden: only operators may set lanes');
      if (!c.ok) return reply(c);
      const r = live.setLane(c.data, who.name);
      reply(r.ok ? { ok: true, data: r.status } : r);
    });
    on(socket, counters, 'alert:ack', (cmd: unknown, reply: (r: Reply<Alert>) => void) => {
      const c = command('alert:ack', cmd, AlertAckSchema, 'forbidden: only operators may acknowledge alerts');
      if (!c.ok) return reply(c);
      const r = live.ackAlert(c.data.id, who.name);
      reply(r ? { ok: true, data: r } : { ok: false, error: `no active alert ${c.data.id}` });
    });
  });
}

/** Registers a request handler that needs a reply callback (counted when missing) and never throws into socket.io. */
function on<R>(socket: Socket, counters: SecurityCounters | undefined, event: string, handler: Handler<R>): void {
  socket.on(event, (query: unknown, reply: unknown) => {
    if (typeof reply !== 'function') {
      if (counters) counters.badCommands++;
      return;
    }
    try {
      handler(query, reply as (r: Reply<R>) => void);
    } catch (e) {
      (reply as (r: Reply<R>) => void)({ ok: false, error: e instanceof Error ? e.message : 'internal error' });
    }
  });
}
