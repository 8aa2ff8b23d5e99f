/**
 * DEA work as tasks (issue 17): one kernel call of this folder on one period's data (or a fixed slice of its DMUs) is
 * a {@link DeaTask}; a {@link DeaExecutor} runs a list of them and returns the results in task order. Without an
 * executor the tasks run here, one after another ({@link runDeaTasks}); the worker pool of the io layer
 * (`io/workers/dea-pool.ts`, `startDeaPool`) is an executor that shares them between this thread and worker threads.
 *
 * Every task passes its own model to HiGHS first (a kernel call starts a new LP session) and the split of the work
 * into tasks is fixed by the data, never by the number of threads, so the results are byte-identical whichever
 * thread runs which task (test/io/dea-pool.test.ts). Pure: no threads here.
 */
import { type DdfDirection, ddf, ddfBeta } from './ddf.js';
import type { LpStatus } from './lp.js';
import { type DeaData, type DeaResult, type RadialOptions, radial, type Rts, type SbmOptions, sbm, superSbm } from './models.js';
import type { DdfOptions } from './ddf.js';

/** Options of a distance-function task (β* only; see {@link ddfBeta}). */
export interface BetaOptions {
  rts?: Rts;
  direction?: DdfDirection;
  path?: string;
}

export type DeaTask =
  | { kind: 'radial'; data: DeaData; opts: RadialOptions }
  | { kind: 'sbm' | 'superSbm'; data: DeaData; opts: SbmOptions }
  | { kind: 'ddf'; data: DeaData; opts: DdfOptions }
  /** β* (DDF, no slacks, no λ) of `data`'s DMUs against `reference`: distance functions of ML and GML. */
  | { kind: 'beta'; data: DeaData; reference: DeaData; opts: BetaOptions };

/** β* of each DMU and its LP status (NaN where the LP is not optimal). */
export interface BetaResult {
  b: Float64Array;
  st: LpStatus[];
}

export type DeaTaskResult = DeaResult | BetaResult;

/**
 * Runs DEA tasks and returns their results in task order, synchronously (the caller may wait for other threads); the
 * error of a failing task is thrown — that of the first failing task in task order, as when they run one by one.
 */
export interface DeaExecutor {
  map(tasks: readonly DeaTask[]): DeaTaskResult[];
}

/** Run one task in this thread (`await loadSolver()` first). */
export function runDeaTask(t: DeaTask): DeaTaskResult {
  switch (t.kind) {
    case 'beta':
      return ddfBeta(t.data, { rts: t.opts.rts ?? 'crs', direction: t.opts.direction, reference: t.reference, path: t.opts.path });
    case 'radial':
      return radial(t.data, t.opts);
    case 'ddf':
      return ddf(t.data, t.opts);
    case 'sbm':
      return sbm(t.data, t.opts);
    case 'superSbm':
      return superSbm(t.data, t.opts);
  }
}

/** `exec.map(tasks)`, or every task in this thread when there is no executor (or one task). */
export function runDeaTasks(tasks: readonly DeaTask[], exec?: DeaExecutor): DeaTaskResult[] {
  return exec && tasks.length > 1 ? exec.map(tasks) : tasks.map(runDeaTask);
}

/** DMUs per distance-function task: a period's DMUs are split into slices of this many (a fixed constant, so the tasks never depend on the thread count). */
export const BETA_SLICE = 100;

/** DMUs [from, to) of `d`, same variables. */
export function sliceDmus(d: DeaData, from: number, to: number): DeaData {
  const sb = d.sb ?? 0;
  return {
    ...d,
    n: to - from,
    x: d.x.slice(from * d.m, to * d.m),
    y: d.y.slice(from * d.s, to * d.s),
    ...(sb ? { yb: (d.yb as Float64Array).slice(from * sb, to * sb) } : {}),
    ...(d.dmus ? { dmus: d.dmus.slice(from, to) } : {}),
  };
}

/**
 * β* of every DMU of each `jobs[k].data` against `jobs[k].reference`, each split into slices of {@link BETA_SLICE}
 * DMUs (each slice one task), run by `exec` (or here) and put back together per job.
 */
export function betas(jobs: readonly { data: DeaData; reference: DeaData }[], opts: BetaOptions, exec?: DeaExecutor): BetaResult[] {
  const tasks: DeaTask[] = [];
  const parts: number[][] = [];
  for (const { data, reference } of jobs) {
    const ix: number[] = [];
    for (let from = 0; from < data.n; from += BETA_SLICE) {
      ix.push(tasks.length);
      const part = from === 0 && data.n <= BETA_SLICE ? data : sliceDmus(data, from, Math.min(data.n, from + BETA_SLICE));
      tasks.push({ kind: 'beta', data: part, reference, opts });
    }
    parts.push(ix);
  }
  const res = runDeaTasks(tasks, exec) as BetaResult[];
  return jobs.map(({ data }, k) => {
    const b = new Float64Array(data.n);
    const st: LpStatus[] = [];
    let at = 0;
    for (const i of parts[k]) {
      b.set(res[i].b, at);
      st.push(...res[i].st);
      at += res[i].b.length;
    }
    return { b, st };
  });
}
