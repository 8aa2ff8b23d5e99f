/**
 * Word tables for papers: three-line tables (三线表) written with the `docx` package, and the
 * default set of result tables of a run (`tables.docx`).
 *
 * A three-line table has exactly three horizontal rules — a thick top rule (1.5 pt) above the
 * header, a thin rule (0.75 pt) under the header and a thick bottom rule (1.5 pt) under the last
 * row — and no vertical lines. The rules are set on the cells themselves (top of the header row,
 * bottom of the header row, bottom of the last row; every other side `nil`) and repeated on the
 * table borders, so Word, WPS and LibreOffice draw the same lines whatever their table style.
 * Captions are numbered above each table (表 1 … / Table 1. …); notes go under it. Numbers are
 * formatted with a fixed number of decimals (default 4), integers as integers, and significance
 * stars (*** p < 0.01, ** p < 0.05, * p < 0.1) can be appended to a coefficient column from its
 * p-value column, with the note explaining them.
 *
 * The WordprocessingML is written here as text, in the form the `docx` package (9.15.2) wrote for
 * this document model, with its fixed parts (styles, numbering, theme …) from docx-parts.ts, and
 * zipped with fixed dates (zip-write.ts): the same parts as the package wrote
 * (test/io/docx-package.test.ts), without building its object tree — ≈ 10× less time and memory
 * for a run's tables, and no 1 MB library to load.
 */
import { fail } from '../../core/errors.js';
import { DEFAULT_DECIMALS, formatNumber, inferFormat, type CellFormat } from '../../core/number-format.js';
import { columnOf, type ReportCell, type ReportTable, type RunBundle } from '../../report/bundle.js';
import { methodsText, type MethodsText } from '../../report/methods-text.js';
import { writeFileAtomic } from './atomic.js';
import { DOCX_PARTS } from './docx-parts.js';
import { FIXED_DATE, zipArchive, type ZipEntry } from './zip-write.js';
import { cat, type PaperContext, type PaperTable } from '../../analysis/descriptor.js';
import { ANALYSIS_LIST } from '../../analysis/registry.js';
import { REGION_ZH } from '../../core/units/provinces.js';
import { UnitRegistry } from '../../core/units/registry.js';
import { descriptivesPaperTables } from '../../pipeline/descriptives.js';
import { factorLabels, type FactorLike } from '../../robustness/labels.js';
import { weightMethodLabel } from '../../report/labels.js';

export type DocxLang = 'zh' | 'en';

/** One table to write (an analysis's paper table is one). */
export type DocxTable = PaperTable;

export interface DocxOptions {
  lang: DocxLang;
  /** Document title (first line, centred). */
  title?: string;
  /** A methods section (from `methodsText`) placed before the tables, with its references. */
  methods?: MethodsText;
  /** Provenance lines printed under the title (version, seed, input hashes). */
  provenance?: string[];
  /** A notice printed prominently under the title (e.g. the SYNTHETIC-data notice). */
  notice?: string;
}

/** Rule widths in eighths of a point (OOXML `w:sz`): 1.5 pt and 0.75 pt. */
export const THICK_RULE = 12;
export const THIN_RULE = 6;

/** Border elements (`side` is top, left, bottom, right, insideH or insideV). */
const THICK = (side: string): string => `<w:${side} w:val="single" w:color="000000" w:sz="${THICK_RULE}"/>`;
const THIN = (side: string): string => `<w:${side} w:val="single" w:color="000000" w:sz="${THIN_RULE}"/>`;
const NONE = (side: string): string => `<w:${side} w:val="nil" w:color="auto" w:sz="0"/>`;

/**
 * Significance stars of a p-value: `***` p < 0.01, `**` p < 0.05, `*` p < 0.1, else ''.
 * Missing or non-finite p gives ''.
 */
export function starsFor(p: ReportCell): string {
  if (typeof p !== 'number' || !Number.isFinite(p)) return '';
  return p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '';
}

/**
 * A cell as text (core/number-format.ts): null/NaN → empty; by `format` — `num` always with
 * `decimals` decimals (integers too: 1.0000), `int` and `auto` integers as integers, `p` as
 * `<0.001` or three decimals; a number that would round to zero in exponent form (2.67e-8); −0 → 0.
 */
export function formatCell(v: ReportCell, decimals = DEFAULT_DECIMALS, format: CellFormat = 'auto'): string {
  return formatNumber(v, format, decimals);
}

export const STAR_NOTE: Record<DocxLang, string> = {
  zh: '注：***、**、* 分别表示在 1%、5%、10% 的水平上显著。',
  en: 'Note: ***, ** and * denote significance at the 1%, 5% and 10% levels.',
};

