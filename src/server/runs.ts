/**
 * Runs of workbench projects. A run materialises the project (spec as `nqpf.yaml` + every
 * uploaded file) into `<data dir>/runs/<project>/<run>/input/`, executes `runProject` in a worker
 * thread with a time, heap and memory limit, writes the outputs to `…/<run>/out/`, and records
 * status, error, seed and provenance in the store. A failed run stores its error (with server
 * paths removed); the project itself is never modified by a run.
 *
 * At most `maxConcurrent` runs execute at once; later ones wait, `queued`, in order of arrival (at
 * most `maxQueued` of them; beyond, `E_BUSY` → HTTP 429).
 *
 * Progress is kept in memory per run (a list of events that Server-Sent-Events listeners and the
 * poll endpoint read); the durable record is the store's `runs` row.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { NqpfError, fail, isErrorCode, type Location } from '../core/errors.js';
import { VERSION } from '../version.js';
import { runMemoryError } from './memory-guard.js';
import { safeFileName } from './security.js';
import { SpecWorkers } from './spec-workers.js';
import { checkSpecForProject, precheckSpecText, specFileRefs, type ValidateResult } from './spec-check.js';
import type { ProjectStore, RunRecord } from './store.js';
import { errorMessage, runWorker } from './workers.js';

export { checkSpecForProject, specFileRefs };

/** One progress event of a run (also the SSE `data`). */
export interface RunEvent {
  type: 'status' | 'progress' | 'warning' | 'info' | 'end';
  status?: string;
  phase?: string;
  done?: number;
  total?: number;
  message?: string;
  code?: string;
}

interface LiveRun {
  events: RunEvent[];
  listeners: Set<(e: RunEvent) => void>;
  abort: AbortController;
  finished: boolean;
  promise: Promise<void>;
}

/** Limits of {@link RunManager}. */
export interface RunLimits {
  /** Wall-clock limit of one run (default 10 min). */
  timeoutMs: number;
  /** Old-generation heap of the run worker in MB (default 2048). */
  maxHeapMb: number;
  /**
   * Memory cap of one run in MB, counting ArrayBuffer/typed-array memory that the heap limit does
   * not see (default: 2048, at most half of the machine's memory; `NQPF_RUN_MEMORY_MB` overrides).
   * Beyond it the run stops with `E_RUN_MEMORY`.
   */
  maxMemoryMb: number;
  /** Runs executing at once over all projects (default: the number of cores; `NQPF_MAX_RUNS` overrides). Later runs wait as `queued`. */
  maxConcurrent: number;
  /** Runs waiting (`queued`) beyond those executing (default 8); more → `E_BUSY` (HTTP 429). */
  maxQueued: number;
  /** Most robustness threads per run (default 2); the count is chosen from the job below it (app/run-project.ts, maxWorkers). */
  workers: number;
  /** Time limit of checking a spec (parse + validate, in a worker) in ms (default 10 s). */
  specTimeoutMs: number;
}

function envInt(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  const n = Number(v);
  return n > 0 ? n : undefined;
}

export const DEFAULT_RUN_LIMITS: Readonly<RunLimits> = Object.freeze({
  timeoutMs: 10 * 60_000,
  maxHeapMb: 2048,
  maxMemoryMb: envInt('NQPF_RUN_MEMORY_MB') ?? Math.max(256, Math.min(2048, Math.floor(totalmem() / 1048576 / 2))),
  maxConcurrent: envInt('NQPF_MAX_RUNS') ?? Math.max(1, availableParallelism()),
  maxQueued: 8,
  workers: 2,
  specTimeoutMs: 10_000,
});

/**
 * Check spec text in the spec worker (parse + validate; with `fileNames` also the uploaded-file
 * check) under a time, heap and stack limit; size and nesting depth are checked here first,
 * without parsing. Never blocks the server's event loop; rejects only when the worker fails
 * (`E_TIMEOUT`, `E_WORKER_MEMORY`, `E_WORKER`).
 */
export async function checkSpecInWorker(
  text: string,
  fileNames: readonly string[] | undefined,
  timeoutMs: number,
  workers: SpecWorkers,
): Promise<ValidateResult> {
  const early = precheckSpecText(text);
  if (early) return early;
  // Loading the worker's modules is not the spec's doing: the time limit counts from the worker's start-up
  // (a busy machine must not turn it into E_TIMEOUT); a worker that answered is kept for the next check.
  return workers.check(text, fileNames ? [...fileNames] : undefined, timeoutMs);
}

/**
 * Text that crossed the worker boundary with server paths removed: the run's input directory
 * (holding copies of the uploads) is dropped, so `<dir>/input/data.csv` reads `data.csv`; any
 * other path inside the data directory becomes `<data dir>/…`.
 */
