import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { BLANK_MARKER, DEFAULT_MISSING_MARKERS, missingMarkers, parseNumericCell, readNumericCell } from '../../src/io/read/cells.js';
import { catchNqpf } from './catch-nqpf.js';

const at = { file: 'd.csv', row: 7, column: 'rd' };

describe('parseNumericCell', () => {
  it('parseNumericCell(number) passes numbers through, null is missing', () => {
    expect(parseNumericCell(3.25, at)).toBe(3.25);
    expect(parseNumericCell(-0.5, at)).toBe(-0.5);
    expect(parseNumericCell(null, at)).toBeNaN();
  });

  it('parseNumericCell(text) reads decimals, signs and scientific notation', () => {
    const cases: [string, number][] = [
      ['42', 42],
      [' 3.5 ', 3.5],
      ['-7', -7],
      ['+2', 2],
      ['.5', 0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['-2.5E-2', -0.025],
      ['\u3000936.6\u3000', 936.6],
      ['5187473.24022', 5187473.24022],
    ];
    for (const [s, v] of cases) expect(parseNumericCell(s, at)).toBe(v);
  });

  it('parseNumericCell(thousands separators) removes them only in groups of three', () => {
    expect(parseNumericCell('1,234.5', at)).toBe(1234.5);
    expect(parseNumericCell('-12,345,678', at)).toBe(-12345678);
    expect(catchNqpf(() => parseNumericCell('12,34', at)).code).toBe('E_NON_NUMERIC');
  });

  it('parseNumericCell(full-width text) normalises digits, point, comma and minus', () => {
    expect(parseNumericCell('１２３', at)).toBe(123);
    expect(parseNumericCell('１２．５', at)).toBe(12.5);
    expect(parseNumericCell('１，２３４', at)).toBe(1234);
    expect(parseNumericCell('－３．２', at)).toBe(-3.2);
  });

  it('parseNumericCell(missing markers) gives NaN, case-insensitively and full-width or not', () => {
    expect(DEFAULT_MISSING_MARKERS).toEqual(['NA', 'N/A', '#N/A', 'NaN', 'null', '..', '...', '…', '……', '-', '--', '—', '——', '–', '―', '/', '#DIV/0!']);
    for (const t of [
      ...DEFAULT_MISSING_MARKERS,
      '',
      'na',
      'n/a',
      'nan',
      'NULL',
      'Null',
      ' .. ',
      '－',
      '／',
      'ＮＡ',
      '＃Ｎ／Ａ',
      '#div/0!',
      ' ',
      '\u3000',
      '\u200b',
    ]) {
      expect(parseNumericCell(t, at)).toBeNaN();
    }
  });

  it('readNumericCell tells markers from empty cells: the marker as written, (blank) for spaces, NaN for empty', () => {
    expect(readNumericCell('……', at)).toEqual({ marker: '……' });
    expect(readNumericCell(' — ', at)).toEqual({ marker: '—' });
    expect(readNumericCell('#N/A', at)).toEqual({ marker: '#N/A' });
    expect(readNumericCell('\u3000\u3000', at)).toEqual({ marker: BLANK_MARKER });
    expect(readNumericCell('', at)).toBeNaN();
    expect(readNumericCell(null, at)).toBeNaN();
    expect(readNumericCell('12.5', at)).toBe(12.5);
    const e = readNumericCell('abc', at);
    expect(e).toBeInstanceOf(NqpfError);
    expect((e as NqpfError).code).toBe('E_NON_NUMERIC');
  });

  it('missingMarkers(list) adds to the defaults, { only } replaces them; numeric markers match numbers too', () => {
    const extra = missingMarkers(['无', '-999']);
    expect(readNumericCell('无', at, extra)).toEqual({ marker: '无' });
    expect(readNumericCell('…', at, extra)).toEqual({ marker: '…' });
    expect(readNumericCell('-999', at, extra)).toEqual({ marker: '-999' });
    expect(readNumericCell(-999, at, extra)).toEqual({ marker: '-999' });
    expect(readNumericCell('-999.0', at, extra)).toEqual({ marker: '-999.0' });
    expect(readNumericCell('-998', at, extra)).toBe(-998);
    const only = missingMarkers({ only: ['无'] });
    expect(readNumericCell('无', at, only)).toEqual({ marker: '无' });
    expect((readNumericCell('…', at, only) as NqpfError).code).toBe('E_NON_NUMERIC');
    expect(readNumericCell('  ', at, only)).toEqual({ marker: BLANK_MARKER });
    expect(readNumericCell('', at, only)).toBeNaN();
  });

  it('parseNumericCell("12%") fails and tells to convert the column', () => {
    const e = catchNqpf(() => parseNumericCell('12.5%', at));
    expect(e.code).toBe('E_NON_NUMERIC');
    expect(e.message).toContain('12.5%');
    expect(e.hint).toMatch(/convert the column/);
    expect(catchNqpf(() => parseNumericCell('３％', at)).hint).toMatch(/convert the column/);
  });

  it('parseNumericCell(other text) fails with E_NON_NUMERIC naming file, row, column and text', () => {
    for (const s of ['abc', '1.2.3', '0x10', 'Infinity', '1 234', '12万', '#VALUE!', '1e400']) {
      const e = catchNqpf(() => parseNumericCell(s, at));
      expect(e.code).toBe('E_NON_NUMERIC');
      expect(e.message).toContain('d.csv');
      expect(e.message).toContain('row 7');
      expect(e.message).toContain('"rd"');
      expect(e.message).toContain(`"${s}"`);
      expect(e.location).toEqual({ file: 'd.csv', row: 7, column: 'rd' });
    }
    expect(catchNqpf(() => parseNumericCell('abc', at)).hint).toContain('N/A');
    expect(catchNqpf(() => parseNumericCell('1,5', at)).hint).toMatch(/decimal comma/);
    expect(catchNqpf(() => parseNumericCell('#REF!', at)).hint).toMatch(/Excel error value.*data\.missing/);
  });

  it('parseNumericCell(±Infinity number) fails', () => {
    expect(catchNqpf(() => parseNumericCell(Infinity, at)).code).toBe('E_NON_NUMERIC');
  });

  it('parseNumericCell agrees with Number() on shortest round-trip strings (property)', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const _s = String(x);
        // String(x) may use the form "1e+21" or "5e-324" (scientific notation), which must parse.
        expect(parseNumericCell(String(x), at)).toBe(Number(String(x)));
      }),
    );
  });
});
