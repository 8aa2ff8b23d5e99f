import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/read/csv.js';
import { patternColumn } from '../../src/core/label-columns.js';
import { escapeFormula, shortestText, toCsv, writeCsvFiles } from '../../src/io/write/csv-write.js';
import { parseCsvSimple } from '../helpers/shared.js';
import { catchNqpf } from './catch-nqpf.js';

describe('escapeFormula', () => {
  it("escapeFormula prefixes ' to text starting with = + - @ tab CR (OWASP CSV injection list)", () => {
    const table: [string, string][] = [
      ['=1+1', "'=1+1"],
      ['+x', "'+x"],
      ['-x', "'-x"],
      ['@x', "'@x"],
      ['\tx', "'\tx"],
      ['\rx', "'\rx"],
      ['=HYPERLINK("http://e.com","x")', '\'=HYPERLINK("http://e.com","x")'],
      ['x=1', 'x=1'],
      ['北京', '北京'],
      ['', ''],
      [' =1', ' =1'],
    ];
    for (const [input, out] of table) expect(escapeFormula(input)).toBe(out);
  });
});

describe('toCsv', () => {
  it('toCsv writes the escaping table: text escaped, negative numbers untouched, commas quoted', () => {
    const text = toCsv(
      ['name', 'value'],
      [
        ['=1+1', -3],
        ['+x', 0.1],
        ['-x', null],
        ['@x', NaN],
        ['\tx', 1e21],
        ['\rx', -0],
        ['a,b', 5e-324],
        ['say "hi"', 2],
        ['line\nbreak', 3],
      ],
      { bom: false },
    );
    expect(text).toBe(
      'name,value\n' +
        "'=1+1,-3\n" +
        "'+x,0.1\n" +
        "'-x,\n" +
        "'@x,\n" +
        "'\tx,1e+21\n" +
        '"\'\rx",0\n' +
        '"a,b",5e-324\n' +
        '"say ""hi""",2\n' +
        '"line\nbreak",3\n',
    );
  });

  it('toCsv numbers round-trip exactly through an independent parser and Number()', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 20 }), (xs) => {
        const text = toCsv(
          ['x'],
          xs.map((x) => [x]),
        );
        const back = parseCsvSimple(text)
          .slice(1)
          .map((r) => Number(r[0]));
        expect(back).toEqual(xs.map((x) => (Object.is(x, -0) ? 0 : x)));
      }),
    );
  });

  it('toCsv output parses back with parseCsv to the same text cells (escaped)', () => {
    const rows = [
      ['北京', 'a,b'],
      ['x"y', 'p\r\nq'],
    ];
    const back = parseCsv(toCsv(['u', 'v'], rows), 'w.csv');
    expect(back.rows).toEqual(rows);
  });

  it('toCsv(±Infinity) fails; toCsv(row of the wrong length) fails', () => {
    expect(catchNqpf(() => toCsv(['x'], [[Infinity]])).code).toBe('E_CSV_WRITE');
    expect(catchNqpf(() => toCsv(['x'], [[-Infinity]])).message).toContain('"x"');
    expect(catchNqpf(() => toCsv(['x', 'y'], [[1]])).code).toBe('E_CSV_WRITE');
  });

  it('toCsv starts with U+FEFF by default (Excel on Chinese Windows reads UTF-8); {bom: false} writes none', () => {
    expect(toCsv(['a'], [])).toBe('\uFEFFa\n');
    expect(toCsv(['a'], [], { bom: true })).toBe('\uFEFFa\n');
    expect(toCsv(['a'], [], { bom: false })).toBe('a\n');
    // The readers of nqpf drop the mark: the header is "a", not "\uFEFFa".
    expect(parseCsv(toCsv(['a', 'b'], [[1, 2]]), 'b.csv').header).toEqual(['a', 'b']);
  });
});

