import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { raw } from './helpers.js';

const CHILD = resolve(import.meta.dirname, 'fixtures/serve-child.mjs');

/** Start the server as a child process; resolves with its port and token once it listens. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; port: number; token: string }> {
  return new Promise((ok, bad) => {
    const child = spawn(process.execPath, [CHILD, dataDir], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) ok({ child, ...JSON.parse(out.slice(0, nl)) });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => bad(new Error(`child exited (${code}): ${err}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGKILL');
  });
}

describe('workbench store durability', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('data saved before a SIGKILL is read back after a restart (DuckDB WAL); the version keeps counting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nqpf-wb-kill-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const a = await startChild(dataDir);
    const h = (tok: string, json = true) => ({ Authorization: `Bearer ${tok}`, ...(json ? { 'Content-Type': 'application/json' } : {}) });
    let id = '';
    try {
      const c = await raw(a.port, 'POST', '/api/projects', { headers: h(a.token), body: JSON.stringify({ name: '断电测试', spec_yaml: 'title: before' }) });
      expect(c.status).toBe(201);
      id = c.json().id;
      const u = await raw(a.port, 'PUT', `/api/projects/${id}`, { headers: h(a.token), body: JSON.stringify({ version: 1, spec_yaml: 'title: after' }) });
      expect(u.status).toBe(200);
      const f = await raw(a.port, 'POST', `/api/projects/${id}/files?name=d.csv`, {
        headers: { ...h(a.token, false), 'Content-Type': 'application/octet-stream' },
        body: 'u,x\nA,1\n',
      });
      expect(f.status).toBe(201);
    } finally {
      await killed(a.child);
    }
    expect(a.child.signalCode).toBe('SIGKILL');
    const b = await startChild(dataDir);
    try {
      expect(b.token).not.toBe(a.token); // a new token per launch
      expect((await raw(b.port, 'GET', `/api/projects/${id}`, { headers: h(a.token) })).status).toBe(401);
      const g = await raw(b.port, 'GET', `/api/projects/${id}`, { headers: h(b.token) });
      expect(g.status).toBe(200);
      expect(g.json()).toMatchObject({ name: '断电测试', spec_yaml: 'title: after', version: 2 });
      expect(g.json().files.map((x: { name: string; size: number }) => [x.name, x.size])).toEqual([['d.csv', 8]]);
      const stale = await raw(b.port, 'PUT', `/api/projects/${id}`, { headers: h(b.token), body: JSON.stringify({ version: 1, name: 'x' }) });
      expect(stale.status).toBe(409);
      expect(stale.json().error.currentVersion).toBe(2);
    } finally {
      await killed(b.child);
    }
  });
});
