import { describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { startTestServer } from './helpers.js';

describe('workbench: disk full during an upload', () => {
  it('answers 507 naming the upload and "disk full", logs it, and the store recovers by itself once space is back', async () => {
    let full = false;
    const logs: string[] = [];
    const t = await startTestServer({
      log: (l) => logs.push(l),
      storeFaults: {
        // Simulated ENOSPC: the write fails and the connection is left unusable, as DuckDB
        // invalidates a database after a failed write (so recovery needs a reopen, not a retry).
        beforeWrite: (_sql: string, conn: DuckDBConnection) => {
          if (!full) return;
          conn.closeSync();
          throw Object.assign(new Error('IO Error: Could not write file "/somewhere/workbench.duckdb.wal": No space left on device'), { code: 'ENOSPC' });
        },
      },
    });
    try {
      const p = (await t.call('POST', '/api/projects', { name: 'disk' })).json();
      expect((await t.upload(p.id, 'before.csv', 'u,x\nA,1\n')).status).toBe(201);
      full = true;
      const r = await t.upload(p.id, 'data.csv', 'u,x\nA,1\nB,2\n');
      expect(r.status).toBe(507);
      expect(r.json().error.code).toBe('E_DISK_FULL');
      expect(r.json().error.message).toBe('upload "data.csv" not saved: the disk is full (no space left in the workbench\'s data directory)');
      expect(r.text).not.toContain(t.dir);
      expect(r.text).not.toContain('/somewhere');
      expect(logs.some((l) => l.includes('data.csv') && l.includes('no space left') && l.includes(t.dir))).toBe(true);
      // still full: a later write fails the same way, reads of what was saved keep working
      expect((await t.call('POST', '/api/projects', { name: 'other' })).status).toBe(507);
      full = false; // space freed
      const got = await t.call('GET', `/api/projects/${p.id}`);
      expect(got.status).toBe(200);
      expect(got.json().files.map((f: { name: string }) => f.name)).toEqual(['before.csv']);
      expect((await t.upload(p.id, 'data.csv', 'u,x\nA,1\nB,2\n')).status).toBe(201);
      expect((await t.call('GET', `/api/projects/${p.id}/files/data.csv`)).text).toBe('u,x\nA,1\nB,2\n');
      expect(logs.some((l) => /reopened/.test(l))).toBe(true);
    } finally {
      full = false;
      await t.stop();
    }
  });
});
