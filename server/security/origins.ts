import type { IncomingHttpHeaders } from 'node:http';

const LOCALHOST = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/**
 * Which browser origins may talk to the server: its own (same scheme-less host as the request's `Host`),
 * the configured list, and localhost unless turned off. Requests without `Origin` are not from a browser page
 * (devices, scripts, same-origin GETs) and are judged by their token alone.
 */
export class OriginPolicy {
  private readonly list: ReadonlySet<string>;
  private readonly any: boolean;

  constructor(
    allowed: readonly string[],
    private readonly localhost: boolean,
  ) {
    this.any = allowed.includes('*');
    this.list = new Set(allowed.map((o) => o.toLowerCase().replace(/\/$/, '')));
  }

  /** True when a request with these headers may proceed. */
  allows(headers: IncomingHttpHeaders): boolean {
    const origin = headers.origin;
    if (origin === undefined) return true;
    return this.allowsOrigin(origin, headers.host);
  }

  /** True for an origin on the list, localhost (if allowed), or the request's own host. */
  allowsOrigin(origin: string, host: string | undefined): boolean {
    if (this.any) return true;
    const o = origin.toLowerCase();
    if (this.list.has(o)) return true;
    if (this.localhost && LOCALHOST.test(o)) return true;
    if (host === undefined || o === 'null') return false;
    try {
      return new URL(o).host === host.toLowerCase();
    } catch {
      return false;
    }
  }

  /** Whether a cross-origin browser page may read API responses (a listed origin that is not the server's own). */
  corsOrigin(headers: IncomingHttpHeaders): string | undefined {
    const origin = headers.origin;
    if (origin === undefined || origin === 'null') return undefined;
    return this.allowsOrigin(origin, headers.host) ? origin : undefined;
  }
}
