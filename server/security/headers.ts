import type { ServerResponse } from 'node:http';

/**
 * The page's Content-Security-Policy. Scripts only from our own origin (Vite emits no inline script), no eval;
 * inline styles are allowed because React and drei set `style` attributes; workers and images may come from
 * blob: URLs (three.js loaders); sockets and fetches go to our own origin only; nobody may frame the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every HTTP response carries: API, static files, 404s and the Engine.IO transport alike. */
// eslint-disable-next-line no-restricted-syntax -- keys are header names written here, never ids
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // A token may arrive in a page URL (`?token=`, moved to session storage at once): never leak it through Referer.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  // With COOP, makes the page cross-origin isolated; everything it loads (scripts, fonts, workers) is our own.
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
};

/** Sets the hardening headers on a response before anyone writes it (writeHead merges them). */
export function applySecurityHeaders(res: ServerResponse): void {
  const skip = (process.env.DIAG_SKIP ?? '').split(',');
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!skip.includes(k)) res.setHeader(k, v);
}