export function scrubPaths(text: string, inputDir: string, dataDir: string): string {
  let out = text;
  for (const [from, to] of [
    [inputDir + sep, ''],
    [inputDir, '.'],
    [dataDir, '<data dir>'],
  ] as const) {
    out = out.split(from).join(to);
  }
  return out;
}

/** Starts runs, tracks their progress, records their outcome. */
export class RunManager {
  private readonly live = new Map<string, LiveRun>();
  /** Runs executing or reserved (counted synchronously, before any await: no race between requests). */
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** The spec-check workers of this server (kept between checks: ./spec-workers.ts). */
  readonly specWorkers = new SpecWorkers();

  constructor(
    private readonly store: ProjectStore,
    private readonly dataDir: string,
    private readonly limits: RunLimits = DEFAULT_RUN_LIMITS,
  ) {}

  private key(projectId: string, runId: string): string {
    return `${projectId}/${runId}`;
  }

  /** Directory of a run (inside the data dir). */
  runDir(projectId: string, runId: string): string {
    return join(this.runsRoot(), projectId, runId);
  }

  runsRoot(): string {
    return resolve(this.dataDir, 'runs');
  }

  /** Number of runs executing. */
  running(): number {
    return this.active;
  }

  /** Number of runs waiting for a slot. */
  queued(): number {
    return this.waiting.length;
  }

