import type { Socket } from 'socket.io';
import type { Role } from './protocol';
import type { Principal, Session, TokenStore } from './tokens';

/**
 * Socket.IO middleware: the handshake's `auth.token` must belong to one of `roles`, and its token may not hold
 * more live connections than the store allows. Every refusal is reported to the store's listeners (counters,
 * audit); an admitted socket is registered as a session, so revoking its token disconnects it.
 */
export function requireRole(tokens: TokenStore, roles: readonly Role[]) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    const auth: unknown = socket.handshake.auth;
    const token = auth && typeof auth === 'object' && 'token' in auth ? (auth as { token: unknown }).token : undefined;
    const where = socket.nsp.name;
    const origin = socket.handshake.headers.origin;
    const from = { where, ip: socket.handshake.address, ...(origin !== undefined ? { origin } : {}) };
    const who = tokens.lookup(token);
    if (!who) {
      tokens.report({ type: 'refused', reason: token === undefined || token === '' ? 'no token' : 'unknown token', ...from });
      return next(new Error('unauthorized: a valid token is required'));
    }
    if (!roles.includes(who.role)) {
      tokens.report({ type: 'refused', reason: 'role', who, ...from });
      return next(new Error(`forbidden: role ${who.role} may not connect here`));
    }
    const session: Session = {
      principal: who,
      roles,
      where,
      end(reason) {
        socket.emit('error:auth', { error: reason });
        socket.disconnect(true);
      },
    };
    const refusal = tokens.open(session);
    if (refusal) {
      tokens.report({ type: 'refused', reason: 'connections', who, ...from });
      return next(new Error(refusal));
    }
    // 'disconnect' covers a namespace leaving; the transport's close also covers a client gone before it joined.
    const release = () => {
      tokens.close(session);
      socket.conn.off('close', release);
    };
    socket.once('disconnect', release);
    socket.conn.once('close', release);
    socket.data.principal = who;
    next();
  };
}

/** The principal the auth middleware attached to a socket. */
export const principalOf = (socket: Socket): Principal => socket.data.principal as Principal;

/** Token from an HTTP request: `Authorization: Bearer …`, or `?token=` for links a browser opens. */
export function httpToken(authorization: string | undefined, url: URL): string | undefined {
  const m = authorization?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1] ?? url.searchParams.get('token') ?? undefined;
}

export const VIEWER_ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];
export const OPERATOR_ROLES: readonly Role[] = ['operator', 'admin'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];
export const ALL_ROLES: readonly Role[] = ['device', 'viewer', 'operator', 'admin'];