function checkTable(t: DocxTable, i: number): void {
  const where = { location: { path: `tables.${i}` } };
  if (!t.header.length) fail('E_DOCX_TABLE', `table ${i + 1} ("${t.caption}") has no columns`, { ...where, hint: 'give at least one header cell' });
  t.rows.forEach((r, k) => {
    if (r.length !== t.header.length)
      fail('E_DOCX_TABLE', `table ${i + 1} ("${t.caption}") row ${k + 1} has ${r.length} cells, the header ${t.header.length}`, {
        ...where,
        hint: 'every row needs one cell per header column (null for an empty cell)',
      });
  });
  if (t.stars) {
    for (const c of [t.stars.column, t.stars.pColumn]) {
      if (!t.header.includes(c))
        fail('E_DOCX_COLUMN', `table ${i + 1} ("${t.caption}"): stars name the column "${c}", which is not in the header (${t.header.join(', ')})`, {
          ...where,
          hint: 'stars.column and stars.pColumn must be header names',
        });
    }
  }
}

/**
 * The format of each column of a table: the declared one, else `p` for the stars' p-column, else
 * inferred from the column's numbers (a column holding a non-integer shows every number with the
 * decimals, so no "1" stands among "0.2500").
 */
export function columnFormats(t: DocxTable): CellFormat[] {
  const pc = t.stars ? t.header.indexOf(t.stars.pColumn) : -1;
  return t.header.map((_, j) => t.columnFormats?.[j] ?? (j === pc ? 'p' : inferFormat(t.rows.map((r) => r[j]))));
}

/** The table's text cells: formatted numbers, with stars appended where asked. */
export function tableCells(t: DocxTable): string[][] {
  const d = t.decimals ?? DEFAULT_DECIMALS;
  const sc = t.stars ? t.header.indexOf(t.stars.column) : -1;
  const pc = t.stars ? t.header.indexOf(t.stars.pColumn) : -1;
  const formats = columnFormats(t);
  return t.rows.map((r) =>
    r.map((v, j) => {
      const s = formatCell(v, t.columnDecimals?.[j] ?? d, formats[j]);
      return j === sc && s !== '' ? s + starsFor(r[pc]) : s;
    }),
  );
}

interface Fonts {
  latin: string;
  eastAsia: string;
}

/**
 * Text for WordprocessingML content and attribute values, as the docx package escaped it:
 * `& " ' < >` as entities, C0 controls other than tab, LF and CR dropped (DEL is kept).
 */
export function wText(s: string): string {
  return /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/.test(s) ? s.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => WORD_ESCAPE[c] ?? '') : s;
}
const WORD_ESCAPE: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/** The run properties: fonts, bold (on, explicitly off, or unset), colour, size in half-points. */
function runProps(f: Fonts, size: number, extra: { bold?: boolean; color?: string } = {}): string {
  const latin = wText(f.latin);
  let s = `<w:rPr><w:rFonts w:ascii="${latin}" w:cs="${latin}" w:eastAsia="${wText(f.eastAsia)}" w:hAnsi="${latin}"/>`;
  if (extra.bold === true) s += '<w:b/><w:bCs/>';
  else if (extra.bold === false) s += '<w:b w:val="false"/><w:bCs w:val="false"/>';
  if (extra.color) s += `<w:color w:val="${wText(extra.color)}"/>`;
  return `${s}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`;
}

/** One run of text with the given run properties. */
function run(text: string, props: string): string {
  return `<w:r>${props}<w:t xml:space="preserve">${wText(text)}</w:t></w:r>`;
}

interface ParagraphProps {
  heading?: 1 | 2;
  keepNext?: boolean;
  spacing: { after?: number; before?: number; line?: number };
  indent?: { firstLine: number } | { left: number; hanging: number };
  align?: 'center' | 'both';
}

/** A paragraph's properties, elements in schema order (pStyle, keepNext, spacing, ind, jc). */
function paragraphProps(p: ParagraphProps): string {
  let s = '<w:pPr>';
  if (p.heading) s += `<w:pStyle w:val="Heading${p.heading}"/>`;
  if (p.keepNext) s += '<w:keepNext/>';
  const sp = p.spacing;
  s += `<w:spacing${sp.after === undefined ? '' : ` w:after="${sp.after}"`}${sp.before === undefined ? '' : ` w:before="${sp.before}"`}${sp.line === undefined ? '' : ` w:line="${sp.line}"`}/>`;
  if (p.indent)
    s += 'firstLine' in p.indent ? `<w:ind w:firstLine="${p.indent.firstLine}"/>` : `<w:ind w:left="${p.indent.left}" w:hanging="${p.indent.hanging}"/>`;
  if (p.align) s += `<w:jc w:val="${p.align}"/>`;
  return `${s}</w:pPr>`;
}

const paragraph = (p: ParagraphProps, runXml: string): string => `<w:p>${paragraphProps(p)}${runXml}</w:p>`;

/** Text width of the page (A4, 11906 twips, less the 1200-twip left and right margins): the table's 100%. */
const TEXT_WIDTH = 11906 - 1200 - 1200;
const CELL_MARGINS =
  '<w:tcMar><w:top w:type="dxa" w:w="30"/><w:left w:type="dxa" w:w="80"/><w:bottom w:type="dxa" w:w="30"/><w:right w:type="dxa" w:w="80"/></w:tcMar>';
