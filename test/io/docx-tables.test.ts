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
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCell, reportTables, starsFor, writeDocxTables, writeRunDocx, type DocxTable } from '../../src/io/write/docx-tables.js';
import { readRunDir } from '../../src/io/read/run-dir.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { demoRun } from '../helpers/demo-run.js';
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
    // A column of reals shows its integers with the decimals too (2.0000, never "2" among 0.5000).
    expect(rows.map((r) => r[1].text)).toEqual(['-0.0214***', '0.5000**', '1.2500*', '0.1000', '2.0000', '0.3300**']);
    // p = 0.01 is not < 0.01: two stars
    expect(zh.tables[0].after).toContain('注：括号内为标准误。');
    expect(zh.tables[0].after).toContain('注：***、**、* 分别表示在 1%、5%、10% 的水平上显著。');
    expect(en.tables[0].after).toContain('Note: ***, ** and * denote significance at the 1%, 5% and 10% levels.');
    expect(zh.tables[1].after.some((s) => s.includes('***'))).toBe(false);
  });

  it('formats numbers: 4 decimals (integers too in a column of reals), counts as integers, p-values as <0.001 or 3 decimals, tiny values in exponent form, empty for missing', () => {
    const rows = zh.tables[0].rows.slice(1);
    // The stars' p column is a p-value column: <0.001 below 0.001, else three decimals.
    expect(rows.map((r) => r[3].text)).toEqual(['<0.001', '0.030', '0.070', '0.200', '', '0.010']);
    expect(formatCell(2.671128314005797e-8, 4, 'num')).toBe('2.67e-8');
    expect(formatCell(1, 4, 'num')).toBe('1.0000');
    expect(formatCell(32, 4, 'int')).toBe('32');
    expect(formatCell(0.0144, 4, 'p')).toBe('0.014');
    expect(formatCell(0.00099, 4, 'p')).toBe('<0.001');
    expect(formatCell(0.001, 4, 'p')).toBe('0.001');
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
    out = await demoRun();
    bundle = await readRunDir(out);
  }, 120_000);

  const csv = (name: string): { h: (c: string) => number; rows: string[][] } => {
    const r = parseCsvSimple(readFileSync(join(out, `${name}.csv`), 'utf8').replace(/^\uFEFF/, '')).filter((x) => x.length > 1);
    return { h: (c) => r[0].indexOf(c), rows: r.slice(1) };
  };

  it('has the default tables the run supports, in order', () => {
    const captions = reportTables(bundle, 'en').map((t) => t.caption);
    expect(captions).toEqual([
      'Descriptive statistics of the indicators, 2012–2023',
      'Scores and ranks of the New quality productive forces index, 2023',
      'Indicator framework and weights',
      'Dagum Gini coefficient and its decomposition: New quality productive forces index',
      'Within- and between-region Gini coefficients: New quality productive forces index',
      'Theil indices and coefficient of variation: New quality productive forces index',
      'Markov transition probabilities: New quality productive forces index',
      'Spatial Markov transition probabilities: New quality productive forces index',
      "Global Moran's I: New quality productive forces index",
      'LISA clusters: New quality productive forces index',
      'σ convergence',
      'β convergence',
      'Main obstacle indicators by unit, 2023',
      'Coupling coordination by unit, 2023',
      'Centre of gravity and standard deviational ellipse: New quality productive forces index',
      'Migration of the centre of gravity: New quality productive forces index',
      "Sobol' sensitivity indices",
      'Uncertainty of the ranks of the New quality productive forces index, 2023',
      'Descriptive statistics of the indicators by period',
    ]);
  });

  it('ranks the latest period by the analysed score, as ranks.csv has it; top N keeps the first N', () => {
    const r = csv('ranks');
    const latest = r.rows.filter((x) => x[r.h('period')] === '2023').sort((a, b) => Number(a[r.h('NQPF_rank')]) - Number(b[r.h('NQPF_rank')]));
    const t = reportTables(bundle, 'zh').find((x) => x.caption.includes('得分与排名'))!;
    expect(t.caption).toBe('2023 年新质生产力指数得分与排名');
    expect(t.rows.length).toBe(31);
    t.rows.forEach((row, i) => {
      expect(row[0]).toBe(Number(latest[i][r.h('NQPF_rank')]));
      expect(row[1]).toBe(latest[i][r.h('unit')]);
      expect(row[3]).toBe(Number(latest[i][r.h('NQPF')]));
    });
    const top5 = reportTables(bundle, 'zh', { top: 5 }).find((x) => x.caption.includes('得分与排名'))!;
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
      expect(doc.tables.length).toBe(19);
      doc.tables.forEach((t, i) => {
        expect(t.caption.startsWith(lang === 'zh' ? `表 ${i + 1}  ` : `Table ${i + 1}. `), t.caption).toBe(true);
        expectThreeLine(t, `${lang} ${t.caption}`);
      });
    }
  });

  it('weights table: global weights as in weights.csv, direction marks from framework.csv', () => {
    const t = reportTables(bundle, 'en').find((x) => x.caption === 'Indicator framework and weights')!;
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

  // ---------------------------------------------------------------- the paper tables, from tables.docx (zh)

  let doc: Awaited<ReturnType<typeof readDocx>>;
  /** A table of the Chinese tables.docx by a caption fragment (fails when absent or ambiguous). */
  const tableOf = (fragment: string): ParsedTable => {
    const found = doc.tables.filter((t) => t.caption.includes(fragment));
    expect(found.length, `one table captioned "…${fragment}…"`).toBe(1);
    return found[0];
  };
  const texts = (t: ParsedTable): string[][] => t.rows.map((r) => r.map((c) => c.text));
  const f4 = (x: string | number): string => Number(x).toFixed(4);
  const names = (): Map<string, string> => {
    const f = csv('framework');
    return new Map(f.rows.map((r) => [r[f.h('code')], r[f.h('nameZh')]]));
  };

  /** The Chinese tables.docx of the run, written once. */
  const zhDoc = async (): Promise<void> => {
    if (doc) return;
    const path = join(tmp(), 'tables-zh.docx');
    await writeRunDocx(path, bundle, 'zh');
    doc = await readDocx(path);
  };

  it('descriptive statistics: N, mean, sd (n − 1), min, max of every indicator, pooled and per period, equal an independent computation over data_denominated.csv', async () => {
    await zhDoc();
    // Independent: plain JS over the CSV (missing = empty cell); sd is the sample sd, denominator n − 1.
    const data = csv('data_denominated');
    const stats = (xs: number[]) => {
      const n = xs.length;
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      return { n, mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
    };
    const values = (code: string, period?: string) =>
      data.rows
        .filter((r) => period === undefined || r[data.h('period')] === period)
        .map((r) => r[data.h(code)])
        .filter((v) => v !== '')
        .map(Number);
    const fw = csv('framework');
    const indicators = fw.rows.filter((r) => r[fw.h('type')] === 'indicator').map((r) => r[fw.h('code')]);
    const periods = [...new Set(data.rows.map((r) => r[data.h('period')]))];
    // descriptives.csv, at full precision
    const d = csv('descriptives');
    expect(d.rows.length).toBe(indicators.length * (periods.length + 1));
    for (const code of indicators)
      for (const p of [undefined, ...periods]) {
        const want = stats(values(code, p));
        const row = d.rows.find((r) => r[d.h('indicator')] === code && r[d.h('period')] === (p ?? 'pooled'))!;
        expect(row, `${code} ${p ?? 'pooled'}`).toBeDefined();
        expect(Number(row[d.h('n')])).toBe(want.n);
        for (const k of ['mean', 'sd', 'min', 'max'] as const) {
          const got = Number(row[d.h(k)]);
          expect(Math.abs(got - want[k]) <= 1e-9 * Math.max(1, Math.abs(want[k])), `${code} ${p ?? 'pooled'} ${k}: ${got} vs ${want[k]}`).toBe(true);
        }
      }
    // Table 1 of tables.docx: the pooled statistics, names in Chinese, 4 decimals, N as an integer
    const t = tableOf('指标描述性统计（');
    expect(t.caption).toBe(`表 1  指标描述性统计（${periods[0]}—${periods[periods.length - 1]} 年）`);
    expect(texts(t)[0]).toEqual(['指标', '计量单位', '观测数', '均值', '标准差', '最小值', '最大值']);
    const nm = names();
    indicators.forEach((code, i) => {
      const want = stats(values(code));
      const row = texts(t)[i + 1];
      expect(row[0]).toBe(nm.get(code));
      expect(row.slice(2)).toEqual([String(want.n), f4(want.mean), f4(want.sd), f4(want.min), f4(want.max)]);
    });
    expect(t.after.join('')).toContain('分母为 n − 1');
    // and per period, at the end
    const tp = tableOf('分时期的指标描述性统计');
    expect(texts(tp)[0]).toEqual(['指标', '时期', '观测数', '均值', '标准差', '最小值', '最大值']);
    expect(tp.rows.length - 1).toBe(indicators.length * periods.length);
    const second = texts(tp)[2];
    const want = stats(values(indicators[0], periods[1]));
    expect(second).toEqual(['', periods[1], String(want.n), f4(want.mean), f4(want.sd), f4(want.min), f4(want.max)]);
  });

  it("Markov transition matrix: n per row and the probabilities of markov_transitions.csv, then the ergodic row; the spatial chain per neighbours' class", async () => {
    await zhDoc();
    const m = csv('markov_transitions');
    const t = tableOf('传统马尔可夫转移概率矩阵');
    expect(texts(t)[0]).toEqual(['t 期类型', '转出数 n', 't+1 期类型 1', 't+1 期类型 2', 't+1 期类型 3', 't+1 期类型 4']);
    for (let i = 1; i <= 4; i++) {
      const rows = m.rows.filter((r) => r[m.h('condition')] === 'all' && r[m.h('from_class')] === String(i));
      expect(texts(t)[i]).toEqual([
        `类型 ${i}`,
        rows[0][m.h('from_total')],
        ...[1, 2, 3, 4].map((j) => f4(rows.find((r) => r[m.h('to_class')] === String(j))![m.h('probability')])),
      ]);
    }
    const s = tableOf('空间马尔可夫转移概率矩阵');
    expect(texts(s)[0][0]).toBe('邻域类型');
    const lag2 = m.rows.filter((r) => r[m.h('condition')] === 'lag class 2' && r[m.h('from_class')] === '1');
    const row = texts(s).find((r) => r[0] === '邻域类型 2')!;
    expect(row.slice(1)).toEqual([
      '类型 1',
      lag2[0][m.h('from_total')],
      ...[1, 2, 3, 4].map((j) => {
        const p = lag2.find((r) => r[m.h('to_class')] === String(j))![m.h('probability')];
        return p === '' ? '' : f4(p);
      }),
    ]);
  });

  it('Dagum within-region and between-region Gini per period, with the contribution shares, as dagum_groups.csv and inequality.csv; region names in Chinese', async () => {
    await zhDoc();
    const g = csv('dagum_groups');
    const q = csv('inequality');
    const t = tableOf('区域内与区域间差异');
    const head = texts(t)[0];
    expect(head.slice(0, 5)).toEqual(['时期', '区域内 东部', '区域内 中部', '区域内 西部', '区域内 东北']);
    expect(head.slice(-3)).toEqual(['G_w 贡献率', 'G_nb 贡献率', 'G_t 贡献率']);
    const REG: Record<string, string> = { East: '东部', Central: '中部', West: '西部', Northeast: '东北' };
    texts(t)
      .slice(1)
      .forEach((row) => {
        const p = row[0];
        for (const r of g.rows.filter((x) => x[g.h('period')] === p)) {
          const [a, b] = [REG[r[g.h('group_j')]], REG[r[g.h('group_h')]]];
          const col = r[g.h('kind')] === 'within' ? head.indexOf(`区域内 ${a}`) : head.indexOf(`区域间 ${a}—${b}`);
          expect(col, `${p} ${a} ${b}`).toBeGreaterThan(0);
          expect(row[col]).toBe(f4(r[g.h('G_jh')]));
        }
        const ir = q.rows.find((x) => x[q.h('period')] === p)!;
        expect(row.slice(-3)).toEqual(['share_Gw', 'share_Gnb', 'share_Gt'].map((k) => f4(ir[q.h(k)])));
      });
  });

  it('coupling C, T, D and class by unit in the latest period, ordered by D, as coupling.csv', async () => {
    await zhDoc();
    const c = csv('coupling');
    const t = tableOf('各单元耦合协调度');
    expect(texts(t)[0]).toEqual(['单元', '新型劳动者', '新型劳动资料', '新型劳动对象', '耦合度 C', '综合协调指数 T', '耦合协调度 D', '协调类型']);
    const latest = c.rows.filter((r) => r[c.h('period')] === '2023').sort((a, b) => Number(b[c.h('D')]) - Number(a[c.h('D')]));
    expect(t.rows.length - 1).toBe(latest.length);
    latest.forEach((r, i) => {
      const row = texts(t)[i + 1];
      expect(row).toEqual([r[c.h('unit')], ...['Labourers', 'MeansOfLabour', 'ObjectsOfLabour', 'C', 'T', 'D'].map((k) => f4(r[c.h(k)])), r[c.h('class_zh')]]);
    });
  });

  it('top obstacle factors by unit in the latest period: names and degrees of obstacle_top.csv', async () => {
    await zhDoc();
    const o = csv('obstacle_top');
    const nm = names();
    const t = tableOf('各单元的主要障碍因子');
    expect(texts(t)[0]).toEqual(['单元', '第 1 障碍因子', '障碍度 1', '第 2 障碍因子', '障碍度 2', '第 3 障碍因子', '障碍度 3']);
    for (const row of texts(t).slice(1)) {
      const mine = o.rows.filter((r) => r[o.h('unit')] === row[0] && r[o.h('period')] === '2023');
      expect(mine.length).toBe(3);
      for (const r of mine) {
        const k = Number(r[o.h('rank')]);
        expect(row[2 * k - 1]).toBe(nm.get(r[o.h('indicator')]));
        expect(row[2 * k]).toBe(f4(r[o.h('obstacle')]));
      }
    }
  });

  it('LISA cluster membership per period: the units of each significant cluster in spatial_local.csv, clusters named 高-高 …', async () => {
    await zhDoc();
    const l = csv('spatial_local');
    const t = tableOf('LISA 集聚类型');
    expect(texts(t)[0]).toEqual(['时期', '高-高', '低-高', '低-低', '高-低']);
    let listed = 0;
    for (const row of texts(t).slice(1)) {
      ['HH', 'LH', 'LL', 'HL'].forEach((k, j) => {
        const units = l.rows.filter((r) => r[l.h('period')] === row[0] && r[l.h('cluster')] === k).map((r) => r[l.h('unit')]);
        expect(row[j + 1], `${row[0]} ${k}`).toBe(units.length ? units.join('、') : '—');
        listed += units.length;
      });
    }
    expect(listed).toBeGreaterThan(0);
  });

  it('β convergence with every statistic of convergence_beta.csv: coefficient with stars, SE, t, p as <0.001, n, df, R², λ, half-life; terms and models in Chinese', async () => {
    await zhDoc();
    const b = csv('convergence_beta');
    const t = tableOf('β 收敛检验');
    expect(texts(t)[0]).toEqual(['模型', '变量', '系数', '标准误', 't', 'p', '观测数', '自由度', 'R²', '收敛速度 λ', '半衰期']);
    const MODEL: Record<string, string> = { absolute: '绝对 β 收敛', panel_fe: '面板固定效应 β 收敛' };
    const TERM: Record<string, string> = { '(Intercept)': '常数项', ln_x0: 'ln y_i0', ln_x_lag: 'ln y_i,t−1' };
    const p3 = (p: string) => (Number(p) < 0.001 ? '<0.001' : Number(p).toFixed(3));
    b.rows.forEach((r, i) => {
      const opt = (k: string, d = 4) => (r[b.h(k)] === '' ? '' : Number(r[b.h(k)]).toFixed(d));
      expect(texts(t)[i + 1]).toEqual([
        MODEL[r[b.h('model')]],
        TERM[r[b.h('term')]],
        f4(r[b.h('estimate')]) + expectedStars(Number(r[b.h('p')])),
        f4(r[b.h('se')]),
        f4(r[b.h('t')]),
        p3(r[b.h('p')]),
        r[b.h('n')],
        r[b.h('df')],
        f4(r[b.h('r2')]),
        opt('speed'),
        opt('half_life', 2),
      ]);
    });
    expect(t.after.join('')).toContain('半衰期 ln 2/λ');
  });
});
