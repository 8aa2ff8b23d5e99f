/**
 * Runs of workbench projects. A run materialises the project (spec as `nqpf.yaml` + every
 * uploaded file) into `<data dir>/runs/<project>/<run>/input/`, executes `runProject` in a worker
 * thread with a time and heap limit, writes the outputs to `…/<run>/out/`, and records status,
 * error, seed and provenance in the store. A failed run stores its error; the project itself is
 * never modified by a run.
 *
 * Progress is kept in memory per run (a list of events that Server-Sent-Events listeners and the
 * poll endpoint read); the durable record is the store's `runs` row.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { NqpfError, fail } from '../core/errors.js';
import { parseSpec } from '../spec/parse.js';
import type { Spec } from '../spec/schema.js';
import { VERSION } from '../version.js';
import { safeFileName } from './security.js';
import type { ProjectStore, RunRecord } from './store.js';
import { errorMessage, runWorker } from './workers.js';

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
  /** Runs at once over all projects (default 2); more → `E_BUSY` (HTTP 429). */
  maxConcurrent: number;
  /** Robustness worker threads per run (default 2). */
  workers: number;
}

export const DEFAULT_RUN_LIMITS: Readonly<RunLimits> = Object.freeze({ timeoutMs: 10 * 60_000, maxHeapMb: 2048, maxConcurrent: 2, workers: 2 });

/**
 * Every file a spec reads, as `[spec path, value]`: data.file, units.file, framework.file,
 * analyses.weights.file. Used to require that each is the bare name of an uploaded file.
 */
export function specFileRefs(spec: Spec): [string, string][] {
  const out: [string, string][] = [['data.file', spec.data.file]];
  if (spec.units.file !== undefined) out.push(['units.file', spec.units.file]);
  if (spec.framework.file !== undefined) out.push(['framework.file', spec.framework.file]);
  const wf = spec.analyses?.weights?.file;
  if (wf !== undefined) out.push(['analyses.weights.file', wf]);
  return out;
}

/**
 * Parse `specYaml` (no environment: `${VAR}` without default is an error) and check that every file
 * it names is one of `fileNames`. Throws `E_SPEC…` or `E_SPEC_FILE` (with the spec path).
 */
export function checkSpecForProject(specYaml: string, fileNames: readonly string[]): Spec {
  const spec = parseSpec(specYaml, { file: 'nqpf.yaml', env: {} });
  for (const [path, value] of specFileRefs(spec)) {
    if (safeFileName(value) === undefined) {
      fail('E_SPEC_FILE', `${path}: "${value}" is not a plain file name`, { location: { path }, hint: 'in the workbench a spec names uploaded files by their name only (no folders)' });
    }
    if (!fileNames.includes(value)) {
      fail('E_SPEC_FILE', `${path}: "${value}" has not been uploaded to this project`, {
        location: { path },
        hint: fileNames.length ? `uploaded files: ${fileNames.join(', ')}` : 'upload the file first',
      });
    }
  }
  return spec;
}

/** Starts runs, tracks their progress, records their outcome. */
export class RunManager {
  private readonly live = new Map<string, LiveRun>();

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

  /** Number of runs in progress. */
  running(): number {
    let n = 0;
    for (const r of this.live.values()) if (!r.finished) n++;
    return n;
  }

  /**
   * Create the run record and start the run in the background. Fails with `E_BUSY` when
   * `maxConcurrent` runs are in progress. The returned record is `queued`.
   */
  async start(projectId: string, seed: number | undefined): Promise<RunRecord> {
    if (this.running() >= this.limits.maxConcurrent) {
      fail('E_BUSY', `${this.running()} run(s) already in progress (limit ${this.limits.maxConcurrent})`, { hint: 'wait for a run to finish and try again' });
    }
    await this.store.getProject(projectId); // 404 before anything is created
    const placeholder = join(this.runsRoot(), projectId);
    const rec = await this.store.createRun(projectId, seed ?? null, placeholder);
    const dir = this.runDir(projectId, rec.run_id);
    await this.store.updateRun(projectId, rec.run_id, { status: 'queued', out_dir: join(dir, 'out') });
    const live: LiveRun = { events: [{ type: 'status', status: 'queued' }], listeners: new Set(), abort: new AbortController(), finished: false, promise: Promise.resolve() };
    this.live.set(this.key(projectId, rec.run_id), live);
    live.promise = this.execute(projectId, rec.run_id, dir, seed, live);
    return { ...rec, out_dir: join(dir, 'out') };
  }

  private emit(live: LiveRun, e: RunEvent): void {
    live.events.push(e);
    if (live.events.length > 500) live.events.splice(1, live.events.length - 500);
    for (const l of live.listeners) l(e);
  }

  private async execute(projectId: string, runId: string, dir: string, seed: number | undefined, live: LiveRun): Promise<void> {
    const started = new Date().toISOString();
    try {
      const project = await this.store.getProject(projectId);
      const files = await this.store.getFiles(projectId);
      const spec = checkSpecForProject(project.spec_yaml, files.map((f) => f.name));
      const input = join(dir, 'input');
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
      const result = await runWorker<{ seed: number; outDir: string; files: string[]; inputs: { role: string; path: string; sha256: string; encoding?: string }[]; warnings: { code: string; message: string }[] }>(
        'run-worker',
        { specPath, out, seed, workers: this.limits.workers },
        {
          timeoutMs: this.limits.timeoutMs,
          resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 64 },
          signal: live.abort.signal,
          onMessage: (m) => {
            const msg = m as { type?: string; phase?: string; done?: number; total?: number; warning?: { code: string; message: string }; message?: string };
            if (msg.type === 'progress') this.emit(live, { type: 'progress', phase: msg.phase, done: msg.done, total: msg.total });
            else if (msg.type === 'warning' && msg.warning) this.emit(live, { type: 'warning', code: msg.warning.code, message: msg.warning.message });
            else if (msg.type === 'info' && typeof msg.message === 'string') this.emit(live, { type: 'info', message: msg.message });
          },
        },
      );
      const provenance = {
        nqpf: VERSION,
        seed: result.seed,
        specSha256: createHash('sha256').update(project.spec_yaml).digest('hex'),
        projectVersion: project.version,
        title: spec.title ?? null,
        inputs: result.inputs,
        uploaded: files.map((f) => ({ name: f.name, sha256: f.sha256 })),
        outputs: result.files,
        warnings: result.warnings,
        started,
        finished: new Date().toISOString(),
      };
      await this.store.updateRun(projectId, runId, { status: 'succeeded', seed: result.seed, provenance, finished: true });
      this.emit(live, { type: 'status', status: 'succeeded' });
    } catch (e) {
      const err = errorMessage(e).error;
      const text = e instanceof NqpfError ? e.format() : `internal error: ${err.message}`;
      try {
        await this.store.updateRun(projectId, runId, { status: 'failed', error: text, finished: true });
      } catch {
        /* store closed (server shutting down) */
      }
      this.emit(live, { type: 'status', status: 'failed', code: err.code, message: text });
    } finally {
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
    await Promise.all(waits);
  }
}