const CELL_PARAGRAPH = paragraphProps({ spacing: { after: 0, before: 0 }, align: 'center' });
const TABLE_PROPS =
  '<w:tblPr><w:tblW w:type="pct" w:w="5000"/><w:jc w:val="center"/><w:tblBorders>' +
  `${THICK('top')}${NONE('left')}${THICK('bottom')}${NONE('right')}${NONE('insideH')}${NONE('insideV')}</w:tblBorders></w:tblPr>`;

/** Cell properties: the rules on the cell's own top and bottom (the three lines), none on its sides. */
function cellProps(top: (side: string) => string, bottom: (side: string) => string): string {
  return `<w:tcPr><w:tcBorders>${top('top')}${NONE('left')}${bottom('bottom')}${NONE('right')}</w:tcBorders>${CELL_MARGINS}</w:tcPr>`;
}

/**
 * The document's bytes, written piece by piece: a table's cells repeat the same few hundred bytes of
 * properties around their text, so those are encoded once per table and copied, and the text alone
 * is encoded per cell (a city run's tables are 16,000 cells, 12 MB of XML, which as one string cost
 * its concatenation, its UTF-8 encoding and their garbage). The bytes are the UTF-8 of the text the
 * pieces make.
 */
class Utf8Sink {
  buf: Buffer;
  n = 0;
  /**
   * `size`: the bytes expected (it grows past them by doubling). A generous guess costs address
   * space only — pages never written are never touched — while each doubling writes a new copy, and
   * fresh pages are not cheap where freed memory goes back to the host (a virtual machine with
   * free-page reporting).
   */
  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(Math.max(1 << 16, size));
  }
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
    this.buf.copy(b, 0, 0, this.n);
    this.buf = b;
  }
  text(s: string): void {
    this.room(3 * s.length);
    this.n += this.buf.write(s, this.n, 'utf8');
  }
  bytes(a: Uint8Array): void {
    this.room(a.length);
    this.buf.set(a, this.n);
    this.n += a.length;
  }
  done(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

const CELL_END = Buffer.from('</w:t></w:r></w:p></w:tc>');
const ROW_END = Buffer.from('</w:tr>');

function threeLineTable(t: DocxTable, cells: string[][], f: Fonts, out: Utf8Sink): void {
  const last = cells.length; // index of the last row (header = 0)
  const n = t.header.length;
  const col = Math.round(TEXT_WIDTH / n); // equal shares of the table width, as Word's grid
  out.text(`<w:tbl>${TABLE_PROPS}<w:tblGrid>${`<w:gridCol w:w="${col}"/>`.repeat(n)}</w:tblGrid>`);
  const headRun = runProps(f, 21, { bold: true });
  const bodyRun = runProps(f, 21, { bold: false });
  // A row's opening and a cell's up to its text, by the row's place (header, last, other).
  const kinds = new Map<string, [row: Buffer, cell: Buffer]>();
  const row = (texts: string[], r: number): void => {
    const kind = `${r === 0}${r === last}`;
    let k = kinds.get(kind);
    if (!k) {
      const tc = `<w:tc>${cellProps(r === 0 ? THICK : NONE, r === last ? THICK : r === 0 ? THIN : NONE)}<w:p>${CELL_PARAGRAPH}`;
      const props = r === 0 ? headRun : bodyRun;
      k = [
        Buffer.from(`<w:tr><w:trPr><w:cantSplit/>${r === 0 ? '<w:tblHeader/>' : '<w:tblHeader w:val="off"/>'}</w:trPr>`),
        Buffer.from(`${tc}<w:r>${props}<w:t xml:space="preserve">`),
      ];
      kinds.set(kind, k);
    }
    out.bytes(k[0]);
    for (const text of texts) {
      out.bytes(k[1]);
      out.text(wText(text));
      out.bytes(CELL_END);
    }
    out.bytes(ROW_END);
  };
  row(t.header, 0);
  cells.forEach((c, k) => row(c, k + 1));
  out.text('</w:tbl>');
}

const SECTION =
  '<w:sectPr><w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>' +
  '<w:pgMar w:top="1440" w:right="1200" w:bottom="1440" w:left="1200" w:header="708" w:footer="708" w:gutter="0"/>' +
  '<w:pgNumType/><w:docGrid w:linePitch="360"/></w:sectPr>';

/** docProps/core.xml: creator nqpf, the title when there is one, fixed dates. */
function coreXml(title: string | undefined): string {
  const date = FIXED_DATE.toISOString();
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties ' +
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `${title ? `<dc:title>${wText(title)}</dc:title>` : ''}<dc:creator>nqpf</dc:creator><cp:lastModifiedBy>Un-named</cp:lastModifiedBy>` +
    `<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified></cp:coreProperties>`
  );
}

/** word/document.xml of the document (see {@link buildDocxTables}), as text. */
export function docxDocumentXml(tables: DocxTable[], opts: DocxOptions): string {
  return Buffer.from(docxDocument(tables, opts)).toString('utf8');
}

