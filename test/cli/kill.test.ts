/**
 * `nqpf run` killed at random moments (seeded): SIGKILL never leaves a partial output directory —
 * the output is the previous complete one (or, when the kill fell between the two renames, set
 * aside and put back by the next run) — and every file the user had is intact; the next run
 * clears what the killed one left. SIGINT (Ctrl-C) always ends with "interrupted" and exit 130.
 *
 * Each point spawns the real CLI (`node bin/nqpf.js run …`, compiled as installed); the kill delay is drawn uniformly
 * over the duration of an uninterrupted run of the same spec, measured first. The run writes its tables and run.json
 * through the same atomic output as every other file (no report, Word file, workbook or figures: exceljs alone
 * doubled the CPU time of each of the ~50 runs here, without a write phase of its own). Points run in two lanes
 * (the machine has two cores), each lane starting its next point as soon as its last is checked. Set
 * NQPF_KILL_POINTS for a longer run (`NQPF_KILL_POINTS=200 npx vitest run test/cli/kill.test.ts`).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compiledCli } from '../helpers/compiled-cli.js';

let BIN = '';
beforeAll(async () => {
  BIN = await compiledCli();
});
const POINTS = Number(process.env.NQPF_KILL_POINTS ?? 20);
const INT_POINTS = 6;

const DATA =
  [
    'unit,year,a,b,c',
    ...Array.from({ length: 40 }, (_, i) =>
      [2020, 2021, 2022].map((y) => `u${i},${y},${1 + ((i * 7 + y) % 13)},${10 + ((i * 3 + y) % 17)},${5 + ((i * 5 + y) % 11)}`),
    ).flat(),
  ].join('\n') + '\n';
const SPEC = `title: kill test
data: { file: data.csv, unit: unit, period: year }
framework:
  nodes:
    - { code: I }
    - { code: D1, parent: I }
    - { code: a, parent: D1 }
    - { code: b, parent: D1 }
    - { code: c, parent: I }
analyses:
  density: {}
  convergence: {}
outputs: { report: false, docx: false, xlsx: false, figures: none }
`;

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function runInProcess(args: string[]): Promise<number> {
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await main(['node', 'nqpf', ...args]);
  } finally {
    spy.mockRestore();
  }
}

/**
 * A study folder with data, spec, a user's private file, and a previous complete output holding a
 * user's note. The first is run; the others copy it (same relative layout, so the same bytes).
 */
async function study(root: string, i: number) {
  const dir = join(root, `p${i}`);
  const out = join(dir, 'out');
  if (i === 0) {
    mkdirSync(dir);
    writeFileSync(join(dir, 'data.csv'), DATA);
    writeFileSync(join(dir, 'spec.yaml'), SPEC);
    writeFileSync(join(dir, 'raw_survey.csv'), 'private,1\n');
    expect(await runInProcess(['run', join(dir, 'spec.yaml'), '--out', out, '--quiet'])).toBe(0);
    writeFileSync(join(out, 'mine.txt'), 'my notes');
  } else cpSync(join(root, 'p0'), dir, { recursive: true });
  return { dir, out, spec: join(dir, 'spec.yaml'), before: snapshot(dir) };
}

