/**
 * Two `nqpf serve` on one data directory (issue 13): the second cannot open the locked project
 * store, and says so — E_WORKBENCH_BUSY with the folder, the first one's PID and URL (from the
 * `serving.json` the first keeps while it runs), in the CLI's language — instead of DuckDB's
 * "internal error: … Could not set lock". The first removes its record when it stops, after which
 * the folder is free again. Real processes (the CLI compiled as installed); every wait is on a
 * process event or an output line, never a fixed delay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledCli } from '../helpers/compiled-cli.js';
import { busyError, lockHolder, SERVING_FILE } from '../../src/server/instance.js';

let bin = '';
const children: ChildProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  bin = await compiledCli();
}, 180_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function serve(dir: string, lang: 'zh' | 'en'): ChildProcess {
  const c = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dir, '--no-open', '--lang', lang], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NQPF_LANG: '' },
  });
  children.push(c);
  return c;
}

/** Resolves with the URL the server prints once it listens; rejects when it exits first. */
function listening(c: ChildProcess): Promise<string> {
  return new Promise((ok, bad) => {
    let err = '';
    c.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /nqpf workbench: (\S+)/.exec(err);
      if (m) ok(m[1]);
    });
    c.once('exit', (code) => bad(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
}

/** Resolves with the exit code and everything written to stderr. */
function ended(c: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((ok) => {
    let err = '';
    c.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    c.once('exit', (code) => ok({ code, stderr: err }));
  });
}

describe('a second nqpf serve on the same data directory', () => {
  it('says another workbench uses the folder and gives its URL (en and zh); once the first stops, the folder is free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-serve-twice-'));
    dirs.push(dir);
    const first = serve(dir, 'en');
    const url = await listening(first);
    const record = JSON.parse(readFileSync(join(dir, SERVING_FILE), 'utf8'));
    expect(record).toEqual({ url, pid: first.pid });

    const en = await ended(serve(dir, 'en'));
    expect(en.code).toBe(1);
    expect(en.stderr).toContain(`another nqpf workbench (PID ${first.pid}) is using the data directory ${dir}; it is open at ${url}`);
    expect(en.stderr).toMatch(/hint: open that URL in the browser, or stop the other workbench .* --data-dir/);
    expect(en.stderr).not.toMatch(/internal error|Could not set lock/);

    const zh = await ended(serve(dir, 'zh'));
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('错误（E_WORKBENCH_BUSY）：另一个工作台正在使用该数据目录');
    expect(zh.stderr).toContain(`另一个 nqpf 工作台（PID ${first.pid}）正在使用数据目录 ${dir}，其网址为 ${url}`);
    expect(zh.stderr).not.toMatch(/internal error|Could not set lock/);

    // the first still serves: the failed starts did not remove its record
    expect(existsSync(join(dir, SERVING_FILE))).toBe(true);
    const stopped = ended(first);
    first.kill('SIGTERM');
    await stopped;
    expect(existsSync(join(dir, SERVING_FILE))).toBe(false);

    const third = serve(dir, 'en');
    const url3 = await listening(third);
    expect(url3).not.toBe(url);
    const done = ended(third);
    third.kill('SIGTERM');
    await done;
  }, 120_000);
});

describe('lockHolder / busyError', () => {
  it("reads the PID of DuckDB's lock error and ignores other errors", () => {
    const e = new Error('IO Error: Could not set lock on file "/d/workbench.duckdb": Conflicting lock is held in /usr/bin/node (PID 1991) by user u.');
    expect(lockHolder(e)).toEqual({ pid: 1991 });
    expect(lockHolder(new Error('IO Error: Could not set lock on file "x"'))).toEqual({});
    expect(lockHolder(new Error('disk full'))).toBeNull();
  });

  it('gives no URL when the record is another process’s (a workbench that was killed left it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-serve-stale-'));
    dirs.push(dir);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, SERVING_FILE), JSON.stringify({ url: 'http://127.0.0.1:1/?token=old', pid: 1 }));
    const e = await busyError(dir, { pid: 1991 });
    expect(e.code).toBe('E_WORKBENCH_BUSY');
    expect(e.message).toBe(`another nqpf workbench (PID 1991) is using the data directory ${dir}`);
    expect((await busyError(dir, { pid: 1 })).message).toContain('it is open at http://127.0.0.1:1/?token=old');
  });
});
