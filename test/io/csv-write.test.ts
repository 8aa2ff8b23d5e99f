import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/read/csv.js';
import { escapeFormula, toCsv, writeCsvFiles } from '../../src/io/write/csv-write.js';
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
    const n = 9_001; // more than two blocks of 4,096 rows
    const units = ['北京', '=x', 'a,b', 'q"r'];
    const x = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : Math.sin(i) * 10 ** ((i % 9) - 4)));
    const y = Float64Array.from({ length: n }, (_, i) => i * 0.1);
    const unit = (i: number) => units[i % 4];
    const period = (i: number) => (i % 3 ? 2010 + (i % 5) : null);
    const rowsOf = (cols: (Float64Array | ((i: number) => string | number | null))[]) =>
      Array.from({ length: n }, (_, i) => cols.map((c) => (typeof c === 'function' ? c(i) : Number.isNaN(c[i]) ? null : c[i])));
    const a = { file: 'a.csv', header: ['unit', 'period', 'x', 'y'], cols: [unit, period, x, y] };
    const b = { file: 'b.csv', header: ['unit', 'period', 'x', 'y'], cols: [unit, period, x, y] }; // identical to a
    const c = { file: 'c.csv', header: ['unit', 'y', 'x', '-h'], cols: [unit, y, x, x] }; // shares a's columns in another order
    const plain = {
      file: 'p.csv',
      header: ['k', 'v'],
      rows: [
        ['=1', 1.5],
        ['z', null],
      ] as (string | number | null)[][],
    };
    for (const bom of [true, false]) {
      const d = dir();
      try {
        writeCsvFiles(d, [...[a, b, c].map((t) => ({ file: t.file, header: t.header, rows: [], columns: { nRows: n, cells: t.cols } })), plain], { bom });
        for (const t of [a, b, c]) expect(read(d, t.file)).toBe(toCsv(t.header, rowsOf(t.cols), { bom }));
        expect(read(d, 'p.csv')).toBe(toCsv(plain.header, plain.rows, { bom }));
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
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
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
