/** Test helpers for the workbench server: temp data dirs and raw HTTP requests to 127.0.0.1 (full control over Host/Origin headers). */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/app.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  json(): any;
}

/**
 * Send one request to 127.0.0.1:port, on a connection of its own (closed after it). Headers default to a valid
 * Host only. No connection is reused: Node's global agent keeps connections alive, and a request sent on one the
 * server is just closing for idleness (its keep-alive timeout, 5 s) fails with ECONNRESET — which happened on a
 * busy machine when a test spent seconds between two requests (building a 23 MB upload).
 */
export function raw(
  port: number,
  method: string,
  path: string,
  opts: { headers?: Record<string, string | number>; body?: string | Uint8Array } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Host: `127.0.0.1:${port}`, ...opts.headers };
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

/** A started server in a fresh temp data dir, plus authenticated request helpers. */
export interface TestServer {
  s: RunningServer;
  dir: string;
  /** Authenticated (Bearer) request; JSON bodies get Content-Type application/json. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string | number>): Promise<RawResponse>;
  upload(projectId: string, name: string, bytes: string | Uint8Array, headers?: Record<string, string | number>): Promise<RawResponse>;
  stop(): Promise<void>;
}

export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'nqpf-wb-'));
  const s = await startServer({ dataDir: join(dir, 'data'), port: 0, ...opts });
  const auth = { Authorization: `Bearer ${s.token}` };
  return {
    s,
    dir,
    call: (method, path, body, headers) =>
      raw(s.port, method, path, {
        headers: { ...auth, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    upload: (pid, name, bytes, headers) =>
      raw(s.port, 'POST', `/api/projects/${pid}/files?name=${encodeURIComponent(name)}`, {
        headers: { ...auth, 'Content-Type': 'application/octet-stream', ...headers },
        body: bytes,
      }),
    async stop() {
      await s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
