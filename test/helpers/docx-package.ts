/**
 * The three-line-table document as the `docx` package built it before src/io/write/docx-tables.ts
 * wrote the WordprocessingML itself: kept as the reference the new writer is compared with, byte
 * for byte (test/io/docx-package.test.ts). Same document model as the old `buildDocxTables`.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IBorderOptions,
} from 'docx';
import { type DocxOptions, type DocxTable, STAR_NOTE, tableCells, THICK_RULE, THIN_RULE } from '../../src/io/write/docx-tables.js';
import { fixedZip } from './xlsx-exceljs.js';

const THICK: IBorderOptions = { style: BorderStyle.SINGLE, size: THICK_RULE, color: '000000' };
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: THIN_RULE, color: '000000' };
const NONE: IBorderOptions = { style: BorderStyle.NIL, size: 0, color: 'auto' };

interface Fonts {
  latin: string;
  eastAsia: string;
}

function run(text: string, f: Fonts, size: number, extra: { bold?: boolean; color?: string } = {}): TextRun {
  return new TextRun({ text, font: { ascii: f.latin, hAnsi: f.latin, eastAsia: f.eastAsia, cs: f.latin }, size, ...extra });
}

function threeLineTable(t: DocxTable, cells: string[][], f: Fonts): Table {
  const last = cells.length;
  const mkRow = (texts: string[], r: number): TableRow =>
    new TableRow({
      tableHeader: r === 0,
      cantSplit: true,
      children: texts.map(
        (text) =>
          new TableCell({
            borders: { top: r === 0 ? THICK : NONE, bottom: r === last ? THICK : r === 0 ? THIN : NONE, left: NONE, right: NONE },
            margins: { top: 30, bottom: 30, left: 80, right: 80 },
            children: [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0 }, children: [run(text, f, 21, { bold: r === 0 })] })],
          }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    alignment: AlignmentType.CENTER,
    borders: { top: THICK, bottom: THICK, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: [mkRow(t.header, 0), ...cells.map((c, k) => mkRow(c, k + 1))],
  });
}

/** The .docx bytes the docx-package writer produced (tables assumed valid: the checks are the new writer's). */
export async function docxPackageBytes(tables: DocxTable[], opts: DocxOptions): Promise<Uint8Array> {
  const zh = opts.lang === 'zh';
  const f: Fonts = { latin: 'Times New Roman', eastAsia: 'SimSun' };
  const body: (Paragraph | Table)[] = [];
  if (opts.title) body.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(opts.title, f, 32, { bold: true })] }));
  if (opts.notice)
    body.push(
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(opts.notice, f, 21, { bold: true, color: 'C00000' })] }),
    );
  for (const line of opts.provenance ?? []) body.push(new Paragraph({ spacing: { after: 0 }, children: [run(line, f, 16, { color: '555555' })] }));
  if (opts.provenance?.length) body.push(new Paragraph({ children: [] }));
  const heading = (text: string, level: 1 | 2): Paragraph =>
    new Paragraph({
      heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
      spacing: { before: level === 1 ? 240 : 160, after: 120 },
      keepNext: true,
      children: [run(text, { latin: f.latin, eastAsia: zh ? 'SimHei' : f.eastAsia }, level === 1 ? 28 : 24, { bold: true, color: '000000' })],
    });
  const m = opts.methods;
  if (m) {
    body.push(heading(m.title, 1));
    for (const p of m.paragraphs) {
      if (p.heading) body.push(heading(p.heading, 2));
      body.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { after: 120, line: 360 },
          indent: zh ? { firstLine: 480 } : undefined,
          children: [run(p.text, f, 24)],
        }),
      );
    }
    if (m.references.length) {
      body.push(heading(zh ? '参考文献' : 'References', 2));
      for (const r of m.references) body.push(new Paragraph({ spacing: { after: 60 }, indent: { left: 420, hanging: 420 }, children: [run(r, f, 21)] }));
    }
    if (tables.length) body.push(heading(zh ? '结果表' : 'Tables', 1));
  }
  tables.forEach((t, i) => {
    const label = zh ? `表 ${i + 1}  ${t.caption}` : `Table ${i + 1}. ${t.caption}`;
    body.push(
      new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: 240, after: 80 }, children: [run(label, f, 21, { bold: true })] }),
    );
    body.push(threeLineTable(t, tableCells(t), f));
    const notes = [...(t.notes ?? [])];
    if (t.stars) notes.push(STAR_NOTE[opts.lang]);
    for (const n of notes) body.push(new Paragraph({ spacing: { before: 40, after: 0 }, children: [run(n, f, 18)] }));
  });
  const doc = new Document({
    creator: 'nqpf',
    title: opts.title,
    styles: { default: { document: { run: { font: { ascii: f.latin, hAnsi: f.latin, eastAsia: f.eastAsia, cs: f.latin }, size: 21 } } } },
    sections: [{ properties: { page: { margin: { top: 1440, bottom: 1440, left: 1200, right: 1200 } } }, children: body }],
  });
  return fixedZip(new Uint8Array(await Packer.toBuffer(doc)));
}
