/**
 * The default robustness thread count (src/io/workers/thread-choice.ts): one thread unless the
 * remaining work W clearly exceeds a worker's start-up S (t threads need W ≥ (t + 1)·S), never more
 * threads than idle cores (round(cores − load)) or the cap.
 */
import { describe, expect, it } from 'vitest';
import { chooseThreads, PRESTART_MIN_CELL_RUNS, PRESTART_MIN_RUNS, prestartThreads } from '../../src/io/workers/thread-choice.js';

const job = { runs: 7000, perRunMs: 0.16, startupMs: 400, cores: 2, load: 0 };

describe('chooseThreads', () => {
  it('keeps a job of about one second on one thread (the ASEM example: W = 1.12 s < 3·S)', () => {
    expect(chooseThreads(job)).toBe(1);
  });

  it('adds threads as the work grows past (t + 1)·S', () => {
    expect(chooseThreads({ ...job, runs: 1000, perRunMs: 1.199 })).toBe(1); // W = 1199 ms < 3·400
    expect(chooseThreads({ ...job, runs: 1000, perRunMs: 1.2 })).toBe(2); // W = 1200 ms = 3·400
    expect(chooseThreads({ ...job, cores: 8, runs: 1000, perRunMs: 1.6 })).toBe(3); // W = 4·S
    expect(chooseThreads({ ...job, cores: 8, runs: 1000, perRunMs: 50 })).toBe(8); // firm scale: 50 s of work
  });

  it('never uses more threads than idle cores: a busy machine gets one', () => {
    const big = { ...job, runs: 1000, perRunMs: 50 };
    expect(chooseThreads({ ...big, load: 3 })).toBe(1); // load 3 on 2 cores
    expect(chooseThreads({ ...big, load: 1 })).toBe(1); // one core taken by another process
    expect(chooseThreads({ ...big, load: 0.4 })).toBe(2);
    expect(chooseThreads({ ...big, cores: 8, load: 5.2 })).toBe(3);
  });

  it('honours the cap (a server limit) and degenerate measurements', () => {
    expect(chooseThreads({ ...job, cores: 8, runs: 1000, perRunMs: 50, max: 2 })).toBe(2);
    expect(chooseThreads({ ...job, runs: 0 })).toBe(1);
    expect(chooseThreads({ ...job, perRunMs: Number.NaN })).toBe(1);
    expect(chooseThreads({ ...job, runs: 1000, perRunMs: 50, load: Number.NaN })).toBe(2);
  });
});

describe('prestartThreads', () => {
  const asem = { runs: 7000, cores: 2, busy: 0 };
  it('starts one worker per core idle beyond this thread for a large job', () => {
    expect(prestartThreads(asem)).toBe(1);
    expect(prestartThreads({ ...asem, cores: 8 })).toBe(7);
    expect(prestartThreads({ ...asem, cores: 8, busy: 3 })).toBe(4);
    expect(prestartThreads({ ...asem, cores: 8, max: 3 })).toBe(2);
  });

  it('none on a busy machine or for a small job', () => {
    expect(prestartThreads({ ...asem, busy: 1 })).toBe(0); // the other core is taken
    expect(prestartThreads({ ...asem, busy: 20 })).toBe(0);
    expect(prestartThreads({ ...asem, cores: 1 })).toBe(0);
    expect(prestartThreads({ ...asem, runs: PRESTART_MIN_RUNS - 1 })).toBe(0);
    expect(prestartThreads({ ...asem, runs: PRESTART_MIN_RUNS })).toBe(1);
    expect(prestartThreads({ ...asem, runs: Number.NaN })).toBe(0);
    expect(prestartThreads({ ...asem, busy: -3 })).toBe(1); // a count below zero reads as idle
  });

  it('also for few replications of a large panel, once its cells are known', () => {
    const scale = { runs: 100, cells: 50_000 * 15 * 40, cores: 2, busy: 0 }; // 3 · 10^9 replication-cells
    expect(prestartThreads(scale)).toBe(1);
    expect(prestartThreads({ ...scale, cells: undefined })).toBe(0); // before the data are read: runs alone
    expect(prestartThreads({ ...scale, cells: PRESTART_MIN_CELL_RUNS / 100 - 1 })).toBe(0);
    expect(prestartThreads({ ...scale, cells: PRESTART_MIN_CELL_RUNS / 100 })).toBe(1);
    expect(prestartThreads({ ...scale, busy: 1 })).toBe(0); // the other core is taken
    expect(prestartThreads({ ...scale, runs: 0 })).toBe(0);
    expect(prestartThreads({ runs: 1000, cells: 5000 * 15 * 40, cores: 4, busy: 0, max: 2 })).toBe(1); // the firm-scale run
  });
});
