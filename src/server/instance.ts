/**
 * One workbench per data directory. The project store (DuckDB) locks its file, so a second
 * `nqpf serve` on the same folder cannot open it; instead of DuckDB's "Could not set lock … (PID
 * n)" it says `E_WORKBENCH_BUSY`: which folder, which process, and the URL of the workbench that
 * holds it. That URL comes from a small file the running workbench keeps in its data directory
 * (`serving.json`: URL with its token, PID; readable by the owner only) and removes when it stops.
 * A file left by a workbench that was killed is ignored: it is read only while the lock is held,
 * and only when its PID is the lock holder's.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NqpfError } from '../core/errors.js';

/** Name of the file that tells a second workbench where the first one is. */
export const SERVING_FILE = 'serving.json';

/** What the running workbench writes into {@link SERVING_FILE}. */
export interface ServingInfo {
  url: string;
  pid: number;
}

/** Record that this process serves `dataDir` at `url` (owner-only file). Best effort: a read-only folder only loses the hint. */
export async function writeServing(dataDir: string, url: string): Promise<void> {
  const info: ServingInfo = { url, pid: process.pid };
  await writeFile(join(dataDir, SERVING_FILE), `${JSON.stringify(info)}\n`, { mode: 0o600 }).catch(() => undefined);
}

/** Remove {@link SERVING_FILE} when it is this process's. */
export async function removeServing(dataDir: string): Promise<void> {
  const cur = await readServing(dataDir);
  if (cur && cur.pid === process.pid) await rm(join(dataDir, SERVING_FILE), { force: true }).catch(() => undefined);
}

/** The running workbench's record, or undefined (absent, unreadable, malformed). */
export async function readServing(dataDir: string): Promise<ServingInfo | undefined> {
  try {
    const v = JSON.parse(await readFile(join(dataDir, SERVING_FILE), 'utf8')) as Partial<ServingInfo>;
    return typeof v.url === 'string' && /^https?:\/\//.test(v.url) && Number.isInteger(v.pid) ? { url: v.url, pid: v.pid as number } : undefined;
  } catch {
    return undefined;
  }
}

/** The PID in DuckDB's lock error ("Could not set lock on file … Conflicting lock is held in … (PID 1991)"), null when the error is not a lock conflict. */
export function lockHolder(e: unknown): { pid?: number } | null {
  const msg = e instanceof Error ? e.message : String(e);
  if (!/Could not set lock|Conflicting lock/i.test(msg)) return null;
  const m = /\(PID (\d+)\)/.exec(msg);
  return m ? { pid: Number(m[1]) } : {};
}

/** The `E_WORKBENCH_BUSY` error for `dataDir` after the lock error `e`, with the URL of the workbench that holds it when known. */
export async function busyError(dataDir: string, holder: { pid?: number }): Promise<NqpfError> {
  const s = await readServing(dataDir);
  const url = s && (holder.pid === undefined || s.pid === holder.pid) ? s.url : undefined;
  const pid = holder.pid ?? s?.pid;
  return new NqpfError(
    'E_WORKBENCH_BUSY',
    `another nqpf workbench${pid ? ` (PID ${pid})` : ''} is using the data directory ${dataDir}${url ? `; it is open at ${url}` : ''}`,
    {
      hint: `${url ? 'open that URL in the browser, or ' : ''}stop the other workbench (Ctrl+C in its terminal), or start this one on another folder with --data-dir <dir>`,
      data: { dataDir, url, pid },
    },
  );
}
