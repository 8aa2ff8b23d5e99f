/**
 * The workbench HTTP server (node:http, no framework): static front end + JSON API under `/api/`.
 * See docs/workbench.md for the API and the security model. Every request passes, in order:
 * security headers → Host allow-list (421) → [API: token (401) → Origin check on state-changing
 * methods (403) → content type (415) and body size (413) → route].
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { NqpfError } from '../core/errors.js';
import { BUILTIN_FRAMEWORKS } from '../frameworks/index.js';
import { specJsonSchemaText } from '../spec/json-schema.js';
import { VERSION } from '../version.js';
import { PLACEHOLDER_HTML } from './placeholder.js';
import type { Preview } from './preview.js';
import { OTHER_EXTENSIONS, TABLE_EXTENSIONS } from './preview.js';
import { checkSpecInWorker, DEFAULT_RUN_LIMITS, RunManager, type RunLimits } from './runs.js';
import { validateSpecText, type ValidateResult } from './spec-check.js';
import {
  allowedHosts,
  hostAllowed,
  isStateChanging,
  newToken,
  originAllowed,
  safeFileName,
  safeJsonParse,
  safeRelativePath,
  SECURITY_HEADERS,
  tokenCookie,
  tokenFrom,
  tokenMatches,
} from './security.js';
import { contentType, defaultStaticDir, resolveInside } from './static.js';
import { busyError, lockHolder, removeServing, writeServing } from './instance.js';
import { isDiskFull, ProjectStore, type RunRecord, type StoreFaults } from './store.js';
import { runWorker } from './workers.js';
import { checkZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-guard.js';

/** Limits of the server (defaults in {@link DEFAULT_LIMITS}). */
export interface ServerLimits {
  /** Largest uploaded file in bytes (default 50 MB) → 413. */
  maxUploadBytes: number;
  /** Files per project (default 20) → 413. */
  maxFilesPerProject: number;
  /** Largest JSON request body in bytes (default 2 MB) → 413. */
  maxJsonBytes: number;
  /** Time limit of an upload preview (parsing) in ms (default 30 s). */
  previewTimeoutMs: number;
  /** Heap of the preview worker in MB (default 512). */
  previewHeapMb: number;
  /** Open connections at once (default 64: a single-user local server); more are refused. */
  maxConnections: number;
  /** Time to receive a request's headers in ms (default 10 s). */
  headersTimeoutMs: number;
  /** Time to receive a whole request in ms (default 2 min; uploads are local). */
  requestTimeoutMs: number;
  zip: ZipLimits;
  runs: RunLimits;
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxUploadBytes: 50 * 1024 * 1024,
  maxFilesPerProject: 20,
  maxJsonBytes: 2 * 1024 * 1024,
  previewTimeoutMs: 30_000,
  previewHeapMb: 512,
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  zip: DEFAULT_ZIP_LIMITS,
  runs: DEFAULT_RUN_LIMITS,
});

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Directory holding `workbench.duckdb` and `runs/` (created when absent). Required. */
  dataDir: string;
  /** Port (default 0 = any free port). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Session token (default: 32 random bytes, hex). */
  token?: string;
  /** Front-end files (default: web/dist of the package when present, else the placeholder page; `false`: always the placeholder). */
  staticDir?: string | false;
  limits?: Partial<Omit<ServerLimits, 'zip' | 'runs'>> & { zip?: Partial<ZipLimits>; runs?: Partial<RunLimits> };
  /** Server log (default: stderr). Unexpected errors and disk-full failures are logged here, with paths. */
  log?: (line: string) => void;
  /** Test-only fault injection into the project store. */
  storeFaults?: StoreFaults;
}

/** A running server. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>/` (or the bound host). */
  origin: string;
  /** The URL that sets the session cookie: `<origin>/?token=<token>`. */
  url: string;
  token: string;
  port: number;
  server: Server;
  store: ProjectStore;
  runs: RunManager;
  close(): Promise<void>;
}