/** word/document.xml of the document, UTF-8. */
function docxDocument(tables: DocxTable[], opts: DocxOptions): Uint8Array {
  tables.forEach(checkTable);
  const zh = opts.lang === 'zh';
  const f: Fonts = zh ? { latin: 'Times New Roman', eastAsia: 'SimSun' } : { latin: 'Times New Roman', eastAsia: 'SimSun' };
  // ≈ 1 KB a cell (its properties are ≈ 700 bytes) and 1 MB for the rest.
  let cellCount = 0;
  for (const t of tables) cellCount += (t.rows.length + 1) * t.header.length;
  const out = new Utf8Sink((1 << 20) + cellCount * 1024);
  out.text(`${DOCX_PARTS.find(([name]) => name === 'word/document.xml')![1]}<w:body>`);
  const body = { push: (xml: string) => out.text(xml) };
  if (opts.title) body.push(paragraph({ spacing: { after: 200 }, align: 'center' }, run(opts.title, runProps(f, 32, { bold: true }))));
  if (opts.notice) body.push(paragraph({ spacing: { after: 120 }, align: 'center' }, run(opts.notice, runProps(f, 21, { bold: true, color: 'C00000' }))));
  const provenance = runProps(f, 16, { color: '555555' });
  for (const line of opts.provenance ?? []) body.push(paragraph({ spacing: { after: 0 } }, run(line, provenance)));
  if (opts.provenance?.length) body.push('<w:p/>');

  const headingFonts = { latin: f.latin, eastAsia: zh ? 'SimHei' : f.eastAsia };
  const heading = (text: string, level: 1 | 2): string =>
    paragraph(
      { heading: level, keepNext: true, spacing: { before: level === 1 ? 240 : 160, after: 120 } },
      run(text, runProps(headingFonts, level === 1 ? 28 : 24, { bold: true, color: '000000' })),
    );

  const m = opts.methods;
  if (m) {
    body.push(heading(m.title, 1));
    const text = runProps(f, 24);
    for (const p of m.paragraphs) {
      if (p.heading) body.push(heading(p.heading, 2));
      body.push(paragraph({ spacing: { after: 120, line: 360 }, indent: zh ? { firstLine: 480 } : undefined, align: 'both' }, run(p.text, text)));
    }
    if (m.references.length) {
      body.push(heading(zh ? '参考文献' : 'References', 2));
      const ref = runProps(f, 21);
      for (const r of m.references) body.push(paragraph({ spacing: { after: 60 }, indent: { left: 420, hanging: 420 } }, run(r, ref)));
    }
    if (tables.length) body.push(heading(zh ? '结果表' : 'Tables', 1));
  }

  const caption = runProps(f, 21, { bold: true });
  const note = runProps(f, 18);
  tables.forEach((t, i) => {
    const label = zh ? `表 ${i + 1}  ${t.caption}` : `Table ${i + 1}. ${t.caption}`;
    body.push(paragraph({ keepNext: true, spacing: { before: 240, after: 80 }, align: 'center' }, run(label, caption)));
    threeLineTable(t, tableCells(t), f, out);
    const notes = [...(t.notes ?? [])];
    if (t.stars) notes.push(STAR_NOTE[opts.lang]);
    for (const n of notes) body.push(paragraph({ spacing: { before: 40, after: 0 } }, run(n, note)));
  });
  out.text(`${SECTION}</w:body></w:document>`);
  return out.done();
}

/**
 * The .docx bytes of a document of three-line tables (optionally preceded by a methods section).
 * Pure; {@link writeDocxTables} writes it to a file.
 * Cost: linear in the number of cells (≈ 1.3 KB of XML a cell before compression).
 */
export async function buildDocxTables(tables: DocxTable[], opts: DocxOptions): Promise<Uint8Array> {
  const document = docxDocument(tables, opts);
  // The package's parts in its order, the core part (re-written with fixed dates) where it was, and
  // the folder entry JSZip added then, last.
  const entries: ZipEntry[] = [];
  for (const [name, xml] of DOCX_PARTS) {
    entries.push({ name, data: name === 'word/document.xml' ? document : xml });
    if (name === 'word/styles.xml') entries.push({ name: 'docProps/core.xml', data: coreXml(opts.title) });
  }
  entries.push({ name: 'docProps/', data: '' });
  return await zipArchive(entries);
}

/**
 * Write three-line tables (and an optional methods section) to a .docx file, atomically.
 *
 * @example
 *   await writeDocxTables('tables.docx', [{ caption: '回归结果', header: ['变量', '系数', 'p'],
 *     rows: [['ln_x0', -0.0214, 2.7e-8]], stars: { column: '系数', pColumn: 'p' } }], { lang: 'zh' });
 */
export async function writeDocxTables(path: string, tables: DocxTable[], opts: DocxOptions): Promise<void> {
  await writeFileAtomic(path, await buildDocxTables(tables, opts));
}

// ------------------------------------------------------------------------------------ run tables

