/**
 * Reading one worksheet of an `.xlsx` workbook (exceljs) into header + rows of {@link Cell}s.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJS } from './exceljs.js';
import { fail, nearest } from '../../core/errors.js';
import type { Cell } from './cells.js';
import { findHeader } from './csv.js';

export type { Cell } from './cells.js';

/** One worksheet as a table. */
export interface XlsxData {
  header: string[];
  rows: Cell[][];
  /** Spreadsheet row number (1-based, as Excel shows it) of each data row. */
  rowNumbers: number[];
  /** The worksheet that was read. */
  sheet: string;
  /** Every worksheet of the workbook, in tab order. */
  sheets: string[];
  /** Spreadsheet row of the header. */
  headerRow: number;
  /** Title rows above an automatically found header, with their text; empty otherwise. */
  titleRows: { row: number; text: string }[];
}

/** Sheets as a list for messages, each with its position among `all` (default: the list itself): `1 "说明", 2 "数据"`. */
export function sheetList(sheets: readonly string[], all: readonly string[] = sheets): string {
  return sheets.map((n) => `${all.indexOf(n) + 1} "${n}"`).join(', ');
}

/**
 * Read a worksheet: the first one, the one named `sheet` (a string), or the `sheet`-th (a number,
 * 1-based, in tab order). An unknown name or number → `E_XLSX_SHEET` listing the sheets.
 *
 * The header is row `opts.headerRow`, else the first non-empty row — or, when that row is a title
 * (one distinct non-empty value, e.g. `数据来源：…` merged over A1:F1), the first row below it with
 * two or more (`findHeader`); rows above the header are ignored. Header names are trimmed; empty
 * or duplicate names → `E_XLSX_HEADER`; the header ends at its last non-empty cell. Fully empty
 * rows are skipped; a non-empty cell right of the header → `E_XLSX_FIELDS`. Cell values:
 * - numbers stay numbers; text stays text (rich text runs joined; hyperlinks give their text);
 * - formulas give their cached result. exceljs cannot tell an empty-text result (`=IF(A2="","",A2)`)
 *   from a missing one, so a formula without a result reads as `null` — unless *no* formula on the
 *   sheet has a result: then the workbook was never calculated (written by a library) and
 *   `E_XLSX_FORMULA` names the first such cell rather than reading every formula as empty;
 * - dates → ISO `yyyy-mm-dd` (with `Thh:mm:ss` appended only when the time is not midnight);
 * - booleans → `"TRUE"` / `"FALSE"`; error values (`#N/A`, `#DIV/0!`) → their text (read as
 *   missing markers by the numeric cell reader, `cells.ts`);
 * - empty → `null`; cells inside a merged range repeat the merged value (exceljs behaviour,
 *   so a province merged over several year rows is filled down).
 *
 * Cost: O(cells); the whole workbook is loaded in memory.
 */