/** An HTTP error with an NqpfError-shaped JSON body. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const STATUS_OF: Record<string, number> = {
  E_NOT_FOUND: 404,
  E_CONFLICT: 409,
  E_TOO_MANY_FILES: 413,
  E_ZIP_BOMB: 413,
  E_BUSY: 429,
  E_TIMEOUT: 422,
  E_WORKER_MEMORY: 413,
  E_DISK_FULL: 507,
  E_STORE: 503,
};

export { validateSpecText, type ValidateResult };

/** Start the workbench server. Resolves once it listens. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const limits: ServerLimits = {
    ...DEFAULT_LIMITS,
    ...opts.limits,
    zip: { ...DEFAULT_ZIP_LIMITS, ...opts.limits?.zip },
    runs: { ...DEFAULT_RUN_LIMITS, ...opts.limits?.runs },
  };
  const dataDir = resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = await ProjectStore.open(join(dataDir, 'workbench.duckdb'), opts.storeFaults).catch(async (e: unknown) => {
    // a second workbench on the same folder: say so (with the first one's URL), not DuckDB's lock error
    const holder = lockHolder(e);
    throw holder ? await busyError(dataDir, holder) : e;
  });
  store.onError = (e, recovered) => {
    if (recovered) log(`nqpf serve: the project store (${join(dataDir, 'workbench.duckdb')}) was reopened after an earlier failure`);
    else log(`nqpf serve: project store failure${isDiskFull(e) ? ' (disk full)' : ''} in ${dataDir}: ${e instanceof Error ? e.message : String(e)}`);
  };
  await store.failInterruptedRuns();
  const runs = new RunManager(store, dataDir, limits.runs);
  const token = opts.token ?? newToken();
  const host = opts.host ?? '127.0.0.1';
  const staticDir = opts.staticDir === false ? undefined : (opts.staticDir ?? defaultStaticDir());
  let hosts = new Set<string>();

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!(e instanceof HttpError) && !(e instanceof NqpfError))
        log(
          `nqpf serve: ${req.method} ${(req.url ?? '').replace(/token=[^&]*/g, 'token=…')} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
      sendError(res, e);
    });
  });
  // A single-user local server: few connections, short header and request times (slow-header
  // sockets are closed instead of piling up).
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.maxConnections = limits.maxConnections;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (hostCount(req.rawHeaders) > 1) throw new HttpError(400, 'E_BAD_REQUEST', 'request refused: more than one Host header');
    if (!hostAllowed(req.headers.host, hosts))
      throw new HttpError(
        421,
        'E_HOST',
        'request refused: unexpected Host header',
        'open the workbench through the URL printed by `nqpf serve` (127.0.0.1 or localhost)',
      );
    const rawUrl = req.url ?? '/';
    if (!rawUrl.startsWith('/')) throw new HttpError(400, 'E_BAD_REQUEST', 'bad request target');
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    if (rawPath === '/api' || rawPath.startsWith('/api/')) return api(req, res, rawPath.slice(4), query);
    return staticRequest(req, res, rawPath, query);
  }

  // ------------------------------------------------------------------ static
  async function staticRequest(req: IncomingMessage, res: ServerResponse, rawPath: string, query: URLSearchParams): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'E_METHOD', 'method not allowed');
    const t = query.get('token');
    if (t !== null) {
      if (!tokenMatches(t, token))
        throw new HttpError(401, 'E_TOKEN', 'invalid token', 'use the URL printed by `nqpf serve` (the token changes at every start)');
      res.setHeader('Set-Cookie', tokenCookie(token));
      res.statusCode = 303;
      // Same-origin only: rebuilt from safe segments, so always one leading slash (never `//host` or `/\\host`).
      const segs = safeRelativePath(rawPath.slice(1));
      res.setHeader('Location', segs ? `/${segs.map(encodeURIComponent).join('/')}` : '/');
      res.end();
      return;
    }
    const rel = rawPath.slice(1);
    if (!staticDir) {
      const segs = safeRelativePath(rel);
      if (!segs) throw new HttpError(400, 'E_BAD_PATH', 'bad path');
      if (segs.length === 0 || (segs.length === 1 && segs[0] === 'index.html'))
        return sendBody(res, req, 200, 'text/html; charset=utf-8', Buffer.from(PLACEHOLDER_HTML));
      throw new HttpError(404, 'E_NOT_FOUND', 'not found');
    }
    const r = await resolveInside(staticDir, rel, 'index.html');
    if ('status' in r) throw new HttpError(r.status, r.status === 400 ? 'E_BAD_PATH' : 'E_NOT_FOUND', r.status === 400 ? 'bad path' : 'not found');
    return sendFile(res, req, r.file, r.size, contentType(r.file));
  }

  // ------------------------------------------------------------------ API
  async function api(req: IncomingMessage, res: ServerResponse, rawPath: string, query: URLSearchParams): Promise<void> {
    const presented = tokenFrom(req.headers);
    if (!tokenMatches(presented.token, token))
      throw new HttpError(
        401,
        'E_TOKEN',
        'missing or invalid token',
        'open the workbench through the URL printed by `nqpf serve`, or send Authorization: Bearer <token>',
      );
    const method = req.method ?? 'GET';
    if (isStateChanging(method)) {
      const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
      if (!originAllowed(origin, presented.bearer, hosts))
        throw new HttpError(403, 'E_ORIGIN', 'cross-origin request refused', 'state-changing requests must come from the workbench page itself');
      const site = req.headers['sec-fetch-site'];
      if (site === 'cross-site') throw new HttpError(403, 'E_ORIGIN', 'cross-site request refused');
    }
    const segs = safeRelativePath(rawPath.slice(1), { allowPercent: true });
    if (!segs) throw new HttpError(400, 'E_BAD_PATH', 'bad path');
    const [a, b, c, d, e, f] = segs;
    const n = segs.length;
    const is = (m: string) => method === m;

    if (n === 1 && a === 'health' && is('GET')) return sendJson(res, 200, { ok: true, version: VERSION });
    if (n === 1 && a === 'schema' && is('GET')) return sendBody(res, req, 200, 'application/schema+json; charset=utf-8', Buffer.from(specJsonSchemaText()));
    if (n === 1 && a === 'frameworks' && is('GET')) return sendJson(res, 200, BUILTIN_FRAMEWORKS);
    if (n === 1 && a === 'validate' && is('POST')) {
      const body = await jsonBody(req);
      const spec = stringField(body, 'spec_yaml', true)!;
      let fileNames: string[] | undefined;
      const pid = stringField(body, 'project_id', false);
      if (pid) fileNames = (await store.getProject(pid)).files.map((x) => x.name);
      const result = await checkSpecInWorker(spec, fileNames, limits.runs.specTimeoutMs, runs.specWorkers);
      const { title: _title, ...shown } = result;
      void _title;
      return sendJson(res, 200, shown);
    }
    if (a !== 'projects') throw new HttpError(404, 'E_NOT_FOUND', 'no such API endpoint');
    if (n === 1) {
      if (is('GET')) return sendJson(res, 200, await store.listProjects());
      if (is('POST')) {
        const body = await jsonBody(req);
        const name = stringField(body, 'name', true)!;
        if (name.trim() === '' || name.length > 200) throw new HttpError(400, 'E_BAD_REQUEST', 'name must be 1–200 characters');
        const spec = stringField(body, 'spec_yaml', false) ?? '';
        return sendJson(res, 201, await store.createProject(name, spec));
      }
      throw methodNotAllowed();
    }
    const pid = b;
    if (n === 2) {
      if (is('GET')) return sendJson(res, 200, await store.getProject(pid));
      if (is('PUT') || is('PATCH')) {
        const body = await jsonBody(req);
        const version = (body as Record<string, unknown>).version;
        if (typeof version !== 'number' || !Number.isInteger(version))
          throw new HttpError(
            400,
            'E_BAD_REQUEST',
            'version (integer) is required: the version of the project you edited',
            'send the version you received with the project',
          );
        const name = stringField(body, 'name', false);
        const spec = stringField(body, 'spec_yaml', false);
        if (name !== undefined && (name.trim() === '' || name.length > 200)) throw new HttpError(400, 'E_BAD_REQUEST', 'name must be 1–200 characters');
        return sendJson(res, 200, await store.updateProject(pid, version, { name, spec_yaml: spec }));
      }
      if (is('DELETE')) {
        await store.getProject(pid);
        await runs.dropProject(pid);
        await store.deleteProject(pid);
        res.statusCode = 204;
        res.end();
        return;
      }
      throw methodNotAllowed();
    }
    if (c === 'files') {
      if (n === 3) {
        if (is('GET')) return sendJson(res, 200, (await store.getProject(pid)).files);
        if (is('POST')) return upload(req, res, pid, query.get('name'));
        throw methodNotAllowed();
      }
      const fname = checkName(d);
      if (n === 4) {
        if (is('GET')) {
          const file = await store.getFile(pid, fname);
          res.setHeader('Content-Disposition', attachment(fname));
          return sendBody(res, req, 200, 'application/octet-stream', Buffer.from(file.bytes));
        }
        if (is('DELETE')) {
          await store.deleteFile(pid, fname);
          res.statusCode = 204;
          res.end();
          return;
        }
        throw methodNotAllowed();
      }
      if (n === 5 && e === 'preview' && is('GET')) {
        const file = await store.getFile(pid, fname);
        return sendJson(res, 200, await preview(file.bytes, fname));
      }
      throw new HttpError(404, 'E_NOT_FOUND', 'no such API endpoint');
    }
    if (c === 'runs') {
      if (n === 3) {
        if (is('GET')) {
          await store.getProject(pid);
          return sendJson(res, 200, (await store.listRuns(pid)).map(publicRun));
        }
        if (is('POST')) {
          const body = await jsonBody(req, true);
          const seed = (body as Record<string, unknown>).seed;
          if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0))
            throw new HttpError(400, 'E_BAD_REQUEST', 'seed must be a non-negative integer');
          const rec = await runs.start(pid, seed as number | undefined);
          return sendJson(res, 202, publicRun(rec));
        }
        throw methodNotAllowed();
      }
      const rid = d;
      const rec = await store.getRun(pid, rid);
      if (n === 4 && is('GET')) {
        const outputs = rec.status === 'succeeded' ? await listOutputs(rec) : [];
        return sendJson(res, 200, { ...publicRun(rec), events: runs.events(pid, rid) ?? null, outputs });
      }
      if (n === 5 && e === 'events' && is('GET')) return sse(req, res, pid, rid, rec);
      if (n === 5 && e === 'spec' && is('GET')) {
        const dir = runs.runDir(pid, rid);
        let text: Buffer;
        try {
          text = await readFile(join(dir, 'input', 'nqpf.yaml'));
        } catch {
          throw new HttpError(404, 'E_NOT_FOUND', 'the spec of this run is not available');
        }
        res.setHeader('Content-Disposition', attachment('nqpf.yaml'));
        return sendBody(res, req, 200, 'text/yaml; charset=utf-8', text);
      }
      if (n === 6 && e === 'files' && is('GET')) {
        if (rec.status !== 'succeeded') throw new HttpError(404, 'E_NOT_FOUND', 'this run has no outputs');
        const r = await resolveInside(join(runs.runDir(pid, rid), 'out'), encodeURIComponent(checkName(f)));
        if ('status' in r) throw new HttpError(r.status, 'E_NOT_FOUND', 'no such output file');
        const name = checkName(f);
        if (name.toLowerCase().endsWith('.html') && query.get('inline') === '1') {
          // The report inline: scripts allowed, but sandboxed into an opaque origin (no cookies, no API).
          res.setHeader(
            'Content-Security-Policy',
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; sandbox allow-scripts; frame-ancestors 'self'",
          );
          res.setHeader('X-Frame-Options', 'SAMEORIGIN');
        } else res.setHeader('Content-Disposition', attachment(name));
        return sendFile(res, req, r.file, r.size, contentType(name));
      }
      throw new HttpError(404, 'E_NOT_FOUND', 'no such API endpoint');
    }
    throw new HttpError(404, 'E_NOT_FOUND', 'no such API endpoint');
  }

  async function upload(req: IncomingMessage, res: ServerResponse, pid: string, rawName: string | null): Promise<void> {
    const name = safeFileName(rawName ?? undefined);
    if (!name) throw new HttpError(400, 'E_BAD_NAME', 'a plain file name is required (?name=data.csv): no folders, no leading dot, at most 120 characters');
    const lower = name.toLowerCase();
    const ext = lower.slice(lower.lastIndexOf('.'));
    if (!(TABLE_EXTENSIONS as readonly string[]).includes(ext) && !(OTHER_EXTENSIONS as readonly string[]).includes(ext)) {
      throw new HttpError(
        415,
        'E_FILE_FORMAT',
        `unsupported file type "${ext}" (supported: ${[...TABLE_EXTENSIONS, ...OTHER_EXTENSIONS].join(', ')})`,
        'save the data as .xlsx or CSV UTF-8',
      );
    }
    const ct = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (
      ![
        'application/octet-stream',
        'text/csv',
        'text/plain',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/json',
        'application/geo+json',
      ].includes(ct)
    ) {
      throw new HttpError(415, 'E_CONTENT_TYPE', 'upload the file bytes as the request body with Content-Type: application/octet-stream');
    }
    await store.getProject(pid);
    const bytes = await readBody(req, limits.maxUploadBytes);
    let pv: Preview | undefined;
    if (ext === '.xlsx') checkZip(bytes, name, limits.zip);
    if ((TABLE_EXTENSIONS as readonly string[]).includes(ext)) pv = await preview(bytes, name);
    let info: Awaited<ReturnType<typeof store.putFile>>;
    try {
      info = await store.putFile(pid, name, bytes, pv?.encoding ?? null, limits.maxFilesPerProject);
    } catch (e) {
      if (e instanceof NqpfError && e.code === 'E_DISK_FULL') {
        log(`nqpf serve: upload "${name}" (${bytes.length} bytes) not saved: no space left on the disk of ${dataDir}`);
        throw new HttpError(
          507,
          'E_DISK_FULL',
          `upload "${name}" not saved: the disk is full (no space left in the workbench's data directory)`,
          'free some disk space and upload the file again; files saved before are intact',
        );
      }
      throw e;
    }
    return sendJson(res, 201, { file: info, preview: pv ?? null });
  }

  function preview(bytes: Uint8Array, name: string): Promise<Preview> {
    return runWorker<Preview>(
      'preview-worker',
      { bytes, name, zipLimits: limits.zip },
      {
        timeoutMs: limits.previewTimeoutMs,
        loadTimeoutMs: 120_000,
        resourceLimits: { maxOldGenerationSizeMb: limits.previewHeapMb, maxYoungGenerationSizeMb: 32 },
      },
    );
  }

  async function listOutputs(rec: RunRecord): Promise<{ name: string; size: number }[]> {
    const dir = join(runs.runDir(rec.project_id, rec.run_id), 'out');
    try {
      const names = (await readdir(dir, { withFileTypes: true }))
        .filter((x) => x.isFile())
        .map((x) => x.name)
        .sort();
      return Promise.all(names.map(async (nm) => ({ name: nm, size: (await stat(join(dir, nm))).size })));
    } catch {
      return [];
    }
  }

  function sse(req: IncomingMessage, res: ServerResponse, pid: string, rid: string, rec: RunRecord): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    const write = (ev: unknown) => res.write(`data: ${JSON.stringify(ev)}\n\n`);
    const unsubscribe = runs.subscribe(pid, rid, (ev) => {
      write(ev);
      if (ev.type === 'end') res.end();
    });
    if (!unsubscribe) {
      // Not live in this process: report the stored outcome and end.
      write({ type: 'status', status: rec.status, message: rec.error ?? undefined });
      write({ type: 'end' });
      res.end();
      return;
    }
    req.on('close', unsubscribe);
  }

  async function jsonBody(req: IncomingMessage, allowEmpty = false): Promise<Record<string, unknown>> {
    const ct = String(req.headers['content-type'] ?? '');
    const bytes = await readBody(req, limits.maxJsonBytes, !/^application\/json\s*(;|$)/i.test(ct) && !(allowEmpty && req.headers['content-length'] === '0'));
    if (bytes.length === 0 && allowEmpty) return Object.create(null) as Record<string, unknown>;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
      throw new HttpError(400, 'E_BAD_JSON', 'the request body starts with a byte order mark (BOM); send plain UTF-8 JSON');
    let v: unknown;
    try {
      v = safeJsonParse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw new HttpError(400, 'E_BAD_JSON', 'the request body is not valid JSON');
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'E_BAD_JSON', 'the request body must be a JSON object');
    return v as Record<string, unknown>;
  }

  /** Read a request body up to `max` bytes (413 beyond, checked first; 415 when `wrongType`). */
  function readBody(req: IncomingMessage, max: number, wrongType = false): Promise<Buffer> {
    return new Promise((resolveBody, reject) => {
      // Size first: an oversized body is 413 whatever its type.
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > max) {
        req.resume();
        reject(tooLarge(max));
        return;
      }
      if (wrongType) {
        req.resume();
        reject(new HttpError(415, 'E_CONTENT_TYPE', 'Content-Type must be application/json'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      req.on('data', (ch: Buffer) => {
        if (done) return;
        size += ch.length;
        if (size > max) {
          done = true;
          chunks.length = 0;
          reject(tooLarge(max));
          req.resume();
          return;
        }
        chunks.push(ch);
      });
      req.on('end', () => {
        if (!done) {
          done = true;
          resolveBody(Buffer.concat(chunks));
        }
      });
      req.on('error', (e) => {
        if (!done) {
          done = true;
          reject(e);
        }
      });
    });
  }

  await new Promise<void>((ok, bad) => {
    server.once('error', bad);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', bad);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(port, host);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${port}`;
  let closing: Promise<void> | undefined;
  await writeServing(dataDir, `${origin}/?token=${token}`);
  return {
    origin,
    url: `${origin}/?token=${token}`,
    token,
    port,
    server,
    store,
    runs,
    close() {
      closing ??= (async () => {
        await new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        });
        await runs.stopAll();
        await store.close();
        await removeServing(dataDir);
      })();
      return closing;
    },
  };
}

// ------------------------------------------------------------------ helpers

/** Number of Host header lines (Node keeps only the first in `req.headers`). */
function hostCount(rawHeaders: string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === 'host') n++;
  return n;
}

