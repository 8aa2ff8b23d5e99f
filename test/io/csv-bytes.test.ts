/**
 * parseCsvBytes (the UTF-8 reader of large files, on the bytes) against parseCsv of the decoded text:
 * the same header, rows, row numbers, notes, packed columns (bit for bit) and errors, on generated
 * files mixing quotes, doubled quotes, line breaks in quotes, CRLF / LF / lone CR, blank and
 * all-empty lines, title rows, short and long rows, multi-byte text, byte-order marks and the number
 * forms the packed columns read (and those they leave as text).
 */
import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvData, type CsvOptions } from '../../src/io/read/csv.js';
import { type ByteSource, lineCount, parseCsvBytes } from '../../src/io/read/csv-bytes.js';
import { readLargeText, readTable } from '../../src/io/read/table.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// mulberry32, independent of nqpf's Rng
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CELLS = [
  '',
  '',
  '1',
  '-2.5',
  '+.5',
  '7.',
  '0.1',
  '-0',
  '007.50',
  '123456789012345',
  '1234567890123456',
  '1e3',
  '2E-3',
  '1e999',
  'NA',
  '—',
  '12%',
  '1,234',
  '"1,234"',
  '"2.25"',
  '"a""b"',
  '"x\ny"',
  '"x\r\ny"',
  '"\r"',
  '""',
  ' 1',
  '1 ',
  'abc',
  '北京',
  '"上海,市"',
  'é',
  'f12345',
  'firm_000123',
  '"',
  'a"b',
  '"q"tail',
  '１２',
  '.',
  '-',
  '1.2.3',
  '0x10',
  '9007199254740993',
  '\t',
];
const ENDS = ['\n', '\r\n', '\r'];

/** A generated file: an optional title row, a header of `w` names, rows of random cells (sometimes short or long), random line ends. */
function generate(r: () => number, delim: string): { text: string; header: string[] } {
  const w = 2 + Math.floor(r() * 5);
  const header = Array.from({ length: w }, (_, j) => (j === 0 ? 'unit' : r() < 0.2 ? `指标${j}` : `x${j}`));
  const end = () => ENDS[Math.floor(r() * (r() < 0.8 ? 2 : 3))];
  let text = r() < 0.15 ? '\uFEFF' : '';
  if (r() < 0.2) text += `"面板数据（单位：亿元）"${end()}`;
  if (r() < 0.1) text += end();
  text += header.join(delim) + end();
  const nRows = Math.floor(r() * 30);
  for (let i = 0; i < nRows; i++) {
    const u = r();
    if (u < 0.04) {
      text += end();
      continue;
    }
    if (u < 0.07) {
      text += delim.repeat(w - 1) + end();
      continue;
    }
    const len = u < 0.12 ? Math.floor(r() * w) + 1 : u < 0.14 ? w + 1 : w;
    const cells = Array.from({ length: len }, (_, j) => (j === 0 ? `u${Math.floor(r() * 5)}` : CELLS[Math.floor(r() * CELLS.length)]));
    text += cells.join(delim) + (i === nRows - 1 && r() < 0.3 ? '' : end());
  }
  if (r() < 0.05) text += delim;
  return { text, header };
}

type Outcome = { ok: CsvData } | { error: { code: unknown; message: string; location: unknown } };
function outcome(f: () => CsvData): Outcome {
  try {
    const d = f();
    // Packed columns as plain arrays with their bits (a typed array's buffer kind is not compared), where
    // they are the cell's value: a row whose cell is text holds the text (PackedColumns).
    const bits = (x: number) => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x);
    const packed = d.packed ? [...d.packed].map(([k, v]) => [k, Array.from(v, (x, r) => (d.rows[r][k] == null ? bits(x) : 'text'))]) : undefined;
    return { ok: { ...d, packed: packed as never } };
  } catch (e) {
    const x = e as { code?: unknown; message: string; location?: unknown };
    return { error: { code: x.code, message: x.message, location: x.location } };
  }
}

