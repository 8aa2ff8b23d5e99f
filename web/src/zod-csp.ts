/**
 * The engine's zod schemas run in the page (the analyses' results build the report payload, which
 * reads the analysis registry): zod would probe for `new Function` (its JIT), which the
 * workbench's CSP (`default-src 'self'`, no 'unsafe-eval') refuses with a console error. Jitless
 * mode parses the same way without the probe. Imported first by ./main.ts.
 */
import { config } from 'zod';

config({ jitless: true });
