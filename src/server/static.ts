/**
 * Serving files from a root directory without ever leaving it: the URL path is split into
 * segments by {@link safeRelativePath} (which refuses `..`, encoded separators, double encoding,
 * NUL and backslashes), joined under the root, then resolved with `realpath` — a symlink that
 * points outside the root is refused too. Refusals carry no path in their message.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { safeRelativePath } from './security.js';

/** Content types by extension (anything else is application/octet-stream). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
});

export function contentType(name: string): string {
  const i = name.lastIndexOf('.');
  return (i >= 0 && CONTENT_TYPES[name.slice(i).toLowerCase()]) || 'application/octet-stream';
}

/** Outcome of {@link resolveInside}: a real file path, or an HTTP status (400 bad path, 404 absent/outside). */
export type Resolved = { file: string; size: number } | { status: 400 | 404 };

/**
 * Resolve the raw (percent-encoded) relative URL path `rawPath` under `root`. Empty path → `index`
 * when given. The real path of the result must lie inside the real root and be a regular file.
 */
export async function resolveInside(root: string, rawPath: string, index?: string): Promise<Resolved> {
  const segs = safeRelativePath(rawPath);
  if (!segs) return { status: 400 };
  if (!segs.length) {
    if (!index) return { status: 404 };
    segs.push(index);
  }
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return { status: 404 };
  }
  const candidate = join(realRoot, ...segs);
  if (candidate !== realRoot && !candidate.startsWith(realRoot + sep)) return { status: 400 };
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return { status: 404 };
  }
  if (!real.startsWith(realRoot + sep)) return { status: 404 };
  try {
    const st = await stat(real);
    if (!st.isFile()) return { status: 404 };
    return { file: real, size: st.size };
  } catch {
    return { status: 404 };
  }
}

/** `web/dist/` of this package (the first ancestor of this module that has a package.json), or undefined when it does not exist. */
export function defaultStaticDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      const d = resolve(dir, 'web', 'dist');
      return existsSync(d) ? d : undefined;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}