interface Ctx {
  b: RunBundle;
  lang: DocxLang;
  zh: boolean;
  names: Map<string, string>;
  directions: Map<string, number>;
  root?: string;
  /** Unit names of the cn-provinces registry (when the run used it), in the language. */
  units?: UnitRegistry;
}

function ctxOf(b: RunBundle, lang: DocxLang): Ctx {
  const names = new Map<string, string>();
  const directions = new Map<string, number>();
  let root: string | undefined;
  const fw = b.tables.get('framework');
  if (fw) {
    const ix = (c: string): number => fw.header.indexOf(c);
    for (const r of fw.rows) {
      const code = String(r[ix('code')]);
      const nm = (lang === 'zh' ? r[ix('nameZh')] : r[ix('nameEn')]) ?? r[ix('nameEn')] ?? r[ix('nameZh')] ?? code;
      names.set(code, String(nm));
      directions.set(code, Number(r[ix('direction')] ?? 1));
      if (r[ix('parent')] == null || r[ix('parent')] === '') root ??= code;
    }
  } else {
    const w = b.tables.get('weights');
    if (w) {
      const ix = (c: string): number => w.header.indexOf(c);
      for (const r of w.rows) {
        names.set(String(r[ix('node')]), String(r[ix('name')] ?? r[ix('node')]));
        if (r[ix('parent')] == null) root ??= String(r[ix('node')]);
      }
    }
  }
  // Alternative scores (aggregate.alternatives) by the name of their node and method: 新质生产力指数（TOPSIS）.
  for (const a of alternatives(b)) {
    if (!a.code || names.has(a.code)) continue;
    const base = a.node ? (names.get(a.node) ?? a.node) : a.code;
    const m = (a.method ?? '').toUpperCase();
    names.set(a.code, m ? (lang === 'zh' ? `${base}（${m}）` : `${base} (${m})`) : a.code);
  }
  const registry = (b.run.spec.units as { registry?: unknown } | undefined)?.registry;
  const units = registry === 'cn-provinces' ? UnitRegistry.provinces() : registry === 'cn-cities' ? UnitRegistry.cities() : undefined;
  return { b, lang, zh: lang === 'zh', names, directions, root, units };
}

function alternatives(b: RunBundle): { code?: string; node?: string; method?: string }[] {
  const steps = b.run.spec.steps as { aggregate?: { alternatives?: { code?: string; node?: string; method?: string }[] } } | undefined;
  return steps?.aggregate?.alternatives ?? [];
}

/** A {@link Column.ref} cell by name in the language: node names, registry unit names, NBS region names (东部 …). */
function refName(c: Ctx, kind: 'node' | 'unit' | 'group', v: ReportCell): ReportCell {
  if (v === null || v === '') return v;
  const id = String(v);
  if (kind === 'node') return nameOf(c, id);
  if (kind === 'unit') {
    const rec = c.units?.lookup(id);
    return rec ? (c.zh ? rec.attributes.zh : rec.attributes.en) : id;
  }
  return c.zh ? ((REGION_ZH as Record<string, string>)[id] ?? id) : id;
}

const L = (c: Ctx, zh: string, en: string): string => (c.zh ? zh : en);

const nameOf = (c: Ctx, code: string): string => c.names.get(code) ?? code;

/** Distinct period labels in order of appearance (the run writes tables period-major). */
function periodsOf(t: ReportTable): string[] {
  const col = columnOf(t, 'period');
  if (!col) return [];
  return [...new Set(col.filter((v) => v !== null).map(String))];
}

function latest(periods: string[]): string | undefined {
  if (!periods.length) return undefined;
  if (periods.every((p) => /^-?\d+(\.\d+)?$/.test(p))) return periods.reduce((a, x) => (Number(x) > Number(a) ? x : a));
  return periods[periods.length - 1];
}

function periodLabel(c: Ctx, p: string): string {
  return /^\d{4}$/.test(p) ? L(c, `${p} 年`, p) : p;
}

function cellOf(t: ReportTable, r: ReportCell[], col: string): ReportCell {
  const j = t.header.indexOf(col);
  return j < 0 ? null : r[j];
}

function alternativeCodes(c: Ctx): string[] {
  for (const e of Array.isArray(c.b.run.log) ? (c.b.run.log as unknown[]) : []) {
    if (e && typeof e === 'object' && (e as { step?: unknown }).step === 'aggregate') {
      const alts = ((e as { options?: { alternatives?: unknown } }).options?.alternatives ?? []) as { code?: unknown }[];
      return alts.map((a) => String(a.code));
    }
  }
  return [];
}

function analysedScore(c: Ctx, codes: string[]): string | undefined {
  const an = (c.b.run.spec.analyses ?? {}) as { score?: unknown };
  const s = typeof an.score === 'string' ? an.score : undefined;
  if (s && codes.includes(s)) return s;
  if (c.root && codes.includes(c.root)) return c.root;
  return codes[0];
}

