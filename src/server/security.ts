/**
 * The workbench's security checks, each a small pure function the request handler calls in order
 * (see docs/workbench.md for the threat model):
 *
 * 1. {@link hostAllowed}: the Host header must name the server itself (127.0.0.1, localhost, [::1]
 *    or the `--host` given, with the port) — defeats DNS rebinding (a hostile page whose name
 *    re-resolves to 127.0.0.1 still sends its own name in Host).
 * 2. {@link tokenFrom} + {@link tokenMatches}: a per-launch random token, as `Authorization: Bearer`
 *    or the HttpOnly SameSite=Strict `nqpf_token` cookie set by the tokened URL.
 * 3. {@link originAllowed}: a state-changing request must come from the server's own origin, or carry
 *    no Origin but the token header (scripts, curl) — a cookie alone is not enough (CSRF).
 * 4. {@link safeJsonParse}: JSON bodies without `__proto__`/`constructor`/`prototype` keys.
 * 5. {@link safeFileName} / {@link safeRelativePath}: names and URL paths that cannot leave a root.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, hex (64 characters). */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time comparison of a presented token with the server's. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Loopback host names (bind default; no warning). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '127.0.0.1' || h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The Host header values the server answers to: loopback names (and the bound host) with the port. */
export function allowedHosts(port: number, boundHost: string): Set<string> {
  const s = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const h = boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost;
  if (h !== '0.0.0.0' && h !== '[::]') s.add(`${h.toLowerCase()}:${port}`);
  return s;
}

/** Is the Host header one of `allowed`? (case-insensitive; absent → no) */
export function hostAllowed(host: string | undefined, allowed: Set<string>): boolean {
  return typeof host === 'string' && allowed.has(host.toLowerCase());
}

/** Methods that change state and therefore need the Origin check. */
export function isStateChanging(method: string | undefined): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
}

/**
 * Origin rule for state-changing requests: an Origin header must be `http://<allowed host>`; without
 * an Origin the request must carry the token in the Authorization header (not only the cookie).
 */
export function originAllowed(origin: string | undefined, hasBearer: boolean, allowed: Set<string>): boolean {
  if (origin === undefined) return hasBearer;
  const m = /^http:\/\/([^/]+)$/i.exec(origin);
  return !!m && allowed.has(m[1].toLowerCase());
}

/** The token a request presents: `Authorization: Bearer <t>`, else the `nqpf_token` cookie. */
export function tokenFrom(headers: { authorization?: string; cookie?: string }): { token?: string; bearer: boolean } {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return { token: m[1], bearer: true };
  }
  const cookie = headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === 'nqpf_token') return { token: part.slice(eq + 1).trim(), bearer: false };
    }
  }
  return { bearer: false };
}

/** `Set-Cookie` value for the session token. */
export function tokenCookie(token: string): string {
  return `nqpf_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Headers sent with every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
});

const BAD_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse reviver that drops `__proto__`, `constructor` and `prototype` keys at any depth. */
export function dropDangerousKeys(key: string, value: unknown): unknown {
  return BAD_KEYS.has(key) ? undefined : value;
}

/** Parse JSON text; dangerous keys are dropped (see {@link dropDangerousKeys}). Throws SyntaxError on bad JSON. */
export function safeJsonParse(text: string): unknown {
  return JSON.parse(text, dropDangerousKeys);
}

/**
 * A stored file name: 1–120 characters, no path separators (`/`, `\`), no NUL or control
 * characters, not `.`/`..`, not starting with a dot, not a dangerous key. Returns the name or undefined.
 */
export function safeFileName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  if (name.length < 1 || name.length > 120) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\:*?"<>|]/.test(name)) return undefined;
  if (name.startsWith('.') || name.endsWith(' ') || name.endsWith('.')) return undefined;
  if (BAD_KEYS.has(name)) return undefined;
  return name;
}

/**
 * Turn a raw URL path (still percent-encoded, after the mount prefix) into safe relative segments,
 * or undefined when it tries to leave its root. Refused: `..` or `.` segments (plain or encoded
 * `%2e%2e`), encoded separators `%2f`/`%5c`, any `%25` (double encoding such as `%252f`; with
 * `allowPercent` a `%25` is a literal percent sign, except before `2f`, `5c`, `00`, `2e`), NUL
 * (`%00`), backslashes, control characters, empty segments in the middle, and malformed escapes.
 */
export function safeRelativePath(raw: string, opts: { allowPercent?: boolean } = {}): string[] | undefined {
  if (raw.includes('\\') || raw.includes('\0')) return undefined;
  if (/%(2f|5c|00)/i.test(raw)) return undefined;
  if (/%25/i.test(raw)) {
    // A literal "%" in a name (`100%.csv` → `100%25.csv`) only where the caller asks for it, and
    // never when the decoded text is itself an escape of a separator, a dot or NUL (`%252f`).
    if (!opts.allowPercent || /%25(2f|5c|00|2e)/i.test(raw)) return undefined;
  }
  const parts = raw.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    let seg: string;
    try {
      seg = decodeURIComponent(parts[i]);
    } catch {
      return undefined;
    }
    if (seg === '') {
      if (i === parts.length - 1 || i === 0) continue;
      return undefined;
    }
    // eslint-disable-next-line no-control-regex
    if (seg === '.' || seg === '..' || /[\u0000-\u001f\\/]/.test(seg)) return undefined;
    out.push(seg);
  }
  return out;
}
