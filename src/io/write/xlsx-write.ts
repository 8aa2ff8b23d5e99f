/**
 * Writing result tables to an `.xlsx` workbook that opens cleanly in Excel, WPS and LibreOffice:
 * SpreadsheetML parts written as text and zipped (zip-write.ts), no spreadsheet library.
 */
import { fail } from '../../core/errors.js';
import { writeFileAtomic } from './atomic.js';
import { escapeFormula } from './csv-write.js';
import { XLSX_THEME } from './xlsx-theme.js';
import { type ColumnTexts, formatNumbers, type NumberTexts } from './number-text.js';
import { FIXED_DATE, withFolders, zipArchive, type ZipEntry } from './zip-write.js';

/** One worksheet to write. */
export interface SheetSpec {
  name: string;
  header: string[];
  rows: readonly (readonly (string | number | null)[])[];
  /** Free text about the sheet (units, method); stored as a comment (note) on the first header cell. */
  note?: string;
  /** Machine names of the columns (the CSV header) when `header` shows labels: each differing one is a note on its header cell. */
  keys?: string[];
  /**
   * The texts of the columns' numbers as the CSV writer formatted them (csv-write.ts takeCsvTexts),
   * when at hand: a column whose cells hold the same numbers is written from them, any other formatted here.
   */
  texts?: readonly (ColumnTexts | undefined)[];
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

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.';

const XML_ESCAPE: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/**
 * Text for XML content and attribute values: `" & ' < >` as entities, and the characters XML 1.0
 * cannot hold (C0 controls other than tab, LF and CR, and DEL) dropped — exceljs's `xmlEncode`.
 */
export function xmlText(s: string): string {
  return /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/.test(s) ? s.replace(/[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => XML_ESCAPE[c] ?? '') : s;
}

/** A `<t>` element: `xml:space="preserve"` when the text starts or ends with white space or holds a line feed. */
function tElement(s: string): string {
  return /^\s|\n|\s$/.test(s) ? `<t xml:space="preserve">${xmlText(s)}</t>` : `<t>${xmlText(s)}</t>`;
}

/** Column letters of column `c` (1-based): A … Z, AA … */
function columnName(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function relationships(rels: [id: string, type: string, target: string][]): string {
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('')}</Relationships>`;
}

/** The note (comment) shape of a header cell in the legacy VML drawing, as Excel and exceljs write it. */
function vmlShape(index: number, col: number): string {
  return (
    `<v:shape id="_x0000_s${1025 + index}" type="#_x0000_t202" style="position:absolute; margin-left:105.3pt;margin-top:10.5pt;` +
    'width:97.8pt;height:59.1pt;z-index:1;visibility:hidden" fillcolor="infoBackground [80]" strokecolor="none [81]" o:insetmode="auto">' +
    '<v:fill color2="infoBackground [80]"/><v:shadow color="none [81]" obscured="t"/><v:path o:connecttype="none"/>' +
    '<v:textbox style="mso-direction-alt:auto" inset="1.3mm,1.3mm,2.5mm,2.5mm"><div style="text-align:left"/></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col}, 6, 0, 14, ${col + 2}, 2, 4, 16</x:Anchor>` +
    `<x:Locked>True</x:Locked><x:AutoFill>False</x:AutoFill><x:LockText>True</x:LockText><x:Row>0</x:Row><x:Column>${col - 1}</x:Column>` +
    '</x:ClientData></v:shape>'
  );
}

const VML_HEAD =
  `${XML_HEAD}<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" ` +
  'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
  '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>' +
  '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>';

const WORKSHEET_HEAD =
  `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}" ` +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" ' +
  'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">';
const SHEET_VIEWS =
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
  '<selection pane="bottomLeft"/></sheetView></sheetViews>' +
  '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>';
const PAGE =
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
  '<pageSetup orientation="portrait" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="1"/>';

/** xl/styles.xml: the default style (0) and, when any header cell exists, the bold header style (1). */
function stylesXml(bold: boolean): string {
  const fonts = bold
    ? '<fonts count="2" x14ac:knownFonts="1"><font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font><font><b/></font></fonts>'
    : '<fonts count="1" x14ac:knownFonts="1"><font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font></fonts>';
  const xfs = bold
    ? '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
      '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    : '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>';
  return (
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
    'mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" ' +
    `xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">${fonts}` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>${xfs}` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>' +
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/><extLst>' +
    '<ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">' +
    '<x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext>' +
    '<ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">' +
    '<x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>'
  );
}

const CORE_XML =
  `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>nqpf</dc:creator><dc:title></dc:title><dc:subject></dc:subject>' +
  '<dc:description></dc:description><cp:keywords></cp:keywords><cp:category></cp:category><cp:lastModifiedBy>Unknown</cp:lastModifiedBy>' +
  `<dcterms:created xsi:type="dcterms:W3CDTF">${FIXED_DATE.toISOString()}</dcterms:created>` +
  `<dcterms:modified xsi:type="dcterms:W3CDTF">${FIXED_DATE.toISOString()}</dcterms:modified></cp:coreProperties>`;

/** The shared-string table: each distinct text once, in order of first use, and the number of uses. */
class SharedStrings {
  readonly index = new Map<string, number>();
  readonly values: string[] = [];
  /** Display width of each text ({@link textWidth}), −1 until asked. */
  readonly widths: number[] = [];
  count = 0;
  add(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.index.set(s, i);
      this.values.push(s);
      this.widths.push(-1);
    }
    return i;
  }
  width(i: number): number {
    let w = this.widths[i];
    if (w < 0) w = this.widths[i] = textWidth(this.values[i]);
    return w;
  }
  xml(): string {
    const parts = [`${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.values.length}">`];
    for (const v of this.values) parts.push(`<si>${tElement(v)}</si>`);
    parts.push('</sst>');
    return parts.join('');
  }
}

/**
 * A worksheet's XML as bytes, appended to a buffer that doubles when full. Every byte of a sheet
 * part is ASCII (cell references, numbers, shared-string indices; text lives in the shared-string
 * table), so characters are written as they are, without a text per cell or row: a city run's
 * workbook is 52 MB of sheet XML, and building it as strings cost more in concatenation, flattening,
 * UTF-8 encoding and garbage collection than in formatting the numbers. The first `start` bytes are
 * left free for the part's head, written last (it holds the column widths, known once the cells are).
 */
class AsciiSink {
  buf: Uint8Array;
  n: number;
  constructor(
    size: number,
    readonly start = 0,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(1024, start + size));
    this.n = start;
  }
  /** The buffer, with room for `k` more bytes. */
  room(k: number): Uint8Array {
    if (this.n + k > this.buf.length) {
      const b = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
      b.set(this.buf.subarray(0, this.n));
      this.buf = b;
    }
    return this.buf;
  }
  text(s: string): void {
    const b = this.room(s.length);
    this.n = putString(b, this.n, s);
  }
}

/** Writes the ASCII text `s` into `b` at `n`; returns the end. */
function putString(b: Uint8Array, n: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[n++] = s.charCodeAt(i);
  return n;
}

/** Writes the decimal digits of the integer `k` ≥ 0 into `b` at `n`; returns the end. */
function putInt(b: Uint8Array, n: number, k: number): number {
  let e = n + 1;
  for (let t = k; t >= 10; t = Math.floor(t / 10)) e++;
  for (let i = e; i > n; ) {
    const q = Math.floor(k / 10);
    b[--i] = 48 + k - q * 10;
    k = q;
  }
  return e;
}

/** Room a cell can take at most: its reference (≤ 3 letters and 7 digits), the markup, a number (≤ 24 characters) or a string index. */
const CELL_MAX = 64;
/** Room a row's markup takes at most besides its cells. */
const ROW_MAX = 96;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

const noInfinity = (): never => {
  throw new Error('unreachable: infinities are checked before formatting');
};

/**
 * The texts of each column's numbers: the CSV writer's (`s.texts`) where the column holds the same
 * numbers, else formatted here, a column at a time ({@link formatNumbers}); undefined for a column
 * without numbers. Fails (E_XLSX_WRITE) on a row of the wrong length or an infinite number, the
 * first in row order. Also counts the number and text cells (for the size of the part).
 */
function columnTexts(path: string, s: SheetSpec): { texts: (NumberTexts | undefined)[]; numbers: number; strings: number } {
  const n = s.header.length;
  const rows = s.rows;
  const nR = rows.length;
  const kept = s.texts;
  // Per column: 0 no number, 1 numbers the kept texts hold, 2 numbers to format here.
  const state = new Uint8Array(n);
  let numbers = 0;
  let strings = 0;
  for (let r = 0; r < nR; r++) {
    const row = rows[r];
    if (row.length !== n) {
      fail('E_XLSX_WRITE', `sheet "${s.name}": row ${r + 1} has ${row.length} cells but the header has ${n}`, {
        location: { file: path },
        hint: 'every output row must have one cell per column',
      });
    }
    for (let c = 0; c < n; c++) {
      const v = row[c];
      if (typeof v !== 'number') {
        if (typeof v === 'string') strings++;
        continue;
      }
      if (v !== v) continue;
      if (v === Infinity || v === -Infinity) {
        fail('E_XLSX_WRITE', `sheet "${s.name}": infinite value in row ${r + 1}, column "${s.header[c]}"`, {
          location: { file: path, column: s.header[c] },
          hint: 'an infinite result usually means a division by zero upstream',
        });
      }
      numbers++;
      if (state[c] === 2) continue;
      const k = kept?.[c];
      state[c] = k !== undefined && k.values[r] === v ? 1 : 2;
    }
  }
  const texts = new Array<NumberTexts | undefined>(n);
  for (let c = 0; c < n; c++) {
    if (state[c] === 1) texts[c] = kept![c];
    else if (state[c] === 2) {
      const x = new Float64Array(nR);
      for (let r = 0; r < nR; r++) {
        const v = rows[r][c];
        x[r] = typeof v === 'number' ? v : NaN;
      }
      texts[c] = formatNumbers(x, 0, nR, { bytes: Buffer.allocUnsafe(0), ends: new Int32Array(nR) }, noInfinity);
    }
  }
  return { texts, numbers, strings };
}

/** Rows whose cells are classified ({@link cellCodes}) and then written ({@link writeRows}) at a time. */
const ROW_BLOCK = 4096;
/** Cell codes of {@link cellCodes}: no cell (null, undefined, NaN) and a number; a text cell's code is its shared-string index. */
const NO_CELL = -1;
const NUMBER = -2;

/**
 * Rows start … end − 1 of `rows` as cell codes into `codes` (row-major from 0): {@link NO_CELL},
 * {@link NUMBER}, or the shared-string index of a text cell (added to `strings` in row order) whose
 * display width widens its column's. Reads the rows' cells once, so the writing reads typed arrays only.
 */
function cellCodes(rows: SheetSpec['rows'], start: number, end: number, n: number, codes: Int32Array, strings: SharedStrings, widths: Int32Array): void {
  let k = 0;
  for (let r = start; r < end; r++) {
    const row = rows[r];
    for (let c = 0; c < n; c++, k++) {
      const v = row[c];
      if (typeof v === 'number') codes[k] = v !== v ? NO_CELL : NUMBER;
      else if (v === null || v === undefined) codes[k] = NO_CELL;
      else {
        const i = strings.add(escapeFormula(v));
        const w = strings.width(i);
        if (w > widths[c]) widths[c] = w;
        codes[k] = i;
      }
    }
  }
}

/** Scratch: a row's number (its digits). */
const ROW_DIGITS = new Uint8Array(16);

/**
 * Rows start … end − 1 of a sheet into `body`, from their cell codes ({@link cellCodes}, `codes`
 * from 0 for row `start`): `pre` holds each column's `<c r="` and letters (column c's from
 * `preEnds[c − 1]`, 0 for c = 0), `tBytes`/`tEnds` each column's number texts over all rows (see
 * {@link NumberTexts}). A number cell widens its column's width up to 14. Every byte written here
 * comes from a typed array: one compiled form serves every sheet, whatever its rows hold.
 */
function writeRows(
  body: AsciiSink,
  start: number,
  end: number,
  n: number,
  codes: Int32Array,
  pre: Uint8Array,
  preEnds: Int32Array,
  tBytes: readonly Uint8Array[],
  tEnds: readonly Int32Array[],
  widths: Int32Array,
  rowTail: Uint8Array,
): void {
  const digits = ROW_DIGITS;
  const rowRoom = ROW_MAX + n * CELL_MAX;
  for (let r = start; r < end; r++) {
    const rl = putInt(digits, 0, r + 2);
    const b = body.room(rowRoom);
    let p = body.n;
    // <row r="
    b[p] = 60;
    b[p + 1] = 114;
    b[p + 2] = 111;
    b[p + 3] = 119;
    b[p + 4] = 32;
    b[p + 5] = 114;
    b[p + 6] = 61;
    b[p + 7] = 34;
    p += 8;
    for (let k = 0; k < rl; k++) b[p++] = digits[k];
    for (let k = 0; k < rowTail.length; k++) b[p++] = rowTail[k];
    const open = p;
    b[p++] = 62; // >
    let cells = false;
    const base = (r - start) * n;
    for (let c = 0; c < n; c++) {
      const code = codes[base + c];
      if (code === NO_CELL) continue;
      // <c r="A…, then the row's number
      for (let q = c ? preEnds[c - 1] : 0, e = preEnds[c]; q < e; q++) b[p++] = pre[q];
      for (let k = 0; k < rl; k++) b[p++] = digits[k];
      if (code === NUMBER) {
        // "><v>
        b[p] = 34;
        b[p + 1] = 62;
        b[p + 2] = 60;
        b[p + 3] = 118;
        b[p + 4] = 62;
        p += 5;
        const te = tEnds[c];
        const to = te[r];
        let q = r ? te[r - 1] : 0;
        const len = to - q;
        if (len > widths[c] && widths[c] < 14) widths[c] = len < 14 ? len : 14;
        const tb = tBytes[c];
        while (q < to) b[p++] = tb[q++];
      } else {
        // " t="s"><v>
        b[p] = 34;
        b[p + 1] = 32;
        b[p + 2] = 116;
        b[p + 3] = 61;
        b[p + 4] = 34;
        b[p + 5] = 115;
        b[p + 6] = 34;
        b[p + 7] = 62;
        b[p + 8] = 60;
        b[p + 9] = 118;
        b[p + 10] = 62;
        p = putInt(b, p + 11, code);
      }
      // </v></c>
      b[p] = 60;
      b[p + 1] = 47;
      b[p + 2] = 118;
      b[p + 3] = 62;
      b[p + 4] = 60;
      b[p + 5] = 47;
      b[p + 6] = 99;
      b[p + 7] = 62;
      p += 8;
      cells = true;
    }
    if (cells) {
      // </row>
      b[p] = 60;
      b[p + 1] = 47;
      b[p + 2] = 114;
      b[p + 3] = 111;
      b[p + 4] = 119;
      b[p + 5] = 62;
      p += 6;
    } else {
      // A row whose cells are all empty is written, without cells.
      p = open;
      b[p++] = 47; // /
      b[p++] = 62; // >
    }
    body.n = p;
  }
}

const NO_BYTES = Buffer.alloc(0);
const NO_ENDS = new Int32Array(0);

/** One worksheet's parts: the sheet XML (bytes), the notes of header cells (for its comments and VML drawing) and its shared-string uses. */
function sheetParts(path: string, s: SheetSpec, strings: SharedStrings): { sheet: Uint8Array; notes: [col: number, text: string][]; uses: number } {
  const n = s.header.length;
  const nR = s.rows.length;
  const uses0 = strings.count;
  const refs = Array.from({ length: n }, (_, c) => columnName(c + 1));
  const widths = Int32Array.from(s.header, (h) => textWidth(h));
  const span = `spans="1:${n}"`;
  const { texts, numbers, strings: textCount } = columnTexts(path, s);
  let textBytes = 0;
  for (const t of texts) if (t && nR) textBytes += t.ends[nR - 1];
  // The head's room: its fixed parts, the dimension and at most one <col> per column.
  const headRoom = WORKSHEET_HEAD.length + SHEET_VIEWS.length + 64 + n * 56;
  // The cells' room: a number cell takes at most 29 bytes besides its text, a text cell 45; then one
  // more row's worst case (the check before each row) and the tail.
  const size = (nR + 2) * ROW_MAX + 2 * (n + 1) * CELL_MAX + numbers * 29 + textBytes + textCount * 45 + PAGE.length + 128;
  const body = new AsciiSink(size, headRoom);
  // A row without columns has no cells and is not written; one whose cells are all empty is.
  if (n > 0) {
    body.text('<sheetData>');
    let head = `<row r="1" ${span} s="1" customFormat="1" x14ac:dyDescent="0.25">`;
    for (let c = 0; c < n; c++) head += `<c r="${refs[c]}1" s="1" t="s"><v>${strings.add(escapeFormula(s.header[c]))}</v></c>`;
    body.text(`${head}</row>`);
    const pre = ascii(refs.map((ref) => `<c r="${ref}`).join(''));
    const preEnds = new Int32Array(n);
    for (let c = 0, e = 0; c < n; c++) preEnds[c] = e += 6 + refs[c].length;
    const tBytes = texts.map((t) => t?.bytes ?? NO_BYTES);
    const tEnds = texts.map((t) => t?.ends ?? NO_ENDS);
    const rowTail = ascii(`" ${span} x14ac:dyDescent="0.25"`);
    const codes = new Int32Array(Math.min(nR, ROW_BLOCK) * n);
    for (let start = 0; start < nR; start += ROW_BLOCK) {
      const end = Math.min(nR, start + ROW_BLOCK);
      cellCodes(s.rows, start, end, n, codes, strings, widths);
      writeRows(body, start, end, n, codes, pre, preEnds, tBytes, tEnds, widths, rowTail);
    }
  }
  if (n > 0) body.text('</sheetData>');
  // Columns: one <col> per run of equal widths. A width of 9 is exceljs's default column width, which
  // it does not write (the column then shows the application's default, ≈ 8.43).
  let cols = '';
  for (let c = 0; c < n; ) {
    const w = Math.max(6, Math.min(60, widths[c] + 2));
    let e = c + 1;
    while (e < n && Math.max(6, Math.min(60, widths[e] + 2)) === w) e++;
    if (w !== 9) cols += `<col min="${c + 1}" max="${e}" width="${w}" customWidth="1"/>`;
    c = e;
  }
  // Notes: a header cell whose label differs from its key carries the key; `note` replaces A1's.
  const noteOf = new Map<number, string>();
  s.keys?.forEach((k, c) => {
    if (k !== s.header[c] && c < n) noteOf.set(c + 1, k);
  });
  if (s.note && n) noteOf.set(1, s.note);
  const notes = [...noteOf].sort((a, b) => a[0] - b[0]);
  const lastRow = n > 0 ? s.rows.length + 1 : 0;
  const dimension = lastRow > 0 ? `A1:${refs[n - 1]}${lastRow}` : 'A1:A1';
  const head = `${WORKSHEET_HEAD}<dimension ref="${dimension}"/>${SHEET_VIEWS}${cols ? `<cols>${cols}</cols>` : ''}${n > 0 ? '' : '<sheetData/>'}`;
  body.text(`${PAGE}${notes.length ? '<legacyDrawing r:id="rId2"/>' : ''}</worksheet>`);
  // The head, just before the cells: in the room left for it when it fits (always, but for a
  // column-width run longer than the room allows), else in front of a copy.
  if (head.length <= body.start) {
    const from = body.start - head.length;
    putString(body.buf, from, head);
    return { sheet: body.buf.subarray(from, body.n), notes, uses: strings.count - uses0 };
  }
  const sheet = new Uint8Array(head.length + body.n - body.start);
  putString(sheet, 0, head);
  sheet.set(body.buf.subarray(body.start, body.n), head.length);
  return { sheet, notes, uses: strings.count - uses0 };
}

/** A cell written as no cell: null, undefined, NaN. */
const empty = (v: unknown): boolean => v == null || (typeof v === 'number' && Number.isNaN(v));

/** Whether two sheets have the same header, keys, note and cells (empty cells alike). */
function sameSheet(a: SheetSpec, b: SheetSpec): boolean {
  if (a.rows.length !== b.rows.length || a.header.length !== b.header.length || a.note !== b.note) return false;
  if (a.header.some((h, c) => h !== b.header[c]) || (a.keys ?? []).join('\u0000') !== (b.keys ?? []).join('\u0000')) return false;
  if ((a.keys === undefined) !== (b.keys === undefined)) return false;
  for (let r = 0; r < a.rows.length; r++) {
    const x = a.rows[r];
    const y = b.rows[r];
    if (x === y) continue;
    if (x.length !== y.length) return false;
    for (let c = 0; c < x.length; c++) if (x[c] !== y[c] && !(empty(x[c]) && empty(y[c]))) return false;
  }
  return true;
}

/**
 * The parts of the workbook, in the order (and with the folder entries) exceljs wrote them, each
 * byte for byte what exceljs wrote (test/io/xlsx-write-exceljs.test.ts).
 */
export function xlsxEntries(path: string, sheets: SheetSpec[]): ZipEntry[] {
  if (sheets.length === 0) {
    fail('E_XLSX_WRITE', `no sheets to write to ${path}`, { location: { file: path }, hint: 'pass at least one sheet' });
  }
  const names = validSheetNames(sheets.map((s) => s.name));
  const strings = new SharedStrings();
  const built: ReturnType<typeof sheetParts>[] = [];
  sheets.forEach((s, i) => {
    // A sheet with the same cells as an earlier one (a data set of a step that is off) has the same
    // part: its texts are in the shared-string table already, under the same indices; only their uses count.
    const j = sheets.findIndex((o, k) => k < i && sameSheet(o, s));
    if (j < 0) built.push(sheetParts(path, s, strings));
    else {
      strings.count += built[j].uses;
      built.push(built[j]);
    }
  });
  const ids = sheets.map((_, i) => i + 1);
  const withStrings = strings.count > 0;
  const withNotes = ids.filter((_, i) => built[i].notes.length > 0);
  const firstSheetRel = withStrings ? 4 : 3;

  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}spreadsheetml.sheet.main+xml"/>` +
    ids.map((id) => `<Override PartName="/xl/worksheets/sheet${id}.xml" ContentType="${CT}spreadsheetml.worksheet+xml"/>`).join('') +
    `<Override PartName="/xl/theme/theme1.xml" ContentType="${CT}theme+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${CT}spreadsheetml.styles+xml"/>` +
    (withStrings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}spreadsheetml.sharedStrings+xml"/>` : '') +
    `<Default Extension="vml" ContentType="${CT}vmlDrawing"/>` +
    withNotes.map((id) => `<Override PartName="/xl/comments${id}.xml" ContentType="${CT}spreadsheetml.comments+xml"/>`).join('') +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    `<Override PartName="/docProps/app.xml" ContentType="${CT}extended-properties+xml"/></Types>`;

  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: contentTypes },
    {
      name: '_rels/.rels',
      data: relationships([
        ['rId1', `${NS_REL}/officeDocument`, 'xl/workbook.xml'],
        ['rId2', `${NS_PKG_REL}/metadata/core-properties`, 'docProps/core.xml'],
        ['rId3', `${NS_REL}/extended-properties`, 'docProps/app.xml'],
      ]),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: relationships([
        ['rId1', `${NS_REL}/styles`, 'styles.xml'],
        ['rId2', `${NS_REL}/theme`, 'theme/theme1.xml'],
        ...(withStrings ? [['rId3', `${NS_REL}/sharedStrings`, 'sharedStrings.xml'] as [string, string, string]] : []),
        ...ids.map((id, i) => [`rId${firstSheetRel + i}`, `${NS_REL}/worksheet`, `worksheets/sheet${id}.xml`] as [string, string, string]),
      ]),
    },
  ];
  built.forEach((b, i) => {
    const id = ids[i];
    entries.push({ name: `xl/worksheets/sheet${id}.xml`, data: b.sheet });
    if (!b.notes.length) return;
    entries.push({
      name: `xl/worksheets/_rels/sheet${id}.xml.rels`,
      data: relationships([
        ['rId1', `${NS_REL}/comments`, `../comments${id}.xml`],
        ['rId2', `${NS_REL}/vmlDrawing`, `../drawings/vmlDrawing${id}.vml`],
      ]),
    });
    const comments = b.notes.map(([c, text]) => `<comment ref="${columnName(c)}1" authorId="0"><text><r>${tElement(text)}</r></text></comment>`);
    entries.push({
      name: `xl/comments${id}.xml`,
      data: `${XML_HEAD}<comments xmlns="${NS_MAIN}"><authors><author>Author</author></authors><commentList>${comments.join('')}</commentList></comments>`,
    });
    entries.push({ name: `xl/drawings/vmlDrawing${id}.vml`, data: `${VML_HEAD}${b.notes.map(([c], k) => vmlShape(k, c)).join('')}</xml>` });
  });
  if (withStrings) entries.push({ name: 'xl/sharedStrings.xml', data: strings.xml() });
  entries.push({ name: 'xl/theme/theme1.xml', data: XLSX_THEME });
  entries.push({ name: 'xl/styles.xml', data: stylesXml(sheets.some((s) => s.header.length > 0)) });
  const titles = names.map((nm) => `<vt:lpstr>${xmlText(nm)}</vt:lpstr>`).join('');
  entries.push({
    name: 'docProps/app.xml',
    data:
      `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
      'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application>' +
      '<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant>' +
      `<vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
      `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${titles}</vt:vector></TitlesOfParts><Company></Company>` +
      '<Manager></Manager><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>' +
      '<AppVersion>16.0300</AppVersion></Properties>',
  });
  entries.push({ name: 'docProps/core.xml', data: CORE_XML });
  const sheetList = names.map((nm, i) => `<sheet sheetId="${ids[i]}" name="${xmlText(nm)}" state="visible" r:id="rId${firstSheetRel + i}"/>`).join('');
  entries.push({
    name: 'xl/workbook.xml',
    data:
      `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
      'mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">' +
      '<fileVersion appName="xl" lastEdited="5" lowestEdited="5" rupBuild="9303"/><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/>' +
      `<sheets>${sheetList}</sheets><calcPr calcId="171027"/></workbook>`,
  });
  return withFolders(entries);
}

/**
 * Write a workbook with one worksheet per entry, atomically (see `writeFileAtomic`).
 *
 * - header row bold and frozen (stays visible when scrolling);
 * - numbers written as numbers (full double precision); NaN and `null` → empty cells;
 *   ±Infinity → `E_XLSX_WRITE`;
 * - text through {@link escapeFormula} (a leading `=`, `+`, `-`, `@`, tab, CR gets `'`), so a
 *   copy-paste or CSV re-export cannot become a formula; text goes to the shared-string table;
 * - column widths from the longest entry (CJK counted double), between 6 and 60 characters;
 * - sheet names made valid ({@link validSheetNames});
 * - `keys`: a header cell whose text differs from its key gets the key as a comment (note);
 * - `note` becomes a comment on cell A1.
 *
 * The parts are written here ({@link xlsxEntries}) in the form exceljs 4.4 wrote them, and
 * zipped with fixed dates (zip-write.ts): the same parts as the exceljs writer this replaced, in a
 * fraction of its time and memory (no cell objects). Cost: O(cells) — one `String(x)` per number,
 * the sheet XML written as bytes (no text per cell) — plus the DEFLATE of the XML (≈ 60 bytes a
 * number cell), on the thread pool.
 */
export async function writeXlsx(path: string, sheets: SheetSpec[]): Promise<void> {
  await writeFileAtomic(path, await zipArchive(xlsxEntries(path, sheets)));
}
