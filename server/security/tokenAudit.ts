import type { Logger } from 'pino';
import type { AuditInput } from '../audit/auditLog';
import type { TokenEvent } from '../tokens';
import type { SecurityCounters } from './counters';

/** What token-event auditing needs of the security edge: its counters, log and audit writers. */
export interface TokenAuditPort {
  counters: SecurityCounters;
  log: Logger;
  /** Writes an audit record. */
  write(entry: AuditInput): void;
  /** Writes a sampled audit record (anonymous refusals); true if written. */
  sampled(reason: string, entry: AuditInput): boolean;
}

/** Counts, audits and logs one event of the token store: refused connections, revocations, reloads of the token file. */
export function auditTokenEvent(e: TokenEvent, edge: TokenAuditPort): void {
  switch (e.type) {
    case 'refused': {
      const c = edge.counters;
      if (e.reason === 'no token') c.refusedNoToken++;
      else if (e.reason === 'unknown token') c.refusedBadToken++;
      else if (e.reason === 'role') c.refusedRole++;
      else c.refusedConnections++;
      const who = e.who ? { who: e.who.name, role: e.who.role } : { who: 'anonymous' };
      const entry: AuditInput = { ...who, action: 'connect', result: 'denied', detail: e.reason, via: e.where, ...(e.ip ? { ip: e.ip } : {}), ...(e.origin ? { origin: e.origin } : {}) };
      if (e.who) edge.write(entry);
      else edge.sampled(`connect ${e.reason}`, entry);
      edge.log.info({ who: who.who, namespace: e.where, reason: e.reason }, 'connection refused');
      return;
    }
    case 'revoked':
      edge.counters.revoked++;
      edge.write({ who: e.who.name, role: e.who.role, action: 'token:revoke', result: 'ok', detail: e.reason, via: e.where });
      edge.log.warn({ who: e.who.name, namespace: e.where, reason: e.reason }, 'session ended: token revoked');
      return;
    case 'reloaded':
      edge.counters.tokenReloads++;
      edge.write({ who: 'system', action: 'tokens:reload', target: { tokens: e.tokens, ended: e.ended }, result: 'ok' });
      return;
    case 'reload-failed':
      edge.counters.tokenReloadErrors++;
      edge.write({ who: 'system', action: 'tokens:reload', result: 'error', detail: e.error });
      edge.log.error({ error: e.error }, 'token file not reloaded: keeping the previous tokens');
      return;
  }
}
