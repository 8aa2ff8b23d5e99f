import { describe, expect, it } from 'vitest';
import { detectDelimiter, findHeader, parseCsv } from '../../src/io/read/csv.js';
import { catchNqpf } from './catch-nqpf.js';

describe('parseCsv', () => {
  it('parseCsv(quoted fields, doubled quotes, embedded newlines, CRLF) follows RFC 4180', () => {
    // RFC 4180 §2 examples 6 and 7 combined: "b""b" and a field with a line break.
    const text = 'id,name,note\r\n1,"a,b","say ""hi"""\r\n2,"line1\r\nline2",x\r\n3,plain,\r\n';
    const r = parseCsv(text, 't.csv');
    expect(r.header).toEqual(['id', 'name', 'note']);
    expect(r.rows).toEqual([
      ['1', 'a,b', 'say "hi"'],
      ['2', 'line1\r\nline2', 'x'],
      ['3', 'plain', ''],
    ]);
    // Row 2 starts on line 3 and spans lines 3–4, so row 3 starts on line 5.
    expect(r.rowNumbers).toEqual([2, 3, 5]);
    expect(r.delimiter).toBe(',');
  });

  it('parseCsv(LF, no final newline) reads the last row', () => {
    const r = parseCsv('a,b\n1,2', 't.csv');
    expect(r.rows).toEqual([['1', '2']]);
  });

  it('parseCsv skips empty and all-empty lines but keeps physical line numbers', () => {
    const r = parseCsv('a,b\n\n1,2\n,\n\n3,4\n,,\n', 't.csv');
    expect(r.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(r.rowNumbers).toEqual([3, 6]);
  });

  it('parseCsv detects ; and tab delimiters from the header line, ignoring quoted ones', () => {
    expect(parseCsv('a;b;c\n1,5;2;3\n', 't.csv').rows).toEqual([['1,5', '2', '3']]);
    expect(parseCsv('a\tb\n1\t2\n', 't.tsv').rows).toEqual([['1', '2']]);
    expect(detectDelimiter('"x;y;z",b\n')).toBe(',');
    expect(detectDelimiter('"x,y,z";b\n')).toBe(';');
    expect(detectDelimiter('only\n1\n')).toBe(',');
  });

  it('parseCsv trims header names and strips a leading BOM', () => {
    const r = parseCsv('\uFEFF province , year \n北京,2011\n', 't.csv');
    expect(r.header).toEqual(['province', 'year']);
  });

  it('parseCsv pads short rows with ""', () => {
    expect(parseCsv('a,b,c\n1\n', 't.csv').rows).toEqual([['1', '', '']]);
  });

  it('parseCsv(unterminated quote) fails with file and the line where the quote opened', () => {
    const e = catchNqpf(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n', 'q.csv'));
    expect(e.code).toBe('E_CSV_QUOTE');
    expect(e.message).toContain('q.csv');
    expect(e.message).toContain('line 3');
    expect(e.location).toMatchObject({ file: 'q.csv', row: 3, column: 2 });
    expect(e.hint).toBeTruthy();
  });

  it('parseCsv(row with more fields than the header) fails with file and row', () => {
    const e = catchNqpf(() => parseCsv('a,b\n1,2\n3,4,5\n', 'm.csv'));
    expect(e.code).toBe('E_CSV_FIELDS');
    expect(e.message).toContain('m.csv');
    expect(e.location).toMatchObject({ file: 'm.csv', row: 3, column: 3 });
  });

  it('parseCsv(duplicate header) fails naming the column', () => {
    const e = catchNqpf(() => parseCsv('a,b, a\n1,2,3\n', 'd.csv'));
    expect(e.code).toBe('E_CSV_HEADER');
    expect(e.message).toContain('"a"');
    expect(e.message).toContain('d.csv');
    expect(e.location).toMatchObject({ file: 'd.csv', row: 1, column: 3 });
  });

  it('parseCsv(empty header name, e.g. trailing comma) fails', () => {
    const e = catchNqpf(() => parseCsv('a,b,\n1,2,\n', 'e.csv'));
    expect(e.code).toBe('E_CSV_HEADER');
    expect(e.location).toMatchObject({ file: 'e.csv', row: 1, column: 3 });
  });

  it('parseCsv(empty text) fails: no header', () => {
    expect(catchNqpf(() => parseCsv('\n\n', 'z.csv')).code).toBe('E_CSV_HEADER');
  });

  it('parseCsv agrees with an independent RFC 4180 reader on generated tables', async () => {
    const fc = await import('fast-check');
    const { parseCsvSimple } = await import('../helpers/shared.js');
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', '北', '1'), maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(field, { minLength: 4, maxLength: 4 }), { maxLength: 5 }), (w, rows) => {
        const header = Array.from({ length: w }, (_, k) => `c${k}`);
        const body = rows.map((r) => r.slice(0, w));
        const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = [header.join(','), ...body.map((r) => r.map(q).join(','))].join('\n') + '\n';
        const expected = parseCsvSimple(text)
          .slice(1)
          .filter((r) => !r.every((f) => f === ''));
        const got = parseCsv(text, 'p.csv');
        expect(got.rows).toEqual(expected);
      }),
    );
  });

  it('parseCsv(title line above the header) finds the header below it and reports the title', () => {
    const text = '数据来源：中国统计年鉴2023\n\n省份;年份;x\n北京;2011;1\n';
    const r = parseCsv(text, 't.csv');
    expect(r.delimiter).toBe(';'); // decided by the header line, not the title
    expect(r.header).toEqual(['省份', '年份', 'x']);
    expect(r.headerRow).toBe(3);
    expect(r.titleRows).toEqual([{ row: 1, text: '数据来源：中国统计年鉴2023' }]);
    expect(r.rows).toEqual([['北京', '2011', '1']]);
    expect(r.rowNumbers).toEqual([4]);
    // Excel's CSV of a merged title keeps the commas: still one value.
    expect(parseCsv('标题,,,\n单位：万元,,,\na,b,c\n1,2,3\n', 't.csv').headerRow).toBe(3);
  });

  it('parseCsv(headerRow) takes that line as the header, ignoring the lines above; an empty or missing line fails', () => {
    const r = parseCsv('note\nother,note\na,b\n1,2\n', 't.csv', { headerRow: 3 });
    expect(r.header).toEqual(['a', 'b']);
    expect(r.titleRows).toEqual([]);
    expect(r.rows).toEqual([['1', '2']]);
    expect(catchNqpf(() => parseCsv('a,b\n\n1,2\n', 't.csv', { headerRow: 2 })).message).toContain('header row 2 of t.csv is empty');
    expect(catchNqpf(() => parseCsv('a,b\n1,2\n', 't.csv', { headerRow: 9 })).location).toEqual({ file: 't.csv', row: 9 });
  });

  it('findHeader keeps the first row unless it is a one-value text title followed by a row of names', () => {
    expect(
      findHeader([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toBe(0);
    expect(findHeader([['Title'], ['a', 'b'], ['1', '2']])).toBe(1);
    expect(findHeader([['Title', 'Title', 'Title'], ['unit: 1e4 yuan'], ['a', 'b']])).toBe(2); // merged cells repeat the value
    expect(findHeader([['a'], ['1', '2']])).toBe(0); // a one-column header above numbers stays the header
    expect(findHeader([['2023'], ['a', 'b']])).toBe(0); // a number is not a title
    expect(
      findHeader([
        ['a', 'a'],
        ['1', '2'],
      ]),
    ).toBe(0);
  });
});
