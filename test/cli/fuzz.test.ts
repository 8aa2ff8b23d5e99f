/**
 * Fuzzing `nqpf run` with mutated specs and CSVs (seeded fast-check): every case either fails with
 * exit code 1 and an `error:` naming the file (with row/column) or the spec path, or succeeds with
 * no NaN/Infinity in any output table — never an uncaught exception, an internal error or a stack
 * trace. `NQPF_FUZZ_RUNS=5000 npm run fuzz` runs a longer campaign (`FC_SEED` picks another seed).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseCsvSimple } from '../helpers/shared.js';
import { AGGREGATE_METHODS, IMPUTE_METHODS, NORMALISE_METHODS, TREAT_METHODS, WEIGHT_METHODS } from '../../src/spec/schema.js';

const RUNS = Number(process.env.NQPF_FUZZ_RUNS ?? 200);

const HEADER = ['unit', 'year', 'region', 'a', 'b', 'c', 'd'];
const UNITS = ['北京', '天津', '河北', '山西', '上海', '江苏'];
const REGIONS = ['East', 'East', 'East', 'Central', 'East', 'East'];
const BASE_ROWS: string[][] = UNITS.flatMap((u, i) =>
  [2019, 2020, 2021].map((y) => [
    u,
    String(y),
    REGIONS[i],
    String(1 + i + (y - 2019) * 0.5),
    String(10 - i * 1.5 + (y % 3)),
    String(100 + ((i * 37 + y) % 23)),
    String(0.2 + ((i * 13 + y) % 7) / 10),
  ]),
);

/** Cell values users actually bring (yearbook markers, IME slips, spreadsheet errors) and hostile ones. */
const CELLS = [
  '',
  'NA',
  '…',
  '——',
  '-',
  '/',
  '#N/A',
  '#DIV/0!',
  '１２．５',
  '1,5',
  '1.234,5',
  'abc',
  '-1',
  '0',
  '2015.5',
  '1e9',
  '1e400',
  '-1e400',
  'Infinity',
  'NaN',
  '  7 ',
  '"',
  '=1+1',
  '２０１５',
  '\u0000',
  '北京市',
  'Beijing',
  '两藏',
  '9'.repeat(40),
  '0x1F',
  '−3',
];

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

type Mut =
  | { k: 'cell'; r: number; c: number; v: string }
  | { k: 'dropCell'; r: number }
  | { k: 'extraCell'; r: number; v: string }
  | { k: 'dupRow'; r: number }
  | { k: 'delRow'; r: number }
  | { k: 'header'; c: number; v: string }
  | { k: 'blankLine'; r: number }
  | { k: 'bom' }
  | { k: 'crlf' }
  | { k: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mut> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ k: fc.constant('cell' as const), r: fc.nat(BASE_ROWS.length - 1), c: fc.nat(HEADER.length - 1), v: fc.constantFrom(...CELLS) }),
  },
  fc.record({ k: fc.constant('dropCell' as const), r: fc.nat(BASE_ROWS.length - 1) }),
  fc.record({ k: fc.constant('extraCell' as const), r: fc.nat(BASE_ROWS.length - 1), v: fc.constantFrom(...CELLS) }),
  fc.record({ k: fc.constant('dupRow' as const), r: fc.nat(BASE_ROWS.length - 1) }),
  fc.record({ k: fc.constant('delRow' as const), r: fc.nat(BASE_ROWS.length - 1) }),
  fc.record({ k: fc.constant('header' as const), c: fc.nat(HEADER.length - 1), v: fc.constantFrom('', 'a', 'unit', 'Year', 'é', ' b ', '指标') }),
  fc.record({ k: fc.constant('blankLine' as const), r: fc.nat(BASE_ROWS.length) }),
  fc.constant({ k: 'bom' as const }),
  fc.constant({ k: 'crlf' as const }),
  fc.record({ k: fc.constant('truncate' as const), at: fc.integer({ min: 1, max: 2000 }) }),
);

