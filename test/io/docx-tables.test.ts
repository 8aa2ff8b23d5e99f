/**
 * writeDocxTables / reportTables / writeRunDocx: the written .docx is unzipped (jszip) and its
 * word/document.xml parsed here with plain regular expressions, independently of the docx
 * package: three-line borders (thick top and bottom rules, thin rule under the header, no
 * vertical or inner horizontal lines), numbered captions, stars from p-values by the thresholds
 * 0.01 / 0.05 / 0.1, and tables whose cells equal the run's CSV files (read with the test's own
 * CSV parser).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCell, reportTables, starsFor, writeDocxTables, writeRunDocx, type DocxTable } from '../../src/io/write/docx-tables.js';
import { readRunDir } from '../../src/io/read/run-dir.js';
import { runProject } from '../../src/app/run-project.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { parseCsvSimple } from '../helpers/shared.js';
import { catchNqpfAsync } from './catch-nqpf.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'nqpf-docx-'));

// ------------------------------------------------------------------ a minimal OOXML reader

interface Border {
  val: string;
  sz: number;
}
interface Cell {
  text: string;
  borders: Record<string, Border>;
}
interface ParsedTable {
  tblBorders: Record<string, Border>;
  rows: Cell[][];
  caption: string;
  after: string[];
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const textOf = (xml: string): string => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join('');

function bordersOf(xml: string): Record<string, Border> {
  const out: Record<string, Border> = {};
  for (const m of xml.matchAll(/<w:(top|bottom|left|right|insideH|insideV|start|end)\s([^>]*)\/>/g)) {
    const val = /w:val="([^"]*)"/.exec(m[2])?.[1] ?? '';
    const sz = Number(/w:sz="([^"]*)"/.exec(m[2])?.[1] ?? 0);
    out[m[1]] = { val, sz };
  }
  return out;
}

async function readDocx(path: string): Promise<{ xml: string; tables: ParsedTable[]; paragraphs: string[] }> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const xml = await zip.file('word/document.xml')!.async('string');
  const body = xml.slice(xml.indexOf('<w:body>') + 8, xml.indexOf('</w:body>'));
  // Top-level blocks: paragraphs and tables (tables here are never nested).
  const blocks = [...body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)].map((m) => m[0]);
  const tables: ParsedTable[] = [];
  const paragraphs: string[] = [];
  blocks.forEach((b, i) => {
    if (!b.startsWith('<w:tbl>')) {
      paragraphs.push(textOf(b));
      return;
    }
    const tblPr = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(b)?.[1] ?? '';
    const rows = [...b.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((tr) =>
      [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => ({
        text: textOf(tc[0]),
        borders: bordersOf(/<w:tcBorders>([\s\S]*?)<\/w:tcBorders>/.exec(tc[0])?.[1] ?? ''),
      })),
    );
    const caption = i > 0 && !blocks[i - 1].startsWith('<w:tbl>') ? textOf(blocks[i - 1]) : '';
    const after: string[] = [];
    for (let k = i + 1; k < blocks.length && !blocks[k].startsWith('<w:tbl>'); k++) after.push(textOf(blocks[k]));
    tables.push({ tblBorders: bordersOf(tblPr), rows, caption, after });
  });
  return { xml, tables, paragraphs };
}

const none = (b: Border | undefined): boolean => b === undefined || b.val === 'nil' || b.val === 'none';
const thick = (b: Border | undefined): boolean => b !== undefined && b.val === 'single' && b.sz === 12;
const thin = (b: Border | undefined): boolean => b !== undefined && b.val === 'single' && b.sz === 6;

/** Assert the three-line rules of one parsed table. */
function expectThreeLine(t: ParsedTable, label: string): void {
  expect(thick(t.tblBorders.top), `${label} table top`).toBe(true);
  expect(thick(t.tblBorders.bottom), `${label} table bottom`).toBe(true);
  for (const s of ['left', 'right', 'insideH', 'insideV']) expect(none(t.tblBorders[s]), `${label} table ${s}`).toBe(true);
  const n = t.rows.length;
  t.rows.forEach((row, r) =>
    row.forEach((c, j) => {
      const at = `${label} row ${r + 1} cell ${j + 1}`;
      for (const s of ['left', 'right', 'start', 'end']) expect(none(c.borders[s]), `${at} ${s}`).toBe(true);
      if (r === 0) expect(thick(c.borders.top), `${at} top`).toBe(true);
      else expect(none(c.borders.top), `${at} top`).toBe(true);
      if (r === n - 1) expect(thick(c.borders.bottom), `${at} bottom`).toBe(true);
      else if (r === 0) expect(thin(c.borders.bottom), `${at} bottom`).toBe(true);
      else expect(none(c.borders.bottom), `${at} bottom`).toBe(true);
    }),
  );
}

