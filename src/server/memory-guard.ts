/**
 * The memory cap of a workbench run, checked inside the run worker: the worker's V8 heap plus its
 * external memory (ArrayBuffers and typed arrays, which V8's heap limit does not count). The
 * parent's sampling of the process's resident memory (./workers.ts) is the backstop for work that
 * never returns to the worker's event loop.
 */
import { NqpfError } from '../core/errors.js';

/** Memory this thread holds: heap used + external (external includes ArrayBuffers). */
export function memoryInUse(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** The error of a run stopped at the memory cap (documented in docs/workbench.md). */
export function runMemoryError(capMb: number): NqpfError {
  return new NqpfError('E_RUN_MEMORY', `stopped: the run needed more than ${capMb} MB of memory (the workbench's limit per run)`, {
    hint:
      'reduce the work (fewer robustness replications or sensitivity samples, a smaller file), use `nqpf run` on the ' +
      'command line, or raise the limit: start the workbench with NQPF_RUN_MEMORY_MB=<megabytes> nqpf serve',
  });
}

/**
 * Check `memoryInUse()` against `capMb` every `intervalMs` and whenever `check()` is called (the
 * run's progress callbacks); on the first excess call `onExceed` once.
 */
export function installMemoryGuard(capMb: number, onExceed: (e: NqpfError) => void, intervalMs = 200): { check(): void; stop(): void } {
  const cap = capMb * 1024 * 1024;
  let fired = false;
  const check = () => {
    if (!fired && memoryInUse() > cap) {
      fired = true;
      onExceed(runMemoryError(capMb));
    }
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