/** Spawn `nqpf run`, send `signal` after `delay` ms (or never), resolve with the exit. */
function spawnRun(spec: string, out: string, delay: number | undefined, signal: NodeJS.Signals) {
  type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number; sinceHandler: number };
  return new Promise<Exit>((res, rej) => {
    const t0 = performance.now();
    let tHandler = Number.NaN;
    const child = spawn(process.execPath, [BIN, 'run', spec, '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.once('message', () => (tHandler = performance.now()));
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    let timer: NodeJS.Timeout | undefined;
    if (delay !== undefined) {
      // SIGINT: wait on state — bin/nqpf.js says over IPC when its handler is installed (before
      // node has started the script no handler can exist and SIGINT ends the process by the signal,
      // which a shell reports as 130 too) — then wait `delay`.
      if (signal === 'SIGINT') child.once('message', () => (timer = setTimeout(() => child.kill(signal), delay)));
      else timer = setTimeout(() => child.kill(signal), delay);
    }
    child.on('error', rej);
    child.on('close', (code, sig) => {
      if (timer) clearTimeout(timer);
      const t1 = performance.now();
      res({ code, signal: sig, stderr, ms: t1 - t0, sinceHandler: t1 - tHandler });
    });
  });
}

/** Seeded uniform numbers in [0, 1) (a 32-bit LCG is plenty for kill delays). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The state after a kill: the previous complete output, or (kill between the renames) none with the previous set aside. */
function checkAfterKill(s: Awaited<ReturnType<typeof study>>) {
  const now = snapshot(s.dir);
  const outside = (snap: Record<string, string>) => Object.fromEntries(Object.entries(snap).filter(([k]) => !k.startsWith('out/') && !k.startsWith('.nqpf-')));
  expect(outside(now)).toEqual(outside(s.before)); // data, spec and the private file untouched
  const prev = Object.fromEntries(Object.entries(s.before).filter(([k]) => k.startsWith('out/')));
  const outNow = Object.fromEntries(Object.entries(now).filter(([k]) => k.startsWith('out/')));
  if (existsSync(s.out)) expect(outNow).toEqual(prev);
  else {
    const aside = readdirSync(s.dir).filter((n) => /^\.nqpf-old-\d+-[0-9a-f]{12}-out$/.test(n));
    expect(aside).toHaveLength(1);
    expect(snapshot(join(s.dir, aside[0]))).toEqual(Object.fromEntries(Object.entries(prev).map(([k, v]) => [k.slice(4), v])));
  }
}

async function recover(s: Awaited<ReturnType<typeof study>>) {
  expect(await runInProcess(['run', s.spec, '--out', s.out, '--quiet'])).toBe(0);
  expect(snapshot(s.dir)).toEqual(s.before); // the same bytes again, the user's note kept, nothing left over
  expect(readdirSync(s.dir).filter((n) => n.startsWith('.nqpf-'))).toEqual([]);
}

describe('nqpf run killed at random points', () => {
  it(`SIGKILL at ${POINTS} seeded points leaves the previous complete output and every user file intact`, { timeout: 600_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'nqpf-kill-'));
    await study(root, 0);
    const points = await Promise.all(Array.from({ length: POINTS + 1 }, (_, i) => study(root, i + 1)));
    const calib = points.pop()!;
    const full = await spawnRun(calib.spec, calib.out, undefined, 'SIGKILL');
    expect(full.code, full.stderr).toBe(0);
    const rnd = lcg(20261205);
    const delays = points.map(() => Math.round(rnd() * full.ms * 1.1));
    const outcomes: string[] = [];
    // Two lanes: the machine has two cores.
    await Promise.all(
      [0, 1].map(async (lane) => {
        for (let i = lane; i < POINTS; i += 2) {
          const s = points[i];
          const r = await spawnRun(s.spec, s.out, delays[i], 'SIGKILL');
          outcomes.push(r.signal === 'SIGKILL' ? 'killed' : `exit ${r.code}`);
          checkAfterKill(s);
          await recover(s);
        }
      }),
    );
    // Most kills land while the run is still going (the others: after it finished).
    expect(outcomes.filter((o) => o === 'killed').length).toBeGreaterThanOrEqual(Math.ceil(POINTS / 2));
  });

  it(`SIGINT at ${INT_POINTS} seeded points always ends with "interrupted" and exit 130, leaving the previous output or the complete new one`, {
    timeout: 600_000,
  }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'nqpf-int-'));
    await study(root, 0);
    const points = await Promise.all(Array.from({ length: INT_POINTS + 1 }, (_, i) => study(root, i + 1)));
    const calib = points.pop()!;
    const full = await spawnRun(calib.spec, calib.out, undefined, 'SIGINT');
    expect(full.code, full.stderr).toBe(0);
    expect(full.sinceHandler).toBeGreaterThan(0);
    const rnd = lcg(130);
    for (let i = 0; i < INT_POINTS; i += 2) {
      await Promise.all(
        points.slice(i, i + 2).map(async (s, j) => {
          // From the moment the process handles SIGINT, spread over the first half of what is left
          // of an uninterrupted run then (measured alone; these run two at a time, so slower), so
          // the signal lands while the run is still working; the first one at once (modules load).
          const delay = i + j === 0 ? 0 : Math.round(rnd() * full.sinceHandler * 0.5);
          const r = await spawnRun(s.spec, s.out, delay, 'SIGINT');
          expect(r.code, `delay ${delay} ms: ${r.stderr}`).toBe(130);
          expect(r.stderr).toMatch(/interrupted/);
          expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
          expect(snapshot(s.dir)).toEqual(s.before); // same spec, same bytes: previous and new output are identical
        }),
      );
    }
  });
});