function csv(muts: Mut[]): string {
  const header = HEADER.slice();
  const rows = BASE_ROWS.map((r) => r.slice());
  const blanks = new Set<number>();
  let bom = false;
  let crlf = false;
  let truncate: number | undefined;
  for (const m of muts) {
    const row = rows[Math.min(('r' in m ? m.r : 0) as number, rows.length - 1)];
    switch (m.k) {
      case 'cell':
        if (row) row[m.c] = m.v;
        break;
      case 'dropCell':
        if (row) row.pop();
        break;
      case 'extraCell':
        if (row) row.push(m.v);
        break;
      case 'dupRow':
        if (row) rows.push(row.slice());
        break;
      case 'delRow':
        if (rows.length > 1) rows.splice(m.r % rows.length, 1);
        break;
      case 'header':
        header[m.c] = m.v;
        break;
      case 'blankLine':
        blanks.add(m.r);
        break;
      case 'bom':
        bom = true;
        break;
      case 'crlf':
        crlf = true;
        break;
      case 'truncate':
        truncate = m.at;
        break;
    }
  }
  const lines = [header.map(csvCell).join(',')];
  rows.forEach((r, i) => {
    if (blanks.has(i)) lines.push('');
    lines.push(r.map(csvCell).join(','));
  });
  let text = lines.join(crlf ? '\r\n' : '\n') + '\n';
  if (truncate !== undefined && truncate < text.length) text = text.slice(0, truncate);
  return (bom ? '\uFEFF' : '') + text;
}

/** The spec as an object; mutations replace, delete or retype one field. */
function baseSpec(): Record<string, unknown> {
  return {
    title: 'fuzz',
    data: { file: 'data.csv', unit: 'unit', period: 'year', attributes: ['region'] },
    units: { group: 'region' },
    framework: {
      nodes: [
        { code: 'I' },
        { code: 'D1', parent: 'I' },
        { code: 'D2', parent: 'I' },
        { code: 'a', parent: 'D1' },
        { code: 'b', parent: 'D1', direction: -1 },
        { code: 'c', parent: 'D2' },
        { code: 'd', parent: 'D2' },
      ],
    },
    steps: { impute: { method: 'linear' }, normalise: { method: 'minmax' }, weight: { method: 'entropy' }, aggregate: { method: 'arithmetic' } },
    analyses: { inequality: {}, density: {}, convergence: {}, obstacle: {} },
    outputs: { xlsx: false, report: false, docx: false, figures: 'none' },
  };
}

const PATHS = [
  'title',
  'data.file',
  'data.unit',
  'data.period',
  'data.layout',
  'data.attributes',
  'units.group',
  'units.registry',
  'framework.nodes.1.parent',
  'framework.nodes.3.code',
  'framework.nodes.4.direction',
  'framework.nodes.5.weight',
  'steps.impute.method',
  'steps.normalise.method',
  'steps.normalise.range',
  'steps.treat.method',
  'steps.weight.method',
  'steps.weight.pooling',
  'steps.aggregate.method',
  'steps.screen.unitThreshold',
  'analyses.inequality.measures',
  'analyses.density.bandwidth',
  'analyses.convergence.from',
  'analyses.markov',
  'analyses.coupling.subsystems',
  'analyses.spatial',
  'outputs.language',
  'seed',
  'robustness',
];
const VALUES: unknown[] = [
  null,
  '',
  'x',
  0,
  -1,
  1.5,
  1e308,
  true,
  [],
  {},
  [0, 1],
  [1, 0],
  'zh',
  '全国',
  '__proto__',
  ...IMPUTE_METHODS,
  ...TREAT_METHODS,
  ...NORMALISE_METHODS,
  ...WEIGHT_METHODS,
  ...AGGREGATE_METHODS,
  'entropi',
  'D1',
  'c',
  'region',
  'year',
  'unit',
  { classes: 3 },
  { subsystems: ['D1', 'D2'] },
  { subsystems: ['D1', 'Dx'] },
  { factors: [{ name: 'w', type: 'weights', noise: 0.2 }], uncertainty: { replications: 5 } },
];

type SpecMut = { k: 'set'; path: string; v: unknown } | { k: 'del'; path: string } | { k: 'text'; how: 'fullColon' | 'tab' | 'dedent' | 'cut'; at: number };