function rankingTable(c: Ctx, top: number | undefined): DocxTable | undefined {
  const t = c.b.tables.get('ranks');
  if (!t) return undefined;
  const codes = t.header.filter((h) => t.header.includes(`${h}_rank`));
  const primary = analysedScore(c, codes);
  if (!primary) return undefined;
  const fixed = t.header.slice(0, t.header.indexOf(codes[0]));
  const groupCol = fixed.find((h) => h !== 'unit' && h !== 'period');
  const p = latest(periodsOf(t));
  let rows = p === undefined ? t.rows : t.rows.filter((r) => String(cellOf(t, r, 'period')) === p);
  const rank = (r: ReportCell[]): number => {
    const v = cellOf(t, r, `${primary}_rank`);
    return typeof v === 'number' ? v : Infinity;
  };
  rows = [...rows].sort((a, b) => rank(a) - rank(b));
  if (top !== undefined && top > 0) rows = rows.slice(0, top);
  const dims = c.root ? [...c.names.keys()].filter((k) => codes.includes(k) && k !== primary && parentOf(c, k) === c.root) : [];
  const extra = [...new Set([c.root, ...alternativeCodes(c)].filter((x): x is string => !!x && x !== primary && codes.includes(x)))];
  const header = [
    L(c, '排名', 'Rank'),
    L(c, '单元', 'Unit'),
    ...(groupCol ? [L(c, '区域', 'Group')] : []),
    nameOf(c, primary),
    ...(groupCol ? [L(c, '区域内排名', 'Rank in group')] : []),
  ];
  for (const d of dims.length <= 5 ? dims : []) header.push(nameOf(c, d));
  for (const x of extra) header.push(nameOf(c, x), L(c, `${nameOf(c, x)}排名`, `${nameOf(c, x)} rank`));
  const formats: CellFormat[] = ['int', 'text', ...(groupCol ? ['text' as const] : []), 'num', ...(groupCol ? ['int' as const] : [])];
  for (const _ of dims.length <= 5 ? dims : []) formats.push('num');
  for (const _ of extra) formats.push('num', 'int');
  const out = rows.map((r) => {
    const row: ReportCell[] = [
      cellOf(t, r, `${primary}_rank`),
      refName(c, 'unit', cellOf(t, r, 'unit')),
      ...(groupCol ? [refName(c, 'group', cellOf(t, r, groupCol))] : []),
      cellOf(t, r, primary),
      ...(groupCol ? [cellOf(t, r, `${primary}_group_rank`)] : []),
    ];
    for (const d of dims.length <= 5 ? dims : []) row.push(cellOf(t, r, d));
    for (const x of extra) row.push(cellOf(t, r, x), cellOf(t, r, `${x}_rank`));
    return row;
  });
  const head = p === undefined ? '' : `${periodLabel(c, p)}`;
  const caption = c.zh
    ? cat(head, nameOf(c, primary), `得分与排名${top && top < rows.length + 1 && top < t.rows.length ? `（前 ${top} 位）` : ''}`)
    : `Scores and ranks of the ${nameOf(c, primary)}${p ? `, ${p}` : ''}${top && top < t.rows.length ? ` (top ${top})` : ''}`;
  return {
    caption,
    header,
    rows: out,
    columnFormats: formats,
    notes: [L(c, '注：排名按得分由高到低，并列取最小名次。', 'Note: ranks from the highest score down; ties share the best rank.')],
  };
}

function parentOf(c: Ctx, code: string): string | undefined {
  const fw = c.b.tables.get('framework') ?? c.b.tables.get('weights');
  if (!fw) return undefined;
  const key = fw.header.includes('code') ? 'code' : 'node';
  const r = fw.rows.find((x) => String(cellOf(fw, x, key)) === code);
  const p = r ? cellOf(fw, r, 'parent') : null;
  return p == null ? undefined : String(p);
}

function weightsTable(c: Ctx): DocxTable | undefined {
  const t = c.b.tables.get('weights');
  if (!t) return undefined;
  let rows = t.rows.filter((r) => cellOf(t, r, 'parent') !== null);
  const ps = periodsOf(t);
  const p = latest(ps);
  if (p !== undefined) rows = rows.filter((r) => String(cellOf(t, r, 'period')) === p);
  const levels = rows.map((r) => Number(cellOf(t, r, 'level')));
  const maxLevel = Math.max(...levels);
  const indent = c.zh ? '\u3000' : '  ';
  const hasDir = c.directions.size > 0;
  const header = [
    L(c, '名称', 'Name'),
    L(c, '代码', 'Code'),
    L(c, '层级', 'Level'),
    ...(hasDir ? [L(c, '方向', 'Direction')] : []),
    L(c, '组内权重', 'Within-parent weight'),
    L(c, '全局权重', 'Global weight'),
  ];
  const out = rows.map((r) => {
    const code = String(cellOf(t, r, 'node'));
    const level = Number(cellOf(t, r, 'level'));
    const isInd = !rows.some((x) => String(cellOf(t, x, 'parent')) === code);
    const dir = c.directions.get(code);
    return [
      indent.repeat(Math.max(0, maxLevel - level)) + nameOf(c, code),
      code,
      level,
      ...(hasDir ? [isInd ? (dir !== undefined && dir < 0 ? '−' : '+') : ''] : []),
      cellOf(t, r, 'effective'),
      cellOf(t, r, 'global'),
    ] as ReportCell[];
  });
  const methods = [
    ...new Set(
      rows
        .map((r) => cellOf(t, r, 'method'))
        .filter((x) => x !== null && x !== '')
        .map((m) => weightMethodLabel(String(m), c.lang)),
    ),
  ];
  const notes = [
    L(
      c,
      `注：组内权重为同一上级节点内的权重；全局权重为自顶层向下各级组内权重之积，指标全局权重之和为 1。赋权方法：${methods.join('；')}。`,
      'Note: within-parent weights sum to 1 among siblings; the global weight is the product of within-parent ' +
        `weights from the top down, and the indicators' global weights sum to 1. Method: ${methods.join('; ')}.`,
    ),
  ];
  if (p !== undefined && ps.length > 1) notes.push(L(c, `权重逐期不同，表中为 ${p} 期。`, `Weights differ by period; ${p} shown.`));
  return { caption: L(c, '指标体系及权重', 'Indicator framework and weights'), header, rows: out, notes };
}

