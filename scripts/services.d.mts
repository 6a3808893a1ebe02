// Types of scripts/services.mjs (plain Node, so that it runs before any dependency is installed).

/** A machine service a test may need, and how to start it when it is installed but stopped. */
export interface ServiceSpec {
  name: string;
  label: string;
  host: string;
  port: number;
  /** Program whose presence means "installed". */
  bin: string;
  /** Debian package that provides it. */
  apt: string;
  /** The command that starts it in the background, given the program's path and a finder for other programs. */
  start: (bin: string, find: (name: string) => string | null) => [string, string[]];
}

/** Outcome of making a service answer. */
export type ServiceResult = { name: string; ok: true; started: boolean } | { name: string; ok: false; reason: string };

/** The services, by the name tests ask for them. */
export declare const SERVICES: Record<'redis' | 'mosquitto' | 'nats', ServiceSpec>;
/** Where an installed program is: on PATH, else in the usual system directories; null when not installed. */
export declare function locate(name: string, pathVar?: string): string | null;
/** Whether something accepts a TCP connection on host:port within `timeoutMs`. */
export declare function reachable(host: string, port: number, timeoutMs?: number): Promise<boolean>;
/** Makes a service answer, starting it when installed but stopped; says why not otherwise. */
export declare function ensureService(spec: ServiceSpec, opts?: { waitMs?: number; pathVar?: string }): Promise<ServiceResult>;