/** Stars by the thresholds, written out here (independent of starsFor). */
const expectedStars = (p: number | null): string => (p === null || Number.isNaN(p) ? '' : p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '');

// ------------------------------------------------------------------ hand-made tables

const regression: DocxTable = {
  caption: '回归结果',
  header: ['变量', '系数', '标准误', 'p'],
  rows: [
    ['a', -0.021440053334024163, 0.0028, 2.671128314005797e-8],
    ['b', 0.5, 0.2, 0.03],
    ['c', 1.25, 0.7, 0.07],
    ['d', 0.1, 0.3, 0.2],
    ['e', 2, null, null],
    ['f', 0.33, 0.1, 0.01],
  ],
  notes: ['注：括号内为标准误。'],
  stars: { column: '系数', pColumn: 'p' },
};
const ranking: DocxTable = {
  caption: '排名',
  header: ['单元', '得分', '排名'],
  rows: [
    ['北京', 0.35088505, 1],
    ['上海', 0.3, 2],
    ['广东', 0.25, 3],
  ],
};
const oneRow: DocxTable = { caption: 'One row', header: ['x', 'y'], rows: [[1, 2]] };

describe('writeDocxTables', () => {
  let zh: Awaited<ReturnType<typeof readDocx>>;
  let en: Awaited<ReturnType<typeof readDocx>>;
  beforeAll(async () => {
    const d = tmp();
    await writeDocxTables(join(d, 'zh.docx'), [regression, ranking, oneRow], { lang: 'zh', title: '测试' });
    await writeDocxTables(join(d, 'en.docx'), [regression, ranking], { lang: 'en' });
    zh = await readDocx(join(d, 'zh.docx'));
    en = await readDocx(join(d, 'en.docx'));
  });

  it('draws three-line tables: thick top and bottom rules, a thin rule under the header, nothing else', () => {
    expect(zh.tables.length).toBe(3);
    zh.tables.forEach((t, i) => expectThreeLine(t, `zh table ${i + 1}`));
    en.tables.forEach((t, i) => expectThreeLine(t, `en table ${i + 1}`));
  });

  it('numbers the captions above the tables in the chosen language', () => {
    expect(zh.tables.map((t) => t.caption)).toEqual(['表 1  回归结果', '表 2  排名', '表 3  One row']);
    expect(en.tables.map((t) => t.caption)).toEqual(['Table 1. 回归结果', 'Table 2. 排名']);
    expect(zh.paragraphs[0]).toBe('测试');
  });

  it('appends stars to the coefficient by its p-value and explains them under the table', () => {
    const rows = zh.tables[0].rows.slice(1);
    regression.rows.forEach((r, i) => {
      const coef = rows[i][1].text;
      const p = r[3] as number | null;
      expect(coef.endsWith(expectedStars(p)) && !coef.endsWith(`${expectedStars(p)}*`), `row ${i + 1}: ${coef}`).toBe(true);
    });
    expect(rows.map((r) => r[1].text)).toEqual(['-0.0214***', '0.5000**', '1.2500*', '0.1000', '2', '0.3300**']);
    // p = 0.01 is not < 0.01: two stars
    expect(zh.tables[0].after).toContain('注：括号内为标准误。');
    expect(zh.tables[0].after).toContain('注：***、**、* 分别表示在 1%、5%、10% 的水平上显著。');
    expect(en.tables[0].after).toContain('Note: ***, ** and * denote significance at the 1%, 5% and 10% levels.');
    expect(zh.tables[1].after.some((s) => s.includes('***'))).toBe(false);
  });

  it('formats numbers: 4 decimals, integers as integers, tiny values in exponent form, empty for missing', () => {
    const rows = zh.tables[0].rows.slice(1);
    expect(rows[0][3].text).toBe('2.67e-8');
    expect(rows[4][2].text).toBe('');
    expect(zh.tables[1].rows[1].map((c) => c.text)).toEqual(['北京', '0.3509', '1']);
    expect(formatCell(-0.00001, 2)).toBe('-1.00e-5');
    expect(formatCell(-0.0000001)).toBe('-1.00e-7');
    expect(formatCell(-0.00004)).toBe('-4.00e-5');
    expect(formatCell(-0.00005)).toBe('-0.0001');
    expect(formatCell(-0.0)).toBe('0');
    expect(formatCell(2012)).toBe('2012');
    expect(formatCell(Number.NaN)).toBe('');
    expect(formatCell(null)).toBe('');
    expect([0.0099, 0.01, 0.049, 0.05, 0.0999, 0.1, null].map(starsFor)).toEqual(['***', '**', '**', '*', '*', '', '']);
  });

  it('refuses stars on a column that is not in the header, and rows of the wrong length', async () => {
    const d = tmp();
    const e1 = await catchNqpfAsync(() => writeDocxTables(join(d, 'a.docx'), [{ ...regression, stars: { column: 'coef', pColumn: 'p' } }], { lang: 'en' }));
    expect(e1.code).toBe('E_DOCX_COLUMN');
    expect(e1.message).toContain('"coef"');
    const e2 = await catchNqpfAsync(() => writeDocxTables(join(d, 'b.docx'), [{ caption: 'x', header: ['a', 'b'], rows: [[1]] }], { lang: 'en' }));
    expect(e2.code).toBe('E_DOCX_TABLE');
    expect(e2.hint).toBeDefined();
  });
});