function interval(lo: ReportCell, hi: ReportCell, d = 4): string | null {
  if (typeof lo !== 'number' || typeof hi !== 'number') return null;
  return `[${formatCell(lo, d)}, ${formatCell(hi, d)}]`;
}

function sobolTable(c: Ctx): DocxTable | undefined {
  const t = c.b.tables.get('sensitivity');
  if (!t) return undefined;
  const rows0 = t.rows.filter((r) => cellOf(t, r, 'target') === 'mean_abs_rank_shift');
  if (!rows0.length) return undefined;
  const rb = (c.b.run.spec.robustness ?? {}) as { sensitivity?: { baseSamples?: number; bootstrap?: number; level?: number } };
  const sen = rb.sensitivity ?? {};
  const level = Math.round((sen.level ?? 0.95) * 100);
  const header = [
    L(c, '不确定性因素', 'Factor'),
    L(c, '一阶指数 S_i', 'First order S_i'),
    L(c, `${level}% 置信区间`, `${level}% CI`),
    L(c, '总效应指数 S_Ti', 'Total S_Ti'),
    L(c, `${level}% 置信区间`, `${level}% CI`),
  ];
  const factors = ((c.b.run.spec.robustness ?? {}) as { factors?: FactorLike[] }).factors ?? [];
  const label = factorLabels(factors, c.lang);
  const rows = rows0.map((r) => [
    label.get(String(cellOf(t, r, 'factor'))) ?? cellOf(t, r, 'factor'),
    cellOf(t, r, 'S1'),
    interval(cellOf(t, r, 'S1_lo'), cellOf(t, r, 'S1_hi')),
    cellOf(t, r, 'ST'),
    interval(cellOf(t, r, 'ST_lo'), cellOf(t, r, 'ST_hi')),
  ]);
  const conv = cellOf(t, rows0[0], 'convergence_max_abs_delta');
  const notes = [
    L(
      c,
      '注：输出为平均排名绝对变动；一阶指数采用 Saltelli 等（2010）估计量，总效应指数采用 Jansen（1999）估计量；基础样本 N ' +
        `= ${sen.baseSamples ?? '—'}，置信区间为 ${sen.bootstrap ?? '—'} 次自助抽样的百分位区` +
        `间${typeof conv === 'number' ? `；半样本收敛检验最大偏差 ${formatCell(conv)}` : ''}。`,
      'Note: output = mean absolute rank shift; first-order estimator of Saltelli et al. (2010), total-order ' +
        `estimator of Jansen (1999); N = ${sen.baseSamples ?? '—'} base samples; percentile intervals ` +
        `from ${sen.bootstrap ?? '—'} bootstrap replicate` +
        `s${typeof conv === 'number' ? `; half-sample convergence check, max |Δ| = ${formatCell(conv)}` : ''}.`,
    ),
  ];
  return { caption: L(c, "Sobol' 敏感性指数", "Sobol' sensitivity indices"), header, rows, notes, columnFormats: ['text', 'num', 'text', 'num', 'text'] };
}

