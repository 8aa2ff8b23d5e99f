/**
 * The results.xlsx writer as it was before src/io/write/xlsx-write.ts wrote the parts itself:
 * exceljs builds the workbook, JSZip re-packs it with fixed dates. Kept as the reference the new
 * writer is compared with, byte for byte (test/io/xlsx-write-exceljs.test.ts). Same inputs, same
 * checks as the old `writeXlsx`, minus the file write.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { fail } from '../../src/core/errors.js';
import { escapeFormula } from '../../src/io/write/csv-write.js';
import { type SheetSpec, validSheetNames } from '../../src/io/write/xlsx-write.js';
import { FIXED_DATE } from '../../src/io/write/zip-write.js';

/** The old `fixedZip`: every entry dated FIXED_DATE, core properties' dates too, re-packed at level 6. */
export async function fixedZip(buf: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(buf);
  const core = zip.file('docProps/core.xml');
  if (core) {
    const xml = await core.async('string');
    const iso = FIXED_DATE.toISOString();
    zip.file('docProps/core.xml', xml.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`));
  }
  zip.forEach((_p, f) => {
    f.date = FIXED_DATE;
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

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

const DATA_STYLES = { row: Object.freeze({}), number: Object.freeze({}), text: Object.freeze({}), empty: Object.freeze({}) } as const;

/** The workbook bytes the exceljs writer produced for `sheets` (`path` only names the file in errors). */
export async function exceljsXlsx(path: string, sheets: SheetSpec[]): Promise<Uint8Array> {
  if (sheets.length === 0) {
    fail('E_XLSX_WRITE', `no sheets to write to ${path}`, { location: { file: path }, hint: 'pass at least one sheet' });
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nqpf';
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
      const added = ws.addRow(vals);
      (added as unknown as { style: object }).style = DATA_STYLES.row;
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
  return fixedZip(new Uint8Array(buf as ArrayBuffer));
}