describe('parseCsvBytes', () => {
  it('equals parseCsv of the decoded text on 1,500 generated files (rows, row numbers, notes, packed bits, errors)', () => {
    const r = rng(7);
    let compared = 0;
    let packedSeen = 0;
    let errors = 0;
    for (let k = 0; k < 1500; k++) {
      const delim = [',', ',', ';', '\t'][Math.floor(r() * 4)];
      const { text, header } = generate(r, delim);
      const numeric = r() < 0.8 ? new Set(header.filter(() => r() < 0.7)) : undefined;
      const opts: CsvOptions = { numeric, ...(r() < 0.1 ? { headerRow: 1 + Math.floor(r() * 3) } : {}) };
      const want = outcome(() => parseCsv(text, 'f.csv', opts));
      const got = outcome(() => parseCsvBytes(Buffer.from(text, 'utf8'), 'f.csv', opts));
      expect(got, JSON.stringify({ text, opts: { ...opts, numeric: numeric && [...numeric] } })).toEqual(want);
      compared++;
      if ('ok' in want && want.ok.packed) packedSeen++;
      if ('error' in want) errors++;
    }
    expect(compared).toBe(1500);
    // Both kinds are exercised: files with packed columns, and files refused (quotes, surplus fields, header).
    expect(packedSeen).toBeGreaterThan(300);
    expect(errors).toBeGreaterThan(100);
  });

  it('through a window (a ByteSource read a few bytes at a time): the same as parseCsv, records cut anywhere by the window', () => {
    const r = rng(11);
    for (let k = 0; k < 600; k++) {
      const delim = [',', ';', '\t'][Math.floor(r() * 3)];
      const { text, header } = generate(r, delim);
      const numeric = r() < 0.8 ? new Set(header.filter(() => r() < 0.7)) : undefined;
      const bytes = Buffer.from(text, 'utf8');
      let pos = 0;
      const source: ByteSource = {
        lines: lineCount(bytes, 0),
        read(into, at) {
          const len = Math.min(into.length - at, bytes.length - pos, 1 + Math.floor(r() * 9));
          bytes.copy(into, at, pos, pos + len);
          pos += len;
          return len;
        },
      };
      const window = [8, 16, 48][k % 3];
      const want = outcome(() => parseCsv(text, 'f.csv', { numeric }));
      expect(
        outcome(() => parseCsvBytes(source, 'f.csv', { numeric }, window)),
        JSON.stringify({ text, window }),
      ).toEqual(want);
    }
  });

  it('readLargeText (two passes through a window): the table, hash and encoding of the whole-file read; other encodings and workbooks left to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-csvw-'));
    try {
      const rows = ['地区,year,x1,x2'];
      for (let i = 0; i < 200; i++) rows.push(`城市${i},${2000 + (i % 9)},${i / 3},${i % 17 ? `"${i}"` : '—'}`);
      const numeric = new Set(['x1', 'x2']);
      for (const [name, text] of [
        ['lf.csv', `${rows.join('\n')}\n`],
        ['crlf.csv', rows.join('\r\n')],
        ['cr.csv', `${rows.join('\r')}\r`],
        ['bom.csv', `\uFEFF${rows.join('\r\n')}\r\n`],
      ]) {
        const path = join(dir, name);
        writeFileSync(path, text);
        const whole = await readTable(path, { numeric });
        for (const window of [5, 7, 64, 1000]) {
          const t = readLargeText(path, { numeric }, window)!;
          // Packed values where they are the cell's (a row holding text has the text).
          const values = (x: typeof t) => [...x.packed!].map(([j, v]) => [j, Array.from(v, (y, i) => (x.rows[i][j] == null ? y : 'text'))]);
          expect({ ...t, packed: values(t) }, `${name} ${window}`).toEqual({ ...whole, packed: values(whole) });
          expect(t.packed!.get(2)!.buffer.byteLength).toBe(200 * 8); // sized from the line count, exactly
        }
      }
      const gbk = join(dir, 'gbk.csv');
      writeFileSync(gbk, Buffer.from([0x75, 0x2c, 0x78, 0x0a, 0xb1, 0xb1, 0xbe, 0xa9, 0x2c, 0x31, 0x0a])); // u,x / 北京 in GBK,1
      expect(readLargeText(gbk, {}, 5)).toBeUndefined();
      const cut = join(dir, 'cut.csv');
      writeFileSync(cut, Buffer.concat([Buffer.from('u,x\n北,1\n'), Buffer.from([0xe5, 0x8c])])); // ends inside a character
      expect(readLargeText(cut, {}, 5)).toBeUndefined();
      const zip = join(dir, 'z.csv');
      writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0a, 0x0a]));
      expect(readLargeText(zip, {}, 5)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('many rows past the header search: the packed columns sized from the lines are exact, on shared memory', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const lines = ['unit,year,x1,x2', ...Array.from({ length: 5000 }, (_, i) => `u${i},${2000 + (i % 7)},${i / 8},${i % 13 ? -i : 'NA'}`)];
      for (const last of ['', end]) {
        const text = lines.join(end) + last;
        const opts = { numeric: new Set(['x1', 'x2']) };
        const got = parseCsvBytes(Buffer.from(text), 'f.csv', opts);
        expect(outcome(() => got)).toEqual(outcome(() => parseCsv(text, 'f.csv', opts)));
        const x1 = got.packed!.get(2)!;
        expect(x1.length).toBe(5000);
        expect(x1.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(x1.buffer.byteLength).toBe(5000 * 8);
        // Rows end at their last text field; packed cells read as text stay.
        expect(got.rows[1]).toEqual(['u1', '2001']);
        expect(got.rows[13]).toEqual(['u13', '2006', null, 'NA']);
      }
    }
  });

  it('readTable reads UTF-8 files (with and without a byte-order mark) on the bytes, other encodings decoded: the same table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-csvb-'));
    try {
      const text = ['地区,year,x1', '北京,2020,1.5', '"上海",2020,', '天津,2020,NA'].join('\r\n');
      const utf8 = join(dir, 'a.csv');
      const bom = join(dir, 'b.csv');
      const utf16 = join(dir, 'c.csv');
      writeFileSync(utf8, text);
      writeFileSync(bom, `\uFEFF${text}`);
      writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      const opts = { numeric: new Set(['x1']) };
      const [a, b, c] = await Promise.all([readTable(utf8, opts), readTable(bom, opts), readTable(utf16, opts)]);
      expect([a.encoding, b.encoding, c.encoding]).toEqual(['utf-8', 'utf-8-bom', 'utf-16le']);
      for (const t of [b, c]) {
        expect(t.rows).toEqual(a.rows);
        expect(t.packed).toEqual(a.packed);
      }
      expect(a.rows).toEqual([
        ['北京', '2020'],
        ['上海', '2020'],
        ['天津', '2020', 'NA'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
