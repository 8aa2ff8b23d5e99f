import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/serve.js';
import { safeJsonParse, safeRelativePath, safeFileName, originAllowed, allowedHosts } from '../../src/server/security.js';
import { raw, startTestServer, type TestServer } from './helpers.js';

const SECRET = 'TOP-SECRET-CONTENT-9f2c';

describe('workbench server security', () => {
  let t: TestServer;
  let outside: string;
  beforeAll(async () => {
    outside = await mkdtemp(join(tmpdir(), 'nqpf-wb-static-'));
    const root = join(outside, 'app');
    await mkdir(root);
    await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(join(root, 'app.js'), 'console.log(1)');
    await writeFile(join(outside, 'secret.txt'), SECRET);
    await symlink(join(outside, 'secret.txt'), join(root, 'link.txt'));
    await symlink(outside, join(root, 'linkdir'));
    t = await startTestServer({ staticDir: root, limits: { maxUploadBytes: 65536, maxFilesPerProject: 2, maxJsonBytes: 2048 } });
  });
  afterAll(async () => {
    await t.stop();
    await rm(outside, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 by default', () => {
    const a = t.s.server.address();
    expect(typeof a === 'object' && a?.address).toBe('127.0.0.1');
    expect(t.s.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${t.s.port}/\\?token=[0-9a-f]{64}$`));
  });

  it('serveCommand warns when --host is not loopback, and not for 127.0.0.1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nqpf-wb-serve-'));
    try {
      const lines: string[] = [];
      const a = await serveCommand({ port: 0, dataDir: join(dir, 'a'), host: '127.0.0.1', open: false, log: (l) => lines.push(l) });
      expect(lines.some((l) => /warning/i.test(l))).toBe(false);
      expect(lines.join('\n')).toContain(a.url);
      await a.close();
      const lines2: string[] = [];
      const b = await serveCommand({ port: 0, dataDir: join(dir, 'b'), host: '0.0.0.0', open: false, log: (l) => lines2.push(l) });
      expect(lines2[0]).toMatch(/^warning: binding to 0\.0\.0\.0/);
      await b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('Host allow-list: a foreign Host (DNS rebinding) gets 421; 127.0.0.1, localhost and [::1] with the port pass', async () => {
    const auth = { Authorization: `Bearer ${t.s.token}` };
    for (const host of ['evil.example', `evil.example:${t.s.port}`, `127.0.0.1:${t.s.port + 1}`, '127.0.0.1', `localhost.evil.example:${t.s.port}`]) {
      const r = await raw(t.s.port, 'GET', '/api/projects', { headers: { ...auth, Host: host } });
      expect(r.status, host).toBe(421);
      expect(r.text).not.toContain(t.s.token);
    }
    const r0 = await raw(t.s.port, 'GET', '/', { headers: { Host: 'evil.example' } });
    expect(r0.status).toBe(421);
    expect(r0.text).not.toContain('<title>app');
    for (const host of [`127.0.0.1:${t.s.port}`, `localhost:${t.s.port}`, `[::1]:${t.s.port}`, `LOCALHOST:${t.s.port}`]) {
      const r = await raw(t.s.port, 'GET', '/api/projects', { headers: { ...auth, Host: host } });
      expect(r.status, host).toBe(200);
    }
  });

  it('API without a token, with a wrong token or a wrong cookie → 401 (no data, no token echoed)', async () => {
    await t.call('POST', '/api/projects', { name: 'private project name' });
    for (const headers of <Record<string, string>[]>[
      {},
      { Authorization: 'Bearer wrong' },
      { Authorization: `Bearer ${t.s.token}x` },
      { Cookie: 'nqpf_token=nope' },
      { Authorization: `Basic ${t.s.token}` },
    ]) {
      const r = await raw(t.s.port, 'GET', '/api/projects', { headers });
      expect(r.status).toBe(401);
      expect(r.json().error.code).toBe('E_TOKEN');
      expect(r.text).not.toContain('private project name');
      expect(r.text).not.toContain(t.s.token);
    }
  });

  it('the tokened URL sets an HttpOnly SameSite=Strict cookie that authenticates GETs; a wrong token sets none', async () => {
    const r = await raw(t.s.port, 'GET', `/?token=${t.s.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`nqpf_token=${t.s.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const ok = await raw(t.s.port, 'GET', '/api/projects', { headers: { Cookie: `nqpf_token=${t.s.token}` } });
    expect(ok.status).toBe(200);
    const bad = await raw(t.s.port, 'GET', '/?token=abc');
    expect(bad.status).toBe(401);
    expect(bad.headers['set-cookie']).toBeUndefined();
  });

  it('Origin check: state-changing requests from another origin, or cookie-only without Origin, → 403', async () => {
    const cookie = { Cookie: `nqpf_token=${t.s.token}`, 'Content-Type': 'application/json' };
    const body = JSON.stringify({ name: 'x' });
    const bad: Record<string, string>[] = [
      { ...cookie, Origin: 'http://evil.example' },
      { ...cookie, Origin: `http://evil.example:${t.s.port}` },
      { ...cookie, Origin: 'null' },
      { ...cookie, Origin: `https://127.0.0.1:${t.s.port}` },
      { ...cookie },
      { Authorization: `Bearer ${t.s.token}`, 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      { ...cookie, Origin: `http://127.0.0.1:${t.s.port}`, 'Sec-Fetch-Site': 'cross-site' },
    ];
    const before = (await t.call('GET', '/api/projects')).json().length;
    for (const headers of bad) {
      const r = await raw(t.s.port, 'POST', '/api/projects', { headers, body });
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.json().error.code).toBe('E_ORIGIN');
    }
    expect((await t.call('GET', '/api/projects')).json().length).toBe(before);
    for (const headers of <Record<string, string>[]>[
      { ...cookie, Origin: `http://127.0.0.1:${t.s.port}` },
      { ...cookie, Origin: `http://localhost:${t.s.port}` },
      { Authorization: `Bearer ${t.s.token}`, 'Content-Type': 'application/json' },
    ]) {
      const r = await raw(t.s.port, 'POST', '/api/projects', { headers, body });
      expect(r.status, JSON.stringify(headers)).toBe(201);
    }
    // DELETE needs it too
    const p = (await t.call('POST', '/api/projects', { name: 'del' })).json();
    const d = await raw(t.s.port, 'DELETE', `/api/projects/${p.id}`, { headers: { Cookie: `nqpf_token=${t.s.token}`, Origin: 'http://evil.example' } });
    expect(d.status).toBe(403);
    expect((await t.call('GET', `/api/projects/${p.id}`)).status).toBe(200);
  });

  it('security headers on API, static and error responses', async () => {
    const responses = [
      await t.call('GET', '/api/projects'),
      await raw(t.s.port, 'GET', '/'),
      await raw(t.s.port, 'GET', '/api/projects'),
      await raw(t.s.port, 'GET', '/nope.js'),
    ];
    for (const r of responses) {
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('static files are served from the app root; traversal, encoded and double-encoded separators, NUL, backslashes and symlinks out → 400/404 without content or paths', async () => {
    const ok = await raw(t.s.port, 'GET', '/app.js');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/javascript/);
    expect((await raw(t.s.port, 'GET', '/')).text).toContain('<title>app</title>');
    const attacks = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/..%252fsecret.txt',
      '/%252e%252e/secret.txt',
      '/index.html%00',
      '/index.html%00.js',
      '/..\\secret.txt',
      '/%5c..%5csecret.txt',
      '/link.txt',
      '/linkdir/secret.txt',
      `/${'%2e%2e/'.repeat(8)}etc/passwd`,
      '/.%2e/secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
    ];
    for (const p of attacks) {
      const r = await raw(t.s.port, 'GET', p);
      expect([400, 404], p).toContain(r.status);
      expect(r.text, p).not.toContain(SECRET);
      expect(r.text, p).not.toContain(outside);
      expect(r.text, p).not.toContain('root:');
    }
  });

  it('run output downloads refuse traversal (400/404) and never return the database', async () => {
    const p = (await t.call('POST', '/api/projects', { name: 'dl' })).json();
    for (const name of ['..%2f..%2fworkbench.duckdb', '%2e%2e', '..%252f..%252fworkbench.duckdb', 'a%00b', '..\\..\\workbench.duckdb']) {
      const r = await t.call('GET', `/api/projects/${p.id}/runs/x/files/${name}`);
      expect([400, 404], name).toContain(r.status);
      expect(r.text).not.toContain('DUCK');
      expect(r.text).not.toContain(t.dir);
    }
    const r = await t.call('GET', `/api/projects/${p.id}/files/..%2fx.csv`);
    expect(r.status).toBe(400);
  });

  it('JSON bodies with __proto__ / constructor / prototype keys do not pollute Object.prototype', async () => {
    const body = '{"name":"pp","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"nested":{"__proto__":{"polluted":"yes"}}}';
    const r = await t.call('POST', '/api/projects', body);
    expect(r.status).toBe(201);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const v = safeJsonParse('{"a":{"__proto__":{"x":1},"prototype":2,"constructor":3,"b":4}}') as { a: Record<string, unknown> };
    expect(Object.keys(v.a)).toEqual(['b']);
    expect(Object.getPrototypeOf(v.a)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const u = await t.call('PUT', `/api/projects/${r.json().id}`, '{"version":1,"__proto__":{"version":99,"polluted":1}}');
    expect(u.status).toBe(200);
    expect(u.json().version).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('uploaded columns named __proto__, constructor and prototype are previewed as plain names without pollution', async () => {
    const p = (await t.call('POST', '/api/projects', { name: 'cols' })).json();
    const csv = '__proto__,constructor,prototype,province,year,x\n1,2,3,北京,2020,1.5\n4,5,6,上海,2020,2.5\n';
    const r = await t.upload(p.id, 'pp.csv', csv);
    expect(r.status).toBe(201);
    const pv = r.json().preview;
    expect(pv.header).toEqual(['__proto__', 'constructor', 'prototype', 'province', 'year', 'x']);
    expect(pv.suggestions.unitColumn).toBe('province');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, '1')).toBe(false);
    // a spec with a __proto__ key validates without pollution
    const v = await t.call('POST', '/api/validate', {
      spec_yaml: '__proto__: {polluted: 1}\ndata: {file: a.csv, unit: u}\nframework: {builtin: nqpf-three-factor}\n',
    });
    expect(v.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('request bodies: JSON over the size limit → 413; non-JSON content type → 415; malformed JSON → 400', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(5000) });
    expect((await t.call('POST', '/api/projects', big)).status).toBe(413);
    const r = await t.call('POST', '/api/projects', JSON.stringify({ name: 'x' }), { 'Content-Type': 'text/plain' });
    expect(r.status).toBe(415);
    const f = await t.call('POST', '/api/projects', JSON.stringify({ name: 'x' }), { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(f.status).toBe(415);
    expect((await t.call('POST', '/api/projects', '{"name":')).status).toBe(400);
    expect((await t.call('POST', '/api/projects', '[1,2]')).status).toBe(400);
  });

  it('upload limits: a file over the size cap → 413; more files than the per-project cap → 413 (replacing is allowed)', async () => {
    const p = (await t.call('POST', '/api/projects', { name: 'limits' })).json();
    const r = await t.upload(p.id, 'big.csv', 'a,b\n' + '1,2\n'.repeat(20000));
    expect(r.status).toBe(413);
    expect((await t.call('GET', `/api/projects/${p.id}`)).json().files).toEqual([]);
    expect((await t.upload(p.id, 'a.csv', 'u,x\nA,1\n')).status).toBe(201);
    expect((await t.upload(p.id, 'b.csv', 'u,x\nA,1\n')).status).toBe(201);
    const third = await t.upload(p.id, 'c.csv', 'u,x\nA,1\n');
    expect(third.status).toBe(413);
    expect(third.json().error.code).toBe('E_TOO_MANY_FILES');
    expect((await t.upload(p.id, 'a.csv', 'u,x\nB,2\n')).status).toBe(201);
    for (const bad of ['../x.csv', '.hidden.csv', 'a/b.csv', 'a\\b.csv', 'x.exe', '__proto__']) {
      const u = await t.upload(p.id, bad, 'u,x\nA,1\n');
      expect([400, 415], bad).toContain(u.status);
    }
  });

  it('an XLSX zip bomb is refused with 413 before parsing, and nothing is stored', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/worksheets/sheet1.xml', new Uint8Array(20 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bytes.length).toBeLessThan(65536); // passes the upload size cap
    const p = (await t.call('POST', '/api/projects', { name: 'bomb' })).json();
    const r = await t.upload(p.id, 'bomb.xlsx', bytes);
    expect(r.status).toBe(413);
    expect(r.json().error.code).toBe('E_ZIP_BOMB');
    expect((await t.call('GET', `/api/projects/${p.id}`)).json().files).toEqual([]);
  });

  it('unit checks of the security helpers', () => {
    expect(safeRelativePath('a/b.js')).toEqual(['a', 'b.js']);
    expect(safeRelativePath('%E6%95%B0.csv')).toEqual(['数.csv']);
    for (const p of ['..', 'a/../b', '%2e%2e', 'a%2fb', 'a%252fb', 'a%00', 'a\\b', 'a//b', '%zz']) expect(safeRelativePath(p), p).toBeUndefined();
    expect(safeFileName('数据.csv')).toBe('数据.csv');
    for (const n of ['', '.', '..', '.env', 'a/b', 'a\\b', 'a\u0000b', 'constructor', 'x'.repeat(121)]) expect(safeFileName(n), n).toBeUndefined();
    const hosts = allowedHosts(8000, '127.0.0.1');
    expect(originAllowed('http://localhost:8000', false, hosts)).toBe(true);
    expect(originAllowed('http://localhost:8001', true, hosts)).toBe(false);
    expect(originAllowed(undefined, false, hosts)).toBe(false);
    expect(originAllowed(undefined, true, hosts)).toBe(true);
  });
});

describe('workbench preview worker limits', () => {
  it('parsing that exceeds the time limit is stopped (422 E_TIMEOUT) and the server keeps answering', async () => {
    const t = await startTestServer({ limits: { previewTimeoutMs: 1 } });
    try {
      const p = (await t.call('POST', '/api/projects', { name: 'slow' })).json();
      // Large enough that reading it takes far longer than the 1 ms limit even from compiled code
      // (the limit counts from the worker's 'started' message, once its modules are loaded).
      const body = `u,x\n${Array.from({ length: 200_000 }, (_, i) => `U${i},${i}`).join('\n')}\n`;
      const r = await t.upload(p.id, 'a.csv', body);
      expect(r.status).toBe(422);
      expect(r.json().error.code).toBe('E_TIMEOUT');
      expect((await t.call('GET', '/api/projects')).status).toBe(200);
    } finally {
      await t.stop();
    }
  });

  it('parsing that exceeds the heap limit is stopped (413 E_WORKER_MEMORY)', async () => {
    const t = await startTestServer({ limits: { previewHeapMb: 64 } });
    try {
      const p = (await t.call('POST', '/api/projects', { name: 'mem' })).json();
      const row = Array.from({ length: 40 }, (_, j) => `c${j}`).join(',');
      const lines = [row];
      for (let i = 0; i < 60000; i++) lines.push(Array.from({ length: 40 }, (_, j) => `v${i}_${j}`).join(','));
      const r = await t.upload(p.id, 'huge.csv', lines.join('\n'));
      expect(r.status).toBe(413);
      expect(r.json().error.code).toBe('E_WORKER_MEMORY');
      expect((await t.call('GET', `/api/projects/${p.id}`)).json().files).toEqual([]);
    } finally {
      await t.stop();
    }
  });
});
