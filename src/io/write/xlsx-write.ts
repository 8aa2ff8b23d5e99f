/**
 * Writing result tables to an `.xlsx` workbook (exceljs) that opens cleanly in Excel and WPS.
 */
import { fixedZip } from './zip-fixed.js';
import { loadExcelJS } from '../read/exceljs.js';
import { fail } from '../../core/errors.js';
import { writeFileAtomic } from './atomic.js';
import { escapeFormula } from './csv-write.js';

/** One worksheet to write. */
export interface SheetSpec {
  name: string;
  header: string[];
  rows: (string | number | null)[][];
  /** Free text about the sheet (units, method); stored as a comment (note) on the first header cell. */
  note?: string;
  /** Machine names of the columns (the CSV header) when `header` shows labels: each differing one is a note on its header cell. */
  keys?: string[];
}

const INVALID = /[[\]:*?/\\]/g;

/**
 * Make worksheet names valid for Excel: the characters `[ ] : * ? / \` become `_`, leading and
 * trailing apostrophes and spaces are removed, empty → `Sheet`, at most 31 characters, the
 * reserved name `History` is avoided, and names are unique case-insensitively (` (2)`, ` (3)`…
 * appended within the 31-character limit).
 */
export function validSheetNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    let base = raw.replace(INVALID, '_').replace(/^[' ]+|[' ]+$/g, '');
    if (base === '') base = 'Sheet';
    if (base.toLowerCase() === 'history') base = 'History_';
    base = Array.from(base).slice(0, 31).join('');
    let name = base;
    for (let k = 2; used.has(name.toLowerCase()); k++) {
      const suffix = ` (${k})`;
      name =
        Array.from(base)
          .slice(0, 31 - suffix.length)
          .join('') + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/** Display width of text: CJK and other wide characters count 2. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        c >= 0x20000)
        ? 2
        : 1;
  }
  return w;
}

/**
 * The style objects of the data rows and their cells (no style of their own: exceljs gives each
 * row and cell a new empty object). When a workbook is written, exceljs renders a style object's
 * XML once and remembers its id by object identity (a WeakMap), so tens of thousands of distinct
 * empty objects cost tens of thousands of renderings. Sharing one object per kind gives the same
 * ids (each object is only used with one cell type: the id depends on the object's content and
 * the cell's type) and the same bytes. Nothing writes into them: only the header row is styled,
 * and its cells keep their own objects. Frozen, so a write would fail loudly.
 */
const DATA_STYLES = {
  row: Object.freeze({}),
  number: Object.freeze({}),
  text: Object.freeze({}),
  empty: Object.freeze({}),
} as const;

/**
 * Write a workbook with one worksheet per entry, atomically (see `writeFileAtomic`).
 *
 * - header row bold and frozen (stays visible when scrolling);
 * - numbers written as numbers (full double precision); NaN and `null` → empty cells;
 *   ±Infinity → `E_XLSX_WRITE`;
 * - text through {@link escapeFormula} (a leading `=`, `+`, `-`, `@`, tab, CR gets `'`), so a
 *   copy-paste or CSV re-export cannot become a formula;
 * - column widths from the longest entry (CJK counted double), between 6 and 60 characters;
 * - sheet names made valid ({@link validSheetNames});
 * - `keys`: a header cell whose text differs from its key gets the key as a comment (note);
 * - `note` becomes a comment on cell A1.
 *
 * Cost: O(cells); the workbook is built in memory.
 */
export async function writeXlsx(path: string, sheets: SheetSpec[]): Promise<void> {
  if (sheets.length === 0) {
    fail('E_XLSX_WRITE', `no sheets to write to ${path}`, { location: { file: path }, hint: 'pass at least one sheet' });
  }
  const X = await loadExcelJS();
  const wb = new X.Workbook();
  wb.creator = 'nqpf';
  // Fixed timestamps keep output deterministic (conventions §7: no wall-clock times in data files).
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const names = validSheetNames(sheets.map((s) => s.name));
  sheets.forEach((s, i) => {
    const ws = wb.addWorksheet(names[i], { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    const widths = s.header.map((h) => textWidth(h));
    const headerRow = ws.addRow(s.header.map((h) => escapeFormula(h)));
    headerRow.font = { bold: true };
    s.rows.forEach((row, r) => {
      if (row.length !== s.header.length) {
        fail('E_XLSX_WRITE', `sheet "${s.name}": row ${r + 1} has ${row.length} cells but the header has ${s.header.length}`, {
          location: { file: path },
          hint: 'every output row must have one cell per column',
        });
      }
      const vals = row.map((v, c) => {
        if (v === null || v === undefined) return null;
        if (typeof v === 'number') {
          if (Number.isNaN(v)) return null;
          if (!Number.isFinite(v)) {
            fail('E_XLSX_WRITE', `sheet "${s.name}": infinite value in row ${r + 1}, column "${s.header[c]}"`, {
              location: { file: path, column: s.header[c] },
              hint: 'an infinite result usually means a division by zero upstream',
            });
          }
          widths[c] = Math.max(widths[c], Math.min(String(v).length, 14));
          return v;
        }
        const t = escapeFormula(v);
        widths[c] = Math.max(widths[c], textWidth(t));
        return t;
      });
      // One style object per kind of cell, shared by all data cells of that kind (see DATA_STYLES).
      const added = ws.addRow(vals);
      (added as unknown as { style: object }).style = DATA_STYLES.row; // a Row's style object, not in exceljs's typings
      for (let c = 0; c < vals.length; c++) {
        const v = vals[c];
        added.getCell(c + 1).style = v === null ? DATA_STYLES.empty : typeof v === 'number' ? DATA_STYLES.number : DATA_STYLES.text;
      }
    });
    widths.forEach((w, c) => {
      ws.getColumn(c + 1).width = Math.max(6, Math.min(60, w + 2));
    });
    s.keys?.forEach((k, c) => {
      if (k !== s.header[c]) ws.getCell(1, c + 1).note = k;
    });
    if (s.note && s.header.length) ws.getCell(1, 1).note = s.note;
  });
  const buf = await wb.xlsx.writeBuffer();
  await writeFileAtomic(path, await fixedZip(new Uint8Array(buf as ArrayBuffer)));
}