const specMutation: fc.Arbitrary<SpecMut> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('set' as const), path: fc.constantFrom(...PATHS), v: fc.constantFrom(...VALUES) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('del' as const), path: fc.constantFrom(...PATHS) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('text' as const),
      how: fc.constantFrom('fullColon' as const, 'tab' as const, 'dedent' as const, 'cut' as const),
      at: fc.nat(60),
    }),
  },
);

function specText(muts: SpecMut[]): string {
  const spec = baseSpec();
  const text: Extract<SpecMut, { k: 'text' }>[] = [];
  for (const m of muts) {
    if (m.k === 'text') {
      text.push(m);
      continue;
    }
    const parts = m.path.split('.');
    let cur = spec as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) {
      if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
      cur = cur[p] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (m.k === 'del') delete cur[last];
    else cur[last] = structuredClone(m.v);
  }
  let out = stringify(spec);
  for (const t of text) {
    const lines = out.split('\n');
    const i = t.at % lines.length;
    if (t.how === 'fullColon') lines[i] = lines[i].replace(':', '：');
    else if (t.how === 'tab') lines[i] = '\t' + lines[i];
    else if (t.how === 'dedent') lines[i] = lines[i].trimStart();
    else lines.splice(i);
    out = lines.join('\n');
  }
  return out;
}

async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    return { code: await main(['node', 'nqpf', ...args]), stderr };
  } finally {
    spy.mockRestore();
  }
}

/**
 * NaN/Infinity cells of the numeric columns of a CSV (a column is numeric when most of its
 * non-empty cells are numbers: a unit that happens to be called "Infinity" is a name, not a value).
 */
function nonFinite(text: string): string[] {
  const rows = parseCsvSimple(text.replace(/^\uFEFF/, ''));
  const header = rows[0] ?? [];
  const bad: string[] = [];
  header.forEach((h, c) => {
    const cells = rows
      .slice(1)
      .map((r) => r[c] ?? '')
      .filter((x) => x !== '');
    const numeric = cells.filter((x) => /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(x)).length;
    if (numeric * 2 <= cells.length) return;
    rows.slice(1).forEach((r, i) => {
      if (/^(-?Infinity|NaN)$/.test(r[c] ?? '')) bad.push(`row ${i + 2} ${h}=${r[c]}`);
    });
  });
  return bad;
}

/** A location: the data file with a row or column, the spec file, or a dotted spec path. */
const LOCATED = /data\.csv(:\d+)?|spec\.yaml|\b(data|units|framework|steps|analyses|outputs|robustness|seed|title)(\.[\w.]+)?\b|column "[^"]+"|row \d+/;

describe('fuzzing nqpf run (mutated specs and CSVs)', () => {
  it(`${RUNS} seeded cases: a located error or clean outputs, never a crash`, { timeout: 600_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'nqpf-fuzz-'));
    let n = 0;
    const seen = { ok: 0, error: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { maxLength: 4 }), fc.array(specMutation, { maxLength: 3 }), async (dm, sm) => {
        const dir = join(root, `c${n++}`);
        const { mkdirSync } = await import('node:fs');
        mkdirSync(dir);
        writeFileSync(join(dir, 'data.csv'), csv(dm));
        writeFileSync(join(dir, 'spec.yaml'), specText(sm));
        const r = await runCli(['run', join(dir, 'spec.yaml'), '--out', join(dir, 'out'), '--quiet', '--workers', '1']);
        try {
          expect(r.stderr).not.toMatch(/internal error|\n\s+at [^\n]*\.(ts|js):\d+/);
          if (r.code === 0) {
            seen.ok++;
            for (const f of readdirSync(join(dir, 'out')).filter((x) => x.endsWith('.csv'))) {
              expect(nonFinite(readFileSync(join(dir, 'out', f), 'utf8')), `${f} holds NaN/Infinity`).toEqual([]);
            }
          } else {
            seen.error++;
            expect(r.code).toBe(1);
            const msg = r.stderr.slice(r.stderr.indexOf('error: '));
            expect(r.stderr).toMatch(/^error: /m);
            expect(msg, 'the error names no file, row, column or spec path').toMatch(LOCATED);
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS },
    );
    // The generator reaches both outcomes.
    expect(seen.ok).toBeGreaterThan(RUNS / 20);
    expect(seen.error).toBeGreaterThan(RUNS / 20);
  });
});