// ------------------------------------------------------------------ the demo run

describe('reportTables and writeRunDocx on the demo run', () => {
  let out: string;
  let bundle: RunBundle;
  beforeAll(async () => {
    out = join(tmp(), 'out');
    await runProject(resolve(import.meta.dirname, '../../examples/demo/demo.yaml'), { out, workers: 1 });
    bundle = await readRunDir(out);
  }, 120_000);

  const csv = (name: string): { h: (c: string) => number; rows: string[][] } => {
    const r = parseCsvSimple(readFileSync(join(out, `${name}.csv`), 'utf8').replace(/^\uFEFF/, '')).filter((x) => x.length > 1);
    return { h: (c) => r[0].indexOf(c), rows: r.slice(1) };
  };

  it('has the default tables the run supports, in order', () => {
    const captions = reportTables(bundle, 'en').map((t) => t.caption);
    expect(captions).toEqual([
      'Scores and ranks of the New quality productive forces index, 2023',
      'Indicator framework and weights',
      'Dagum Gini coefficient and its decomposition: New quality productive forces index',
      'Theil indices and coefficient of variation: New quality productive forces index',
      "Global Moran's I: New quality productive forces index",
      'σ convergence',
      'β convergence',
      "Sobol' sensitivity indices",
      'Uncertainty of the ranks of the New quality productive forces index, 2023',
    ]);
  });

  it('ranks the latest period by the analysed score, as ranks.csv has it; top N keeps the first N', () => {
    const r = csv('ranks');
    const latest = r.rows.filter((x) => x[r.h('period')] === '2023').sort((a, b) => Number(a[r.h('NQPF_rank')]) - Number(b[r.h('NQPF_rank')]));
    const t = reportTables(bundle, 'zh')[0];
    expect(t.caption).toBe('2023 年新质生产力指数得分与排名');
    expect(t.rows.length).toBe(31);
    t.rows.forEach((row, i) => {
      expect(row[0]).toBe(Number(latest[i][r.h('NQPF_rank')]));
      expect(row[1]).toBe(latest[i][r.h('unit')]);
      expect(row[3]).toBe(Number(latest[i][r.h('NQPF')]));
    });
    const top5 = reportTables(bundle, 'zh', { top: 5 })[0];
    expect(top5.rows.length).toBe(5);
    expect(top5.caption).toContain('前 5 位');
  });

  it('puts stars on Moran’s I and the β coefficients by their p-values in spatial_global.csv and convergence_beta.csv', async () => {
    const path = join(tmp(), 'tables.docx');
    await writeRunDocx(path, bundle, 'zh');
    const doc = await readDocx(path);
    const moran = doc.tables.find((t) => t.caption.includes("全局 Moran's I"))!;
    const g = csv('spatial_global');
    const mr = g.rows.filter((x) => x[g.h('statistic')] === 'moran');
    expect(moran.rows.length - 1).toBe(mr.length);
    let starred = 0;
    mr.forEach((x, i) => {
      const cell = moran.rows[i + 1][1].text;
      const p = Number(x[g.h('p_randomisation')]);
      expect(cell).toBe(Number(x[g.h('value')]).toFixed(4) + expectedStars(p));
      if (expectedStars(p)) starred++;
    });
    expect(starred).toBeGreaterThan(0);
    const beta = doc.tables.find((t) => t.caption.includes('β 收敛'))!;
    const b = csv('convergence_beta');
    b.rows.forEach((x, i) => {
      const est = Number(x[b.h('estimate')]);
      const p = Number(x[b.h('p')]);
      expect(beta.rows[i + 1][2].text).toBe(est.toFixed(4) + expectedStars(p));
    });
    expect(beta.after).toContain('注：***、**、* 分别表示在 1%、5%、10% 的水平上显著。');
  });

  it('writes tables.docx with the SYNTHETIC notice, provenance, the methods section and only three-line tables', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const path = join(tmp(), `tables-${lang}.docx`);
      await writeRunDocx(path, bundle, lang);
      const doc = await readDocx(path);
      const text = doc.paragraphs.join('\n');
      expect(text).toContain(String(bundle.run.notice));
      for (const i of bundle.run.inputs) expect(text).toContain(i.sha256);
      expect(text).toContain(`nqpf ${bundle.run.nqpf}`);
      expect(text).toContain(lang === 'zh' ? '本文采用熵权法确定指标权重' : 'Weights were determined by the entropy method');
      expect(text).toContain(lang === 'zh' ? '参考文献' : 'References');
      expect(text).toContain(lang === 'zh' ? 'SHANNON C E, 1948.' : 'Shannon, C. E. (1948).');
      expect(doc.tables.length).toBe(9);
      doc.tables.forEach((t, i) => {
        expect(t.caption.startsWith(lang === 'zh' ? `表 ${i + 1}  ` : `Table ${i + 1}. `), t.caption).toBe(true);
        expectThreeLine(t, `${lang} ${t.caption}`);
      });
    }
  });

  it('weights table: global weights as in weights.csv, direction marks from framework.csv', () => {
    const t = reportTables(bundle, 'en')[1];
    const w = csv('weights');
    const f = csv('framework');
    const body = w.rows.filter((x) => x[w.h('parent')] !== '');
    expect(t.rows.length).toBe(body.length);
    body.forEach((x, i) => {
      expect(t.rows[i][1]).toBe(x[w.h('node')]);
      expect(t.rows[i][5]).toBe(Number(x[w.h('global')]));
      const fr = f.rows.find((y) => y[f.h('code')] === x[w.h('node')])!;
      if (fr[f.h('type')] === 'indicator') expect(t.rows[i][3]).toBe(Number(fr[f.h('direction')]) < 0 ? '−' : '+');
      else expect(t.rows[i][3]).toBe('');
    });
  });
});