function uncertaintyTable(c: Ctx, top: number | undefined): DocxTable | undefined {
  const t = c.b.tables.get('uncertainty');
  if (!t) return undefined;
  const scores = [...new Set((columnOf(t, 'score') ?? []).map(String))];
  const sc = scores[0];
  let rows = t.rows.filter((r) => String(cellOf(t, r, 'score')) === sc);
  const p = latest(periodsOf(t));
  if (p !== undefined) rows = rows.filter((r) => String(cellOf(t, r, 'period')) === p);
  const nr = (r: ReportCell[]): number => {
    const v = cellOf(t, r, 'nominal_rank');
    return typeof v === 'number' ? v : Infinity;
  };
  rows = [...rows].sort((a, b) => nr(a) - nr(b));
  if (top !== undefined && top > 0) rows = rows.slice(0, top);
  const header = [
    L(c, '单元', 'Unit'),
    L(c, '基准排名', 'Nominal rank'),
    L(c, '排名中位数', 'Median rank'),
    L(c, '5%–95% 排名区间', '5–95% rank interval'),
    L(c, '平均排名绝对变动', 'Mean |rank shift|'),
  ];
  const out = rows.map((r) => [
    refName(c, 'unit', cellOf(t, r, 'unit')),
    cellOf(t, r, 'nominal_rank'),
    cellOf(t, r, 'median_rank'),
    interval(cellOf(t, r, 'p05_rank'), cellOf(t, r, 'p95_rank'), 2),
    cellOf(t, r, 'mean_abs_rank_shift'),
  ]);
  const reps = cellOf(t, rows[0] ?? [], 'replications');
  return {
    caption: c.zh
      ? cat(p ? periodLabel(c, p) : '', nameOf(c, sc), '排名的不确定性分析')
      : `Uncertainty of the ranks of the ${nameOf(c, sc)}${p ? `, ${p}` : ''}`,
    header,
    rows: out,
    columnFormats: ['text', 'int', 'auto', 'text', 'num'],
    columnDecimals: [undefined, undefined, 1, undefined, 4],
    notes: [
      L(
        c,
        `注：基于 ${typeof reps === 'number' ? reps : '—'} 次蒙特卡洛模拟，区间为排名的 5% 与 95% 分位数。`,
        `Note: from ${typeof reps === 'number' ? reps : '—'} Monte Carlo replications; the interval is the 5th to 95th percentile of the rank.`,
      ),
    ],
  };
}

/** What the analyses' paper tables see of a run: its tables, names in the language, refs and periods. */
export function paperContext(bundle: RunBundle, lang: DocxLang): PaperContext {
  const c = ctxOf(bundle, lang);
  return {
    lang,
    zh: c.zh,
    table: (name) => c.b.tables.get(name),
    name: (code) => nameOf(c, code),
    ref: (kind, v) => refName(c, kind, v),
    period: (p) => (p === null ? '' : periodLabel(c, String(p))),
  };
}

/**
 * The default tables of `tables.docx` for a run — whatever the run has, in this order: the
 * descriptive statistics of the indicators (pooled), ranking of the analysed score in the latest
 * period (all units, or `top`), framework and weights, the paper tables of each analysis of the
 * registry in its order (Dagum and Theil inequality with the within-region and between-region
 * Gini, Markov transition matrices, global Moran's I with stars and LISA clusters, σ and β
 * convergence with stars, obstacle factors and coupling coordination by unit, the ellipse …),
 * Sobol' indices, rank uncertainty intervals, and the descriptive statistics per period.
 */
export function reportTables(bundle: RunBundle, lang: DocxLang, opts: { top?: number } = {}): DocxTable[] {
  const c = ctxOf(bundle, lang);
  const out: DocxTable[] = [];
  const push = (t: DocxTable | undefined): void => {
    if (t?.rows.length) out.push(t);
  };
  const paper = paperContext(bundle, lang);
  const [pooled, byPeriod] = descriptivesPaperTables(paper);
  push(pooled);
  push(rankingTable(c, opts.top));
  push(weightsTable(c));
  for (const a of ANALYSIS_LIST) for (const t of a.paperTables?.(paper) ?? []) push(t);
  push(sobolTable(c));
  push(uncertaintyTable(c, opts.top));
  push(byPeriod);
  return out;
}

/** Provenance lines and the synthetic-data notice of a run, for the head of a document. */
export function docxProvenance(bundle: RunBundle, lang: DocxLang): { provenance: string[]; notice?: string } {
  const r = bundle.run;
  const zh = lang === 'zh';
  const provenance = [
    zh ? `由 nqpf ${r.nqpf} 生成；随机种子 ${r.seed}。` : `Generated by nqpf ${r.nqpf}; seed ${r.seed}.`,
    ...r.inputs.map((i) => `${zh ? '输入' : 'Input'} ${i.role}: ${i.path.split(/[\\/]/).pop()} SHA-256 ${i.sha256}`),
  ];
  const notice = r.synthetic ? String(r.notice ?? 'SYNTHETIC DATA — not official statistics; do not cite.') : undefined;
  return notice ? { provenance, notice } : { provenance };
}

/**
 * Write `tables.docx` for a run: title, provenance, SYNTHETIC notice when the data are
 * synthetic, the generated methods section (unless `methods: false`) and {@link reportTables}.
 */
export async function writeRunDocx(path: string, bundle: RunBundle, lang: DocxLang, opts: { methods?: boolean; top?: number } = {}): Promise<void> {
  const title = typeof bundle.run.title === 'string' ? bundle.run.title : undefined;
  await writeDocxTables(path, reportTables(bundle, lang, { top: opts.top }), {
    lang,
    title,
    methods: opts.methods === false ? undefined : methodsText(bundle, lang),
    ...docxProvenance(bundle, lang),
  });
}
