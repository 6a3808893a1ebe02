import { config } from 'zod';

// The shared protocol schemas run in the browser too. zod probes `new Function('')` to decide whether it may
// compile fast parsers; the page's CSP forbids eval, and Chromium reports the refused probe as a CSP violation
// even though zod catches it. Jitless mode skips the probe. Imported first by main.tsx, before any schema.
config({ jitless: true });
