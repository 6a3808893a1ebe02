import type { LoggerOptions } from 'pino';

/**
 * pino redaction: wherever a token could ride in a logged object (auth headers, a handshake's `auth`, a `token`
 * field at any of the first levels), it is replaced before the line is written.
 */
export const LOG_REDACT: NonNullable<LoggerOptions['redact']> = {
  paths: [
    'token',
    '*.token',
    '*.*.token',
    'auth',
    '*.auth',
    '*.*.auth',
    'authorization',
    '*.authorization',
    'headers.authorization',
    'headers.cookie',
    '*.headers.authorization',
    '*.headers.cookie',
    '*.*.headers.authorization',
    'req.headers.authorization',
    'handshake.auth',
    '*.handshake.auth',
  ],
  censor: '[redacted]',
};

/** A request URL with its `token` query parameter masked, for logs and the audit trail. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}