function methodNotAllowed(): HttpError {
  return new HttpError(405, 'E_METHOD', 'method not allowed');
}

function tooLarge(max: number): HttpError {
  return new HttpError(
    413,
    'E_TOO_LARGE',
    `request body larger than ${max >= 1048576 ? `${Math.round(max / 1048576)} MB` : `${max} bytes`}`,
    'upload a smaller file',
  );
}

function checkName(s: string | undefined): string {
  const n = safeFileName(s);
  if (!n) throw new HttpError(400, 'E_BAD_NAME', 'bad file name');
  return n;
}

function stringField(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = Object.hasOwn(body, key) ? body[key] : undefined;
  if (v === undefined || v === null) {
    if (required) throw new HttpError(400, 'E_BAD_REQUEST', `"${key}" (string) is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw new HttpError(400, 'E_BAD_REQUEST', `"${key}" must be a string`);
  return v;
}

function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A run as the API shows it: no server paths. */
function publicRun(r: RunRecord): Omit<RunRecord, 'out_dir'> {
  const { out_dir: _omit, ...rest } = r;
  void _omit;
  return rest;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body));
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', buf.length);
  res.end(buf);
}

function sendBody(res: ServerResponse, req: IncomingMessage, status: number, type: string, buf: Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', buf.length);
  res.end(req.method === 'HEAD' ? undefined : buf);
}

function sendFile(res: ServerResponse, req: IncomingMessage, file: string, size: number, type: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', size);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const s = createReadStream(file);
  s.on('error', () => res.destroy());
  s.pipe(res);
}

function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  let status = 500;
  let body: Record<string, unknown>;
  if (e instanceof HttpError) {
    status = e.status;
    body = { code: e.code, message: e.message, hint: e.hint };
  } else if (e instanceof NqpfError) {
    status = STATUS_OF[e.code] ?? 400;
    body = { code: e.code, message: e.message, hint: e.hint, location: e.location };
    if (e.code === 'E_CONFLICT') body.currentVersion = (e.data as { currentVersion?: number }).currentVersion;
  } else {
    body = { code: 'E_INTERNAL', message: 'internal server error' };
  }
  if (!res.getHeader('Content-Security-Policy')) for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  res.removeHeader('Content-Disposition');
  res.removeHeader('Set-Cookie');
  sendJson(res, status, { error: body });
}