describe('writeCsvFiles', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'nqpf-csv-files-'));
  const read = (d: string, f: string) => readFileSync(join(d, f), 'utf8');

  it('writes what toCsv writes, for tables by rows and by columns, across blocks of rows, with and without BOM', () => {
    const n = 9_001; // several blocks of rows
    const units = ['北京', '=x', 'a,b', 'q"r'];
    const x = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : Math.sin(i) * 10 ** ((i % 9) - 4)));
    const y = Float64Array.from({ length: n }, (_, i) => i * 0.1);
    const unit = (i: number) => units[i % 4];
    const period = (i: number) => (i % 3 ? 2010 + (i % 5) : null);
    const rowsOf = (cols: (Float64Array | ((i: number) => string | number | null))[]) =>
      Array.from({ length: n }, (_, i) => cols.map((c) => (typeof c === 'function' ? c(i) : Number.isNaN(c[i]) ? null : c[i])));
    const a = { file: 'a.csv', header: ['unit', 'period', 'x', 'y'], cols: [unit, period, x, y] };
    const b = { file: 'b.csv', header: ['unit', 'period', 'x', 'y'], cols: [unit, period, x, y] }; // identical to a (its file a copy of a's)
    const g = { file: 'g.csv', header: ['unit', 'period', 'x', 'y2'], cols: [unit, period, x, y] }; // a's columns under another header: not a copy
    const c = { file: 'c.csv', header: ['unit', 'y', 'x', '-h'], cols: [unit, y, x, x] }; // shares a's columns in another order
    // e's lines start with a's (the aggregated data set with the normalised one's columns first), f's with e's
    const z = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? NaN : 1 / (i + 1)));
    const e = { file: 'e.csv', header: ['unit', 'period', 'x', 'y', 'z'], cols: [unit, period, x, y, z] };
    const f = { file: 'f.csv', header: ['unit', 'period', 'x', 'y', 'z', 'x2'], cols: [unit, period, x, y, z, x] };
    // A table by rows across blocks: text (escaped, quoted, Chinese), null, integers, -0, NaN, tiny, huge and full-precision numbers.
    const texts = ['=1', 'z', '北京', 'a,b', 'q"r', '-x', ''];
    const cell = (i: number, c: number): string | number | null =>
      (i + c) % 11 === 0
        ? null
        : (i + c) % 5 === 0
          ? texts[(i * 7 + c) % texts.length]
          : [i, -0, NaN, 1e-7 * i, 1e21 * i, Math.sin(i + c), -i / 3][(i + c) % 7];
    const plain = { file: 'p.csv', header: ['k', 'v', 'w'], rows: Array.from({ length: n }, (_, i) => [0, 1, 2].map((c) => cell(i, c))) };
    for (const bom of [true, false]) {
      const d = dir();
      try {
        writeCsvFiles(d, [...[a, b, c, e, f, g].map((t) => ({ file: t.file, header: t.header, rows: [], columns: { nRows: n, cells: t.cols } })), plain], {
          bom,
        });
        for (const t of [a, b, c, e, f, g]) expect(read(d, t.file)).toBe(toCsv(t.header, rowsOf(t.cols), { bom }));
        expect(read(d, 'p.csv')).toBe(toCsv(plain.header, plain.rows, { bom }));
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    }
  });

  it('text cells repeated and distinct beyond the 4,096 texts a file keeps encoded are written as toCsv writes them', () => {
    const n = 10_000;
    // Distinct texts (more than the writer keeps), repeated ones, and ones to escape or quote.
    const text = (i: number): string => (i % 3 === 0 ? `城市${i}` : i % 3 === 1 ? ['=1', 'a,b', 'q"r', '北京', '-x', '@'][i % 6] : `t${i % 9_000},${i}`);
    const rows = Array.from({ length: n }, (_, i) => [text(i), i % 4 ? text(n - i) : null, i / 7]);
    const col = (i: number) => text(i * 3);
    const d = dir();
    try {
      writeCsvFiles(d, [
        { file: 'r.csv', header: ['a', 'b', 'x'], rows },
        { file: 'c.csv', header: ['u'], rows: [], columns: { nRows: n, cells: [col] } },
      ]);
      expect(read(d, 'r.csv')).toBe(toCsv(['a', 'b', 'x'], rows));
      expect(read(d, 'c.csv')).toBe(
        toCsv(
          ['u'],
          Array.from({ length: n }, (_, i) => [col(i)]),
        ),
      );
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('a text cell that fills its column store to the last byte is copied whole (cells are copied 4 bytes at a time)', () => {
    // The store of a function column grows to exactly the bytes it needs when a text is long (here
    // 200,001 bytes after 2): its last cell ends at the store's last byte, with no room to copy past it.
    const long = `${'a'.repeat(200_000)}z`;
    const col = (i: number) => (i === 2 ? long : 'x');
    const d = dir();
    try {
      writeCsvFiles(d, [{ file: 'l.csv', header: ['t', 'v'], rows: [], columns: { nRows: 3, cells: [col, Float64Array.of(1.5, 2, 0.1)] } }], { bom: false });
      expect(read(d, 'l.csv')).toBe(`t,v\nx,1.5\nx,2\n${long},0.1\n`);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('pattern columns (units, periods, groups) are written as the same cells given by a plain function, over several blocks', () => {
    // Each value's cell is encoded once per pattern column: texts to escape and quote, numbers, null.
    const values = ['北京', '=x', 'a,b', 'q"r', 2010, -0, 1e21, 0.1, NaN, null, '', 'f7'];
    const n = 5_000;
    const pats = [patternColumn(values, 1, values.length), patternColumn(values, 417), patternColumn(values, 3, 7), patternColumn(values.slice(0, 5), 1, 5)];
    const plain = pats.map((p) => (i: number) => p(i));
    const x = Float64Array.from({ length: n }, (_, i) => i / 7);
    const d = dir();
    try {
      writeCsvFiles(
        d,
        [
          { file: 'p.csv', header: ['a', 'b', 'c', 'd', 'x'], rows: [], columns: { nRows: n, cells: [...pats, x] } },
          { file: 'q.csv', header: ['b', 'x', 'a'], rows: [], columns: { nRows: n, cells: [pats[1], x, pats[0]] } },
        ],
        { bom: false },
      );
      const want = (cols: ((i: number) => string | number | null)[], header: string[]) =>
        toCsv(
          header,
          Array.from({ length: n }, (_, i) => cols.map((c) => c(i))),
          { bom: false },
        );
      expect(read(d, 'p.csv')).toBe(want([...plain, (i) => x[i]], ['a', 'b', 'c', 'd', 'x']));
      expect(read(d, 'q.csv')).toBe(want([plain[1], (i) => x[i], plain[0]], ['b', 'x', 'a']));
      // An infinite value fails at the first row that has it.
      const inf = patternColumn([1, 2, Infinity], 1_500);
      const e = catchNqpf(() => writeCsvFiles(d, [{ file: 'i.csv', header: ['v'], rows: [], columns: { nRows: n, cells: [inf] } }]));
      expect(e.code).toBe('E_CSV_WRITE');
      expect(e.message).toContain('row 3001');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('fails on ±Infinity in a column (naming the column) and on a column count that is not the header', () => {
    const d = dir();
    try {
      const inf = Float64Array.of(1, Infinity);
      const e = catchNqpf(() => writeCsvFiles(d, [{ file: 'i.csv', header: ['v'], rows: [], columns: { nRows: 2, cells: [inf] } }]));
      expect(e.code).toBe('E_CSV_WRITE');
      expect(e.message).toContain('row 2, column "v"');
      expect(catchNqpf(() => writeCsvFiles(d, [{ file: 'j.csv', header: ['v', 'w'], rows: [], columns: { nRows: 2, cells: [inf] } }])).code).toBe(
        'E_CSV_WRITE',
      );
      // Tables by rows: the same errors, naming the row.
      const byRows = (rows: (string | number | null)[][]) => catchNqpf(() => writeCsvFiles(d, [{ file: 'r.csv', header: ['k', 'v'], rows }]));
      expect(
        byRows([
          ['a', 1],
          ['b', -Infinity],
        ]).message,
      ).toContain('row 2, column "v"');
      expect(byRows([['a', 1], ['b']]).message).toContain('row 2 has 1 cells');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('shortestText (the fast path of number formatting)', () => {
  /** A seeded 32-bit generator (mulberry32), independent of nqpf's Rng. */
  const gen = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  it('equals String(v) on edge cases, decimals of 0–12 places and 1–17 digits, and random bit patterns', () => {
    const edge = [0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1e-6, -1e-6, 1e-7, 9.99999e-7, 1.5e-6, 0.000001, 0.0000015, 1e-5, 123.456, 99.99];
    edge.push(1e15, 1e15 - 1, 1e15 + 1, 999999999999999.9, 99999999999999.99, 2 ** 53, 2 ** 53 + 2, 1e21, 1e20, 5e-324, Number.MAX_VALUE, Number.MIN_VALUE);
    edge.push(0.30000000000000004, 9.999999999999999, 9.99999999999999, 10.000000000000002, 1.0000000000000002, 4.35, 0.615, 1.005, 2.675);
    const values = [...edge, ...edge.map((v) => -v)];
    const r = gen(7);
    for (let i = 0; i < 100_000; i++) {
      const places = Math.floor(r() * 13);
      const digits = 1 + Math.floor(r() * 17);
      const m = Math.floor(r() * 10 ** digits);
      values.push(((r() < 0.3 ? -1 : 1) * m) / 10 ** places);
      values.push(Number(((r() - 0.5) * 10 ** (Math.floor(r() * 20) - 8)).toFixed(Math.floor(r() * 12))));
    }
    const bits = new Uint32Array(2);
    const f = new Float64Array(bits.buffer);
    for (let i = 0; i < 100_000; i++) {
      bits[0] = Math.floor(r() * 2 ** 32);
      bits[1] = Math.floor(r() * 2 ** 32);
      if (Number.isFinite(f[0])) values.push(f[0]);
    }
    let differ = 0;
    for (const v of values) if (shortestText(v) !== String(v)) differ++;
    expect(differ).toBe(0);
    expect(values.filter((v) => shortestText(v) !== String(v)).slice(0, 5)).toEqual([]);
  });

  it('data-set columns of full-precision numbers are written as String writes each of them (2 M random values, edge cases)', () => {
    // The writer formats a block's full-precision numbers together (JSON.stringify of a plain array);
    // checked against String(v) one by one: uniform [0, 1) values (normalised data), random bit
    // patterns (every exponent, subnormals), and the edge cases between them.
    const r = gen(13);
    const edge = [0, -0, 5e-324, -5e-324, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53, 2 ** 53 + 2];
    edge.push(1e21, 1e21 - 65536, 9.999999999999999e20);
    edge.push(1e-7, 1e-6, 9.999999999999999e-7, 0.1 + 0.2, 1 / 3, 2 / 3, 2 ** -1074, 2 ** -1022, 1.7976931348623157e308, 123456789012345680000, 0.000001234);
    const n = 2_000_000;
    const bits = new Uint32Array(2);
    const f = new Float64Array(bits.buffer);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (i % 1000 < edge.length) x[i] = (i & 1 ? -1 : 1) * edge[i % 1000];
      else if (i < n / 2) x[i] = r();
      else {
        do {
          bits[0] = Math.floor(r() * 2 ** 32);
          bits[1] = Math.floor(r() * 2 ** 32);
        } while (!Number.isFinite(f[0]));
        x[i] = f[0];
      }
    }
    const d = mkdtempSync(join(tmpdir(), 'nqpf-csv-full-'));
    try {
      writeCsvFiles(d, [{ file: 'f.csv', header: ['x'], rows: [], columns: { nRows: n, cells: [x] } }], { bom: false });
      const lines = readFileSync(join(d, 'f.csv'), 'utf8').split('\n');
      expect(lines.length).toBe(n + 2);
      const differ: string[] = [];
      for (let i = 0; i < n; i++) if (lines[i + 1] !== String(x[i])) differ.push(`${String(x[i])} → ${lines[i + 1]}`);
      expect(differ.slice(0, 5)).toEqual([]);
      expect(lines[n + 1]).toBe('');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('fast-check: numbers shaped like each branch of the digit writer, in tables sharing columns and line prefixes, with and without keepTexts, are written as String writes each', () => {
    // Decimals of 1–15 digits with the point anywhere and trailing zeros, integers next to 10^8, 10^9,
    // 2^31, full precision (16 and 17 digits, 0.9… above 2^53 as 16 digits), any double; either sign, NaN.
    const shaped = fc.oneof(
      fc
        .tuple(fc.integer({ min: 1, max: 15 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 22 }))
        .map(([p, u, z, k]) => (Math.floor(u * 10 ** p) * 10 ** z) / 10 ** k),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.constantFrom(1e8 - 1, 1e8, 1e9 - 1, 1e9, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 0, -0, 1e21, 5e-324, 1e-7, NaN),
      fc.double({ min: 1e-6, max: 1e15, noNaN: true }),
      fc.double({ min: 0.9, max: 1, noNaN: true }),
      fc.double({ noDefaultInfinity: true }),
    );
    const unit = (i: number) => ['a', '=b', 'c,d'][i % 3];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(shaped, fc.boolean()), { minLength: 1, maxLength: 120 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (cs, keepTexts) => {
          const n = Math.min(...cs.map((c) => c.length));
          const cols = cs.map((c) => Float64Array.from(c.slice(0, n), ([v, neg]) => (neg ? -v : v)));
          const tables = [
            { file: 'n.csv', cells: [unit, ...cols] },
            { file: 'g.csv', cells: [unit, ...cols, ...cols.slice().reverse()] }, // n's lines, then more cells
            { file: 'r.csv', cells: [cols[cols.length - 1], unit, ...cols] },
          ];
          const d = mkdtempSync(join(tmpdir(), 'nqpf-csv-shaped-'));
          try {
            const header = (t: (typeof tables)[number]) => t.cells.map((_, j) => `c${j}`);
            writeCsvFiles(
              d,
              tables.map((t) => ({ file: t.file, header: header(t), rows: [], columns: { nRows: n, cells: t.cells } })),
              { bom: false, keepTexts },
            );
            for (const t of tables) {
              const lines = Array.from({ length: n }, (_, i) =>
                t.cells
                  .map((c) => (typeof c === 'function' ? toCsv(['u'], [[c(i)]], { bom: false }).split('\n')[1] : Number.isNaN(c[i]) ? '' : String(c[i])))
                  .join(','),
              );
              expect(readFileSync(join(d, t.file), 'latin1')).toBe(`${header(t).join(',')}\n${lines.join('\n')}\n`);
            }
          } finally {
            rmSync(d, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('data-set columns mixing short decimals, full precision, negatives, tiny values and NaN are written as String writes each number', () => {
    const r = gen(11);
    const n = 10_000;
    // short decimals (some negative, some integers, some below 10^-4), then full precision from row
    // 5,000 (the short form is given up within a block), then short again from the next block
    const short = (i: number) => (i % 3 === 0 ? -1 : 1) * Number((i % 11 === 0 ? r() * 1e-4 : r() * 1000).toFixed(i % 11 === 0 ? 9 : i % 5));
    const x = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : i < 5000 || i >= 8192 ? short(i) : r() - 0.5));
    const y = Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? -0 : i % 7 === 0 ? 1e-7 * i : i % 2 ? 2 ** 40 + i : 1e21 * i));
    const unit = (i: number) => ['北京', '=x', 'a,b'][i % 3];
    const text = (cols: (Float64Array | ((i: number) => string))[]) =>
      `${Array.from({ length: n }, (_, i) =>
        cols
          .map((c) => {
            if (typeof c === 'function') return toCsv(['u'], [[c(i)]], { bom: false }).split('\n')[1];
            return Number.isNaN(c[i]) ? '' : String(c[i]);
          })
          .join(','),
      ).join('\n')}\n`;
    const d = mkdtempSync(join(tmpdir(), 'nqpf-csv-short-'));
    try {
      // t3 is t1 again after a different table (each distinct table's block is assembled in one buffer)
      const t1 = { file: 't1.csv', header: ['x'], rows: [], columns: { nRows: n, cells: [x] } };
      const t2 = { file: 't2.csv', header: ['u', 'x', 'y'], rows: [], columns: { nRows: n, cells: [unit, x, y] } };
      const t3 = { file: 't3.csv', header: ['x'], rows: [], columns: { nRows: n, cells: [x] } };
      writeCsvFiles(d, [t1, t2, t3], { bom: false });
      expect(readFileSync(join(d, 't1.csv'), 'utf8')).toBe(`x\n${text([x])}`);
      expect(readFileSync(join(d, 't3.csv'), 'utf8')).toBe(`x\n${text([x])}`);
      expect(readFileSync(join(d, 't2.csv'), 'utf8')).toBe(`u,x,y\n${text([unit, x, y])}`);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
