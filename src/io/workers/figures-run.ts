/**
 * The figures of a run directory, drawn on a worker thread (see ./figures-worker.ts). Same files,
 * byte for byte, as `writeFigures` on this thread: the worker runs that function on the same
 * inputs. Errors come back as they were thrown (NqpfError with code, location and hint).
 */
import { NqpfError, type ErrorJSON } from '../../core/errors.js';
import type { writeFigures } from '../write/figures.js';
import { spawnSiblingWorker } from './worker-spawn.js';

type Written = Awaited<ReturnType<typeof writeFigures>>;

export function writeFiguresOnWorker(dir: string, lang: 'zh' | 'en', opts: Parameters<typeof writeFigures>[3]): Promise<Written> {
  return new Promise<Written>((resolve, reject) => {
    const w = spawnSiblingWorker(import.meta.url, 'figures-worker', { workerData: { dir, lang, opts } });
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void w.terminate();
    };
    w.on('message', (m: { done?: Written; error?: ErrorJSON }) =>
      settle(() => (m.error ? reject(m.error.code !== 'E_INTERNAL' ? NqpfError.fromJSON(m.error) : new Error(m.error.message)) : resolve(m.done!))),
    );
    w.on('error', (e) => settle(() => reject(e)));
    w.on('exit', (code) => settle(() => reject(new Error(`figures worker exited with code ${code} before answering`))));
  });
}
