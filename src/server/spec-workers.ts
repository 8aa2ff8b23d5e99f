/**
 * Spec checks in a worker thread (./spec-worker.ts) under a time, heap and stack limit, with the worker kept
 * for the next check. Starting one loads the spec schema's modules (every method and analysis registry: ≈ 1 s of
 * CPU, more on a busy machine), while checking an ordinary spec takes milliseconds, and the workbench checks the
 * spec after every edit. A worker that answered (a result or a validation error) waits, unreferenced, for the
 * next check of the same server; one that ran out of time or memory, crashed or exited is terminated and never
 * reused. Checks at the same time get workers of their own; one idle worker is kept, and stopped by `close()`.
 */
import type { Worker } from 'node:worker_threads';
import { NqpfError, type ErrorJSON } from '../core/errors.js';
import type { ValidateResult } from './spec-check.js';
import { spawn } from './workers.js';

/** Limit for loading a new worker's modules, before its `{type:'started'}` message. */
const LOAD_TIMEOUT_MS = 120_000;
const LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };

export class SpecWorkers {
  /** The worker waiting for the next check, if any. */
  private idle: Worker | undefined;
  private closed = false;

  private start(): Worker {
    const w = spawn('spec-worker', undefined, LIMITS);
    // An idle worker that fails or exits is dropped (while it works, the check's own handlers report it).
    w.on('error', () => undefined);
    w.on('exit', () => {
      if (this.idle === w) this.idle = undefined;
    });
    return w;
  }

  /**
   * Check `text` (with `fileNames`, also the uploaded-file check) in a spec worker; resolves with its result,
   * rejects with the check's own error, `E_TIMEOUT` after `timeoutMs` (counted from the moment the worker has its
   * modules), `E_WORKER_MEMORY` when the heap limit is hit, `E_WORKER` when the worker fails.
   */
  check(text: string, fileNames: string[] | undefined, timeoutMs: number): Promise<ValidateResult> {
    return new Promise<ValidateResult>((resolve, reject) => {
      const fresh = this.idle === undefined;
      const w = this.idle ?? this.start();
      this.idle = undefined;
      w.ref();
      let settled = false;
      const finish = (err: Error | undefined, value: ValidateResult | undefined, reusable: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (reusable && !this.closed && this.idle === undefined) {
          w.unref();
          this.idle = w;
        } else void w.terminate();
        if (err) reject(err);
        else resolve(value as ValidateResult);
      };
      const timeUp = () =>
        finish(
          new NqpfError('E_TIMEOUT', `stopped after the time limit of ${Math.round(timeoutMs / 1000)} s`, {
            hint: 'reduce the work (fewer robustness replications, a smaller file) and try again',
          }),
          undefined,
          false,
        );
      const send = () => {
        clearTimeout(timer);
        timer = setTimeout(timeUp, timeoutMs);
        w.postMessage({ text, fileNames });
      };
      const onMessage = (m: { type?: string; result?: ValidateResult; error?: ErrorJSON }) => {
        if (m?.type === 'started') send();
        else if (m?.type === 'done') finish(undefined, m.result, true);
        else if (m?.type === 'error') finish(m.error ? NqpfError.fromJSON(m.error) : new NqpfError('E_WORKER', 'worker failed'), undefined, true);
      };
      const onError = (e: Error & { code?: string }) => {
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
          finish(
            new NqpfError('E_WORKER_MEMORY', 'stopped: the memory limit was reached', {
              hint: 'the file or the analysis is too large for the workbench; use the command line (`nqpf run`)',
            }),
            undefined,
            false,
          );
        else finish(new NqpfError('E_WORKER', `worker failed: ${e.message}`), undefined, false);
      };
      const onExit = (code: number) => finish(new NqpfError('E_WORKER', `worker exited (code ${code}) before finishing`), undefined, false);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      let timer = setTimeout(timeUp, fresh ? LOAD_TIMEOUT_MS + timeoutMs : timeoutMs);
      if (!fresh) send();
    });
  }

  /** The thread id of the worker waiting for the next check (none: the next check starts one). */
  idleThreadId(): number | undefined {
    return this.idle?.threadId;
  }

  /** Stop the idle worker; later checks still run, each in a worker of its own. */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.idle;
    this.idle = undefined;
    await w?.terminate();
  }
}