export async function readXlsx(buf: Uint8Array | Buffer, file: string, sheet?: string | number, opts: { headerRow?: number } = {}): Promise<XlsxData> {
  const X = await loadExcelJS();
  const wb = new X.Workbook();
  try {
    const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    await wb.xlsx.load(b as unknown as ArrayBuffer);
  } catch (e) {
    fail('E_XLSX_READ', `cannot read ${file} as an .xlsx workbook: ${(e as Error).message}`, {
      location: { file },
      hint: 'the file may be damaged, password-protected, or an old .xls saved with a .xlsx name; open it and save as .xlsx or CSV UTF-8',
    });
  }
  const names = wb.worksheets.map((w) => w.name);
  let ws: ExcelJS.Worksheet | undefined;
  if (sheet === undefined) ws = wb.worksheets[0];
  else if (typeof sheet === 'number') ws = Number.isInteger(sheet) && sheet >= 1 ? wb.worksheets[sheet - 1] : undefined;
  else ws = wb.worksheets.find((w) => w.name === sheet);
  if (!ws) {
    if (sheet === undefined) fail('E_XLSX_SHEET', `${file} has no worksheets`, { location: { file } });
    if (typeof sheet === 'number') {
      fail('E_XLSX_SHEET', `no sheet ${sheet} in ${file}: it has ${names.length} sheet${names.length === 1 ? '' : 's'} (${sheetList(names)})`, {
        location: { file },
        hint: 'data.sheet is a sheet name or its position from 1 (left to right)',
        data: { sheets: names },
      });
    }
    const near = nearest(sheet, names, 1);
    fail('E_XLSX_SHEET', `no sheet "${sheet}" in ${file} (sheets: ${sheetList(names)})`, {
      location: { file },
      hint: near.length ? `did you mean "${near[0]}"?` : 'use one of the sheet names listed, or the sheet position (sheet: 2)',
      data: { sheets: names },
    });
  }
  const others =
    names.length > 1
      ? `; other sheets: ${sheetList(
          names.filter((n) => n !== ws!.name),
          names,
        )}`
      : '';
  const where = `${file} [${ws.name}]`;
  const all: { n: number; cells: Cell[] }[] = [];
  const formulas = { total: 0, withResult: 0, first: '', firstRow: 0, firstCol: '' };
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: Cell[] = [];
    const count = row.cellCount;
    for (let c = 1; c <= count; c++) {
      const cell = row.getCell(c);
      if (cell.type === X.ValueType.Formula) {
        // cell.value drops falsy results (0, FALSE) in exceljs 4.4; cell.result keeps them.
        const res = cell.result as Raw;
        formulas.total++;
        if (res === undefined || res === null) {
          if (!formulas.first) Object.assign(formulas, { first: `${colLetter(c)}${n}`, firstRow: n, firstCol: colLetter(c) });
          cells.push(null);
        } else {
          formulas.withResult++;
          cells.push(convert(res));
        }
      } else cells.push(convert(cell.value));
    }
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    if (cells.length) all.push({ n, cells });
  });
  if (formulas.total > 0 && formulas.withResult === 0) {
    fail('E_XLSX_FORMULA', `no formula on sheet "${ws.name}" of ${file} has a calculated value (first: cell ${formulas.first})${others}`, {
      location: { file, row: formulas.firstRow, column: formulas.firstCol },
      hint: 'the workbook was saved without calculating its formulas; open it in Excel or WPS, let it recalculate, and save again (or paste the values)',
    });
  }
  if (all.length === 0) {
    fail('E_XLSX_HEADER', `sheet "${ws.name}" of ${file} is empty${others}`, {
      location: { file, row: 1 },
      hint: others ? 'set data.sheet to the sheet that holds the data (its name, or its position: sheet: 2)' : 'the first row must name the columns',
      data: { sheets: names },
    });
  }
  let h0: number;
  if (opts.headerRow !== undefined) {
    h0 = all.findIndex((r) => r.n === opts.headerRow);
    if (h0 < 0) {
      fail('E_XLSX_HEADER', `the header row ${opts.headerRow} of sheet "${ws.name}" of ${file} is empty${others}`, {
        location: { file, row: opts.headerRow },
        hint: `set data.headerRow to the row that names the columns (the first non-empty row is ${all[0].n})`,
        data: { sheets: names },
      });
    }
  } else h0 = findHeader(all.map((r) => r.cells));
  const titleRows =
    opts.headerRow === undefined
      ? all.slice(0, h0).map((r) => ({ row: r.n, text: String(r.cells.find((c) => c !== null && String(c).trim() !== '') ?? '').trim() }))
      : [];
  const headerRow = all[h0];
  const header = headerRow.cells.map((c) => (c === null ? '' : String(c).trim()));
  const seen = new Map<string, number>();
  header.forEach((h, k) => {
    if (h === '') {
      fail('E_XLSX_HEADER', `empty column name in column ${colLetter(k + 1)} of the header of ${where}${others}`, {
        location: { file, row: headerRow.n, column: colLetter(k + 1) },
        hint: 'give every column a name in the header row',
      });
    }
    const prev = seen.get(h);
    if (prev !== undefined) {
      fail('E_XLSX_HEADER', `duplicate column name "${h}" in columns ${colLetter(prev + 1)} and ${colLetter(k + 1)} of the header of ${where}${others}`, {
        location: { file, row: headerRow.n, column: colLetter(k + 1) },
        hint: 'column names must be unique; rename one of them',
      });
    }
    seen.set(h, k);
  });
  const w = header.length;
  const rows: Cell[][] = [];
  const rowNumbers: number[] = [];
  for (let r = h0 + 1; r < all.length; r++) {
    const { n, cells } = all[r];
    if (cells.length > w) {
      fail('E_XLSX_FIELDS', `row ${n} of ${where} has a value in column ${colLetter(cells.length)}, right of the last named column ${colLetter(w)}${others}`, {
        location: { file, row: n, column: colLetter(cells.length) },
        hint: 'name that column in the header row, or delete the stray value',
      });
    }
    while (cells.length < w) cells.push(null);
    rows.push(cells);
    rowNumbers.push(n);
  }
  return { header, rows, rowNumbers, sheet: ws.name, sheets: names, headerRow: headerRow.n, titleRows };
}

/** Spreadsheet column letters: 1 → A, 27 → AA. */
export function colLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

type Raw = ExcelJS.CellValue | undefined;

function convert(v: Raw): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return isoDate(v);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const res = (v as { result?: unknown }).result;
      return res === undefined || res === null ? null : convert(res as Raw);
    }
    if ('error' in v) return String((v as { error: unknown }).error);
    if ('text' in v) {
      const t = (v as { text: unknown }).text;
      if (typeof t === 'string') return t;
      return convert(t as Raw); // hyperlink whose text is rich text
    }
  }
  return String(v);
}

function isoDate(d: Date): string {
  const iso = d.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)}T${time}`;
}