  /** Wait for a free slot (FIFO); resolves false when aborted while waiting. */
  private acquire(signal: AbortSignal): Promise<boolean> {
    if (this.active < this.limits.maxConcurrent) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise((ok) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        this.active++;
        ok(true);
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        ok(false);
      };
      this.waiting.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) next();
  }

  /**
   * Create the run record and start the run in the background: at once when fewer than
   * `maxConcurrent` runs execute, else after the runs queued before it. Fails with `E_BUSY` when
   * `maxQueued` runs already wait. The returned record is `queued`.
   */
  async start(projectId: string, seed: number | undefined): Promise<RunRecord> {
    let pending = 0;
    for (const r of this.live.values()) if (!r.finished) pending++;
    if (pending >= this.limits.maxConcurrent + this.limits.maxQueued) {
      fail('E_BUSY', `too many runs: ${this.limits.maxConcurrent} running and ${this.limits.maxQueued} waiting (the limit)`, {
        hint: 'wait for a run to finish and try again',
      });
    }
    // Reserve the place before the first await, so that simultaneous requests see each other.
    const reservation: LiveRun = {
      events: [{ type: 'status', status: 'queued' }],
      listeners: new Set(),
      abort: new AbortController(),
      finished: false,
      promise: Promise.resolve(),
    };
    const tmpKey = `${projectId}/\0pending-${Math.random()}`;
    this.live.set(tmpKey, reservation);
    try {
      await this.store.getProject(projectId); // 404 before anything is created
      const placeholder = join(this.runsRoot(), projectId);
      const rec = await this.store.createRun(projectId, seed ?? null, placeholder);
      const dir = this.runDir(projectId, rec.run_id);
      await this.store.updateRun(projectId, rec.run_id, { status: 'queued', out_dir: join(dir, 'out') });
      this.live.delete(tmpKey);
      this.live.set(this.key(projectId, rec.run_id), reservation);
      reservation.promise = this.execute(projectId, rec.run_id, dir, seed, reservation);
      return { ...rec, status: 'queued', out_dir: join(dir, 'out') };
    } catch (e) {
      this.live.delete(tmpKey);
      throw e;
    }
  }

  private emit(live: LiveRun, e: RunEvent): void {
    live.events.push(e);
    if (live.events.length > 500) live.events.splice(1, live.events.length - 500);
    for (const l of live.listeners) l(e);
  }

  private async execute(projectId: string, runId: string, dir: string, seed: number | undefined, live: LiveRun): Promise<void> {
    const input = join(dir, 'input');
    let slot = false;
    try {
      slot = await this.acquire(live.abort.signal);
      if (!slot) throw new NqpfError('E_ABORTED', 'stopped on request');
      const started = new Date().toISOString();
      const project = await this.store.getProject(projectId);
      const files = await this.store.getFiles(projectId);
      const check = await checkSpecInWorker(
        project.spec_yaml,
        files.map((f) => f.name),
        this.limits.specTimeoutMs,
        this.specWorkers,
      );
      if (!check.ok) {
        const first = check.errors[0];
        throw new NqpfError(
          isErrorCode(first.code) ? first.code : 'E_SPEC',
          check.errors.map((x) => (x.path ? `${x.path}: ${x.message}` : x.message)).join('\n  '),
          { hint: first.hint, location: { file: 'nqpf.yaml', path: first.path, row: first.row } },
        );
      }
      const out = join(dir, 'out');
      await mkdir(input, { recursive: true });
      const specPath = join(input, 'nqpf.yaml');
      await writeFile(specPath, project.spec_yaml);
      for (const f of files) {
        const name = safeFileName(f.name);
        if (!name) continue;
        await writeFile(join(input, name), f.bytes);
      }
      await this.store.updateRun(projectId, runId, { status: 'running' });
      this.emit(live, { type: 'status', status: 'running' });
      const capMb = this.limits.maxMemoryMb;
      const scrub = (t: string) => scrubPaths(t, input, this.dataDir);
      const result = await runWorker<{
        seed: number;
        outDir: string;
        files: string[];
        inputs: { role: string; path: string; sha256: string; encoding?: string }[];
        warnings: { code: string; message: string }[];
      }>(
        'run-worker',
        { specPath, out, seed, workers: this.limits.workers, memoryCapMb: capMb },
        {
          timeoutMs: this.limits.timeoutMs,
          resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 64 },
          signal: live.abort.signal,
          // Backstop for memory the worker's own check cannot see in time (a loop that never yields).
          memoryCapBytes: Math.round(capMb * 1.25 * 1048576) + 128 * 1048576,
          memoryError: () => runMemoryError(capMb),
          onMessage: (m) => {
            const msg = m as { type?: string; phase?: string; done?: number; total?: number; warning?: { code: string; message: string }; message?: string };
            if (msg.type === 'progress') this.emit(live, { type: 'progress', phase: msg.phase, done: msg.done, total: msg.total });
            else if (msg.type === 'warning' && msg.warning)
              this.emit(live, { type: 'warning', code: msg.warning.code, message: scrub(String(msg.warning.message)) });
            else if (msg.type === 'info' && typeof msg.message === 'string') this.emit(live, { type: 'info', message: scrub(msg.message) });
          },
        },
      );
      const provenance = {
        nqpf: VERSION,
        seed: result.seed,
        specSha256: createHash('sha256').update(project.spec_yaml).digest('hex'),
        projectVersion: project.version,
        title: check.title ?? null,
        inputs: result.inputs.map((i) => ({ ...i, path: scrub(i.path) })),
        uploaded: files.map((f) => ({ name: f.name, sha256: f.sha256 })),
        outputs: result.files,
        warnings: result.warnings.map((w) => ({ code: w.code, message: scrub(w.message) })),
        started,
        finished: new Date().toISOString(),
      };
      await this.store.updateRun(projectId, runId, { status: 'succeeded', seed: result.seed, provenance, finished: true });
      this.emit(live, { type: 'status', status: 'succeeded' });
    } catch (e) {
      const err = errorMessage(e).error;
      let text: string;
      if (e instanceof NqpfError) {
        const loc: Location | undefined = e.location
          ? { ...e.location, file: e.location.file === undefined ? undefined : scrubPaths(e.location.file, input, this.dataDir) }
          : undefined;
        text = new NqpfError(e.code, e.message, { hint: e.hint, location: loc }).format();
      } else text = `internal error: ${err.message}`;
      text = scrubPaths(text, input, this.dataDir);
      try {
        await this.store.updateRun(projectId, runId, { status: 'failed', error: text, finished: true });
      } catch {
        /* store closed (server shutting down) */
      }
      this.emit(live, { type: 'status', status: 'failed', code: err.code, message: text });
    } finally {
      if (slot) this.release();
      live.finished = true;
      this.emit(live, { type: 'end' });
      live.listeners.clear();
    }
  }

  /** Events so far (undefined when the run is not live in this process, e.g. after a restart). */
  events(projectId: string, runId: string): RunEvent[] | undefined {
    return this.live.get(this.key(projectId, runId))?.events.slice();
  }

  /**
   * Subscribe to a run's events: `send` gets every past event, then each new one, ending with
   * `{type:'end'}`. Returns an unsubscribe function, or undefined when the run is not live.
   */
  subscribe(projectId: string, runId: string, send: (e: RunEvent) => void): (() => void) | undefined {
    const live = this.live.get(this.key(projectId, runId));
    if (!live) return undefined;
    for (const e of live.events) send(e);
    if (live.finished) return () => undefined;
    live.listeners.add(send);
    return () => live.listeners.delete(send);
  }

  /** Wait for a run to finish (tests, shutdown). */
  async wait(projectId: string, runId: string): Promise<void> {
    await this.live.get(this.key(projectId, runId))?.promise;
  }

  /** Stop every run of a project (before it is deleted) and remove its run directories. */
  async dropProject(projectId: string): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const [k, live] of this.live) {
      if (k.startsWith(`${projectId}/`)) {
        live.abort.abort();
        waits.push(live.promise);
        this.live.delete(k);
      }
    }
    await Promise.all(waits);
    const dir = resolve(this.runsRoot(), projectId);
    if (dir.startsWith(this.runsRoot() + sep)) await rm(dir, { recursive: true, force: true });
  }

  /** Stop all runs (server shutdown). */
  async stopAll(): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const live of this.live.values()) {
      if (!live.finished) live.abort.abort();
      waits.push(live.promise);
    }
    await Promise.all([...waits, this.specWorkers.close()]);
  }
}
