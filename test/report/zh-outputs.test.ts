/**
 * A Chinese-language output scan (issue 12): the demo run under `outputs.language: zh` writes no
 * English word into what a Chinese reader sees as headings, headers and labels —
 *
 * - report.html: the server-rendered text (methods, provenance, the user's title and the bilingual
 *   SYNTHETIC notice left out), the payload's Chinese headings (table sections, captions, column
 *   headers, value labels, group and factor names, the i18n dictionary) and the Chinese text of
 *   every interactive chart (titles, legends, series, axes, legend pieces), drawn here with the
 *   chart layer as the page does;
 * - tables.docx: every table's caption, headers, cells and notes (the methods section, with its
 *   references, is left out);
 * - results.xlsx: every sheet's header row, the `about` sheet's keys and contents, and every text
 *   cell except the columns that hold codes, English twins or diagnostics by design (listed below).
 *
 * Words allowed: test/helpers/zh-scan.ts (symbols, method names and acronyms, cited authors, units)
 * and the run's own codes (framework codes, score codes, unit ids, table names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { VIEW_CHARTS, viewContext, type ViewState } from '../../src/report/charts/view/index.js';
import type { ReportPayload } from '../../src/report/html/index.js';
import { demoRun } from '../helpers/demo-run.js';
import { parseCsvSimple } from '../helpers/shared.js';
import { englishWords, scan } from '../helpers/zh-scan.js';

let out = '';
let codes: Set<string>;

const csv = (name: string): string[][] => parseCsvSimple(readFileSync(join(out, `${name}.csv`), 'utf8')).filter((r) => r.length > 1);

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');

beforeAll(async () => {
  out = await demoRun();
  codes = new Set<string>();
  for (const r of csv('framework').slice(1)) codes.add(r[0]);
  const ranks = csv('ranks');
  for (const h of ranks[0]) if (ranks[0].includes(`${h}_rank`)) codes.add(h);
  for (const r of ranks.slice(1)) codes.add(r[0]);
  // Values the spec gives robustness factors (method names such as minmax, entropy): the user's words.
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { spec: { robustness?: { factors?: { alternatives?: unknown[] }[] } } };
  const words = (v: unknown): void => {
    if (typeof v === 'string') codes.add(v);
    else if (Array.isArray(v)) v.forEach(words);
    else if (v && typeof v === 'object') Object.values(v).forEach(words);
  };
  for (const f of run.spec.robustness?.factors ?? []) words(f.alternatives);
}, 180_000);

describe('Chinese outputs of the demo (outputs.language: zh)', () => {
  it('the scan itself: flags English words, passes symbols, allowed names and codes', () => {
    expect(englishWords("区域 East 的 G_w 与 Moran's I、TOPSIS；nominal_rank", new Set())).toEqual(['East', 'nominal_rank']);
    expect(englishWords('HH 高-高 LH', new Set())).toEqual(['HH', 'LH']);
    expect(englishWords('NQPF_topsis 得分', new Set(['NQPF_topsis']))).toEqual([]);
  });

  it('report.html: server-rendered text, payload headings and labels, and the charts have no English word', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const payload = JSON.parse(/<script type="application\/json" id="nqpf-data">([\s\S]*?)<\/script>/.exec(html)![1]) as ReportPayload;
    const i18n = JSON.parse(/<script type="application\/json" id="nqpf-i18n">([\s\S]*?)<\/script>/.exec(html)![1]) as Record<
      string,
      { zh: string; en: string }
    >;
    expect(payload.lang).toBe('zh');
    const items: { where: string; text: string }[] = [];

    // Server-rendered text: no scripts or styles, no methods and provenance (references, file names,
    // hashes), no title (the user's) and no SYNTHETIC notice (bilingual on purpose).
    const page = html
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/<title>[\s\S]*?<\/title>/, '')
      .replace(/<header class="top">[\s\S]*?<\/header>/, '')
      .replace(/<div class="synthetic"[\s\S]*?<\/div>/, '')
      .replace(/<footer>[\s\S]*?<\/footer>/, '')
      .replace(/<section id="(methods|provenance)">[\s\S]*?<\/section>/g, '');
    // A map's source attribution (package, URL, licence) is a citation, left as written.
    for (const t of page.split(/<[^>]*>/)) if (t.trim() && !/https?:\/\//.test(t)) items.push({ where: 'report.html text', text: unescapeXml(t.trim()) });
    for (const m of page.matchAll(/data-zh="([^"]*)"/g)) items.push({ where: 'report.html data-zh', text: unescapeXml(m[1]) });

    // The payload's Chinese headings and labels.
    for (const s of payload.tableSections) {
      items.push({ where: `section ${s.key}`, text: s.title.zh });
      for (const t of s.tables) {
        items.push({ where: `caption ${t.name}`, text: t.caption.zh });
        for (const [k, c] of Object.entries(t.columns)) if (c.lang !== 'en') items.push({ where: `header ${t.name}.${k}`, text: c.zh });
        // The cells a Chinese reader sees: labelled where a label exists, English twins hidden.
        const T = payload.tables[t.name];
        T.h.forEach((h, j) => {
          const c = t.columns[h];
          if (c?.lang === 'en' || c?.ref) return;
          for (const r of T.r) {
            const v = r[j];
            if (typeof v === 'string' && v) items.push({ where: `cell ${t.name}.${h}`, text: payload.labels[t.name]?.[h]?.[v]?.zh ?? v });
          }
        });
      }
    }
    for (const [name, cols] of Object.entries(payload.labels))
      for (const [col, vals] of Object.entries(cols)) for (const [v, l] of Object.entries(vals)) items.push({ where: `label ${name}.${col}=${v}`, text: l.zh });
    for (const g of payload.groups) items.push({ where: `group ${g.id}`, text: g.zh });
    for (const [f, l] of Object.entries(payload.factorLabels ?? {})) items.push({ where: `factor ${f}`, text: l.zh });
    for (const [k, v] of Object.entries(i18n)) items.push({ where: `i18n ${k}`, text: v.zh });
    for (const [code, n] of Object.entries(payload.names)) items.push({ where: `name ${code}`, text: n.zh });

    // Every interactive chart, drawn in Chinese as the page draws it.
    const S: ViewState = { lang: 'zh', score: payload.main, p: payload.periods.length - 1, unit: payload.units[0].id, densGroup: 'all', cond: 'all' };
    const ctx = viewContext(payload, S, { labels: i18n, tipMode: 'richText' });
    const texts = (o: unknown, where: string): void => {
      const opt = o as Record<string, any>;
      const list = (x: unknown) => (Array.isArray(x) ? x : x ? [x] : []);
      for (const t of list(opt.title)) if (t?.text) items.push({ where: `${where} title`, text: String(t.text) });
      for (const l of list(opt.legend))
        for (const d of list(l?.data)) items.push({ where: `${where} legend`, text: String(typeof d === 'object' ? d.name : d) });
      for (const s of list(opt.series)) if (s?.name) items.push({ where: `${where} series`, text: String(s.name) });
      for (const a of [...list(opt.xAxis), ...list(opt.yAxis)]) {
        if (a?.name) items.push({ where: `${where} axis`, text: String(a.name) });
        if (a?.type === 'category') for (const d of list(a.data)) items.push({ where: `${where} category`, text: String(d) });
      }
      for (const v of list(opt.visualMap)) for (const p of list(v?.pieces)) if (p?.label) items.push({ where: `${where} legend piece`, text: String(p.label) });
    };
    let drawn = 0;
    for (const [name, f] of Object.entries(VIEW_CHARTS)) {
      const o = f(ctx);
      if (!o) continue;
      drawn++;
      texts(o, `chart ${name}`);
    }
    expect(drawn).toBeGreaterThan(20);
    expect(scan(items, codes)).toEqual([]);
  });

  it('tables.docx: captions, headers, cells and notes of every table have no English word', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'tables.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    const body = xml.slice(xml.indexOf('<w:body>'));
    const textOf = (x: string) => unescapeXml([...x.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    const blocks = [...body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const start = blocks.findIndex((b) => !b.startsWith('<w:tbl>') && textOf(b) === '结果表');
    expect(start).toBeGreaterThan(0);
    const items: { where: string; text: string }[] = [];
    let tables = 0;
    for (const b of blocks.slice(start + 1)) {
      if (b.startsWith('<w:tbl>')) {
        tables++;
        for (const tc of b.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)) items.push({ where: `table ${tables} cell`, text: textOf(tc[0]) });
      } else items.push({ where: `after table ${tables}`, text: textOf(b) });
    }
    expect(tables).toBeGreaterThan(15);
    expect(scan(items, codes)).toEqual([]);
  });

  /** Columns of results.xlsx that hold codes, English twins or diagnostics by design (by CSV key). */
  const XLSX_SKIP = new Set([
    'note', // diagnostics (labelled where nqpf knows the text; error messages stay as written)
    'detail',
    'nameEn', // English twins of Chinese columns
    'class_en',
    'direction_en',
    'method', // method names as the spec writes them (entropy, linear …)
    'quantity',
    'largest_changes', // unit names with signed shifts
    'source', // the framework's own text: where its data come from, its definitions
    'definition',
  ]);

  it('results.xlsx: headers, the about sheet and the label cells have no English word', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'results.xlsx'));
    const items: { where: string; text: string }[] = [];
    const sheetCodes = new Set([...codes, ...wb.worksheets.map((w) => w.name)]);
    for (const ws of wb.worksheets) {
      const head = ws.getRow(1);
      const keys: string[] = [];
      head.eachCell({ includeEmpty: true }, (c, j) => {
        keys[j] = c.note
          ? String(typeof c.note === 'string' ? c.note : (c.note as { texts?: { text: string }[] }).texts?.map((t) => t.text).join(''))
          : String(c.value);
        items.push({ where: `${ws.name} header ${j}`, text: String(c.value ?? '') });
      });
      ws.eachRow((row, i) => {
        if (i === 1) return;
        row.eachCell((c, j) => {
          if (typeof c.value !== 'string' || XLSX_SKIP.has(keys[j])) return;
          if (ws.name === 'about' && j === 2 && i <= 4) return; // version, title, seed values (the title is the user's)
          if (ws.name === 'about' && /sha256:/.test(c.value)) return; // input paths and hashes
          if (ws.name === 'about' && /SYNTHETIC/.test(c.value)) return; // the bilingual notice
          items.push({ where: `${ws.name}!${i}:${keys[j]}`, text: c.value });
        });
      });
    }
    expect(scan(items, sheetCodes)).toEqual([]);
  });
});
